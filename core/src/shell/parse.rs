//! Runs brush-parser 0.4.0 on one text: tokenizes it, checks the nesting that its parser
//! handles by recursion and backtracking, repairs two token patterns, and parses.

use std::sync::Arc;

use brush_parser::ast::Program;
use brush_parser::{ParseError, Parser, ParserOptions, SourceSpan, Token, TokenizerError};

use super::scan::{self, ScanError, Scanner};

/// The deepest nesting of `$(`, `${`, `$((` and `$[` that is analysed. brush's tokenizer
/// follows these by recursion; in a debug build it overflows a 1 MiB stack at about 80 levels.
pub(super) const MAX_SUBSTITUTION_DEPTH: usize = 16;

/// The deepest nesting of compound commands (`( )`, `{ }`, `if`, `case`, loops) plus command
/// substitutions that is analysed. brush's parser recurses for each level and, in a debug
/// build, overflows a 1 MiB stack at about 50 levels of `if` (about 20 KiB per level).
pub(super) const MAX_NESTING: usize = 32;

/// The deepest nesting of parentheses and `case` commands that is analysed. brush's parser
/// backtracks over each such level, so its time can double per level. Measured with a
/// release build on one core: 24 nested `( … ; )` took 0.11 s, and each further level doubled
/// that.
const MAX_BACKTRACKING_NESTING: usize = 10;

/// A text that could not be analysed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Failure {
    pub message: String,
    pub at: Position,
    /// True for a syntax error, false for input beyond a nesting limit.
    pub syntax: bool,
}

/// A position in the parsed text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Position {
    /// A character index, as brush counts positions.
    Char(usize),
    /// A byte offset.
    Byte(usize),
    /// The end of the text.
    End,
}

/// Parses `text` as a shell program. `enclosing` is the nesting already open around it, for
/// the text of a command substitution.
pub(super) fn parse(text: &str, enclosing: usize) -> Result<Program, Failure> {
    let options = ParserOptions::default();
    check_substitution_depth(text)?;
    if let Some(at) = scan::empty_heredoc_delimiter(text) {
        return Err(Failure {
            message: "here-documents with an empty delimiter are not analysed".to_owned(),
            at: Position::Byte(at),
            syntax: false,
        });
    }

    // brush-parser 0.4.0 panics on some unterminated constructs around here-documents, so
    // those are reported without calling it.
    if text.contains("<<")
        && let Some(at) = unterminated_construct(text)
    {
        return Err(Failure {
            message: "unterminated quote, substitution or here-document".to_owned(),
            at: Position::Byte(at),
            syntax: true,
        });
    }

    // brush-parser 0.4.0 loops forever, allocating, when the text ends on the line of a
    // here-document whose delimiter is empty, as in `cat <<'' ` or `$(cat <<  `. Ending the
    // text with newlines avoids that state; two, because a trailing backslash takes one.
    let padded;
    let text = if text.contains("<<") {
        padded = format!("{text}\n\n");
        padded.as_str()
    } else {
        text
    };

    let tokenized =
        guard_panic(|| brush_parser::uncached_tokenize_str(text, &options.tokenizer_options()))?;
    let Ok(mut tokens) = tokenized else {
        return Err(tokenizer_failure(text, &options));
    };
    check_nesting(&tokens, enclosing)?;
    repair_io_numbers(&mut tokens);
    separate_spaced_parentheses(&mut tokens);

    guard_panic(|| brush_parser::parse_tokens(&tokens, &options))?.map_err(|error| match error {
        ParseError::ParsingNear(position) => {
            let near = tokens
                .iter()
                .find(|token| token.location().start.index == position.index)
                .map_or("", Token::to_str);
            let near = if near == "\n" { "newline" } else { near };
            Failure {
                message: format!("syntax error near `{near}`"),
                at: Position::Char(position.index),
                syntax: true,
            }
        }
        ParseError::ParsingAtEndOfInput => Failure {
            message: "syntax error: unexpected end of script".to_owned(),
            at: Position::End,
            syntax: true,
        },
        ParseError::Tokenizing { .. } => tokenizer_failure(text, &options),
    })
}

/// Runs a call into brush-parser and turns a panic into a failure.
///
/// brush-parser 0.4.0 unwraps in places that input can reach. One is a file descriptor number
/// that does not fit in an `i32`, which `repair_io_numbers` avoids. Others are malformed
/// here-documents inside `$(…)` and `${…}`, which random inputs still reach after the checks
/// in `parse`. The default panic hook still prints the panic to stderr.
fn guard_panic<T>(call: impl FnOnce() -> T) -> Result<T, Failure> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(call)).map_err(|_| Failure {
        message: "the shell parser failed on this script".to_owned(),
        at: Position::Byte(0),
        syntax: false,
    })
}

/// Rejects text whose substitutions nest deeper than brush's tokenizer can follow safely.
fn check_substitution_depth(text: &str) -> Result<(), Failure> {
    // Nesting cannot exceed the number of openers, and counting them is cheaper than a scan.
    let openers = text
        .as_bytes()
        .windows(2)
        .filter(|pair| pair[0] == b'$' && matches!(pair[1], b'(' | b'{' | b'['))
        .count();
    if openers <= MAX_SUBSTITUTION_DEPTH {
        return Ok(());
    }

    match Scanner::new(text.as_bytes(), MAX_SUBSTITUTION_DEPTH).check_depth() {
        Err(ScanError::TooDeep(at)) => Err(Failure {
            message: format!(
                "substitutions nested deeper than {MAX_SUBSTITUTION_DEPTH} levels are not analysed"
            ),
            at: Position::Byte(at),
            syntax: false,
        }),
        _ => Ok(()),
    }
}

/// Describes a tokenizer error. The tokenizer is run again through `Parser`, which adds the
/// position that `uncached_tokenize_str` drops.
fn tokenizer_failure(text: &str, options: &ParserOptions) -> Failure {
    let error = guard_panic(|| Parser::new(text.as_bytes(), options).parse_program())
        .ok()
        .and_then(Result::err);
    let (inner, position) = match error {
        Some(ParseError::Tokenizing { inner, position }) => (Some(inner), position),
        _ => (None, None),
    };
    let fallback = position.map_or(Position::End, |position| Position::Char(position.index));
    let unterminated = unterminated_construct(text).map_or(fallback, Position::Byte);

    let (message, at) = match inner {
        Some(TokenizerError::UnterminatedSingleQuote(start)) => (
            "unterminated single quote".to_owned(),
            Position::Char(start.index),
        ),
        Some(TokenizerError::UnterminatedDoubleQuote(start)) => (
            "unterminated double quote".to_owned(),
            Position::Char(start.index),
        ),
        Some(TokenizerError::UnterminatedAnsiCQuote(start)) => (
            "unterminated `$'` string".to_owned(),
            Position::Char(start.index),
        ),
        Some(TokenizerError::UnterminatedBackquote(start)) => (
            "unterminated backquote".to_owned(),
            Position::Char(start.index),
        ),
        Some(TokenizerError::UnterminatedExtendedGlob(start)) => (
            "unterminated extended glob pattern".to_owned(),
            Position::Char(start.index),
        ),
        Some(TokenizerError::UnterminatedEscapeSequence) => {
            ("backslash at the end of the script".to_owned(), fallback)
        }
        Some(
            TokenizerError::UnterminatedCommandSubstitution | TokenizerError::UnterminatedExpansion,
        ) => ("unterminated `$(` or `$((`".to_owned(), unterminated),
        Some(TokenizerError::UnterminatedVariable) => {
            ("unterminated `${`".to_owned(), unterminated)
        }
        Some(TokenizerError::UnterminatedHereDocuments(tags, _)) => (
            format!("here-document delimiter `{tags}` not found"),
            unterminated,
        ),
        Some(TokenizerError::MissingHereTag(_) | TokenizerError::MissingHereTagForDocumentBody) => {
            (
                "here-document operator without a delimiter".to_owned(),
                fallback,
            )
        }
        Some(other) => (other.to_string(), fallback),
        None => ("syntax error".to_owned(), fallback),
    };
    Failure {
        message,
        at,
        syntax: true,
    }
}

/// Returns where the first construct without an end starts, as this module's scanner reads
/// the text.
fn unterminated_construct(text: &str) -> Option<usize> {
    let mut scanner = Scanner::new(text.as_bytes(), MAX_SUBSTITUTION_DEPTH);
    match scanner.check_unterminated() {
        Err(ScanError::Unterminated(at)) => Some(at),
        _ => None,
    }
}

/// An opener whose body brush parses by recursion.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Opener {
    Parenthesis,
    Brace,
    If,
    Case,
    Loop,
}

/// Rejects tokens whose compound commands nest deeper than `MAX_NESTING` (counting
/// `enclosing`) or whose parentheses and case commands nest deeper than
/// `MAX_BACKTRACKING_NESTING`.
///
/// Keywords count only in command position, and a closer pops only its own opener, so the
/// count errs towards more nesting, never less.
fn check_nesting(tokens: &[Token], enclosing: usize) -> Result<(), Failure> {
    let mut open: Vec<Opener> = Vec::new();
    let mut backtracking = 0usize;
    let mut command_position = true;
    let mut redirect_target = false;

    for token in tokens {
        match token {
            Token::Operator(operator, _) => {
                match operator.as_str() {
                    "(" => open.push(Opener::Parenthesis),
                    ")" if open.last() == Some(&Opener::Parenthesis) => {
                        open.pop();
                    }
                    _ => {}
                }
                redirect_target = operator.starts_with(['<', '>']) || operator.starts_with("&>");
                if !redirect_target {
                    command_position = true;
                }
            }
            Token::Word(word, _) => {
                if redirect_target {
                    redirect_target = false;
                    continue;
                }
                if command_position {
                    let (opens, closes) = match word.as_str() {
                        "{" => (Some(Opener::Brace), None),
                        "if" => (Some(Opener::If), None),
                        "case" => (Some(Opener::Case), None),
                        "for" | "while" | "until" | "select" => (Some(Opener::Loop), None),
                        "}" => (None, Some(Opener::Brace)),
                        "fi" => (None, Some(Opener::If)),
                        "esac" => (None, Some(Opener::Case)),
                        "done" => (None, Some(Opener::Loop)),
                        _ => (None, None),
                    };
                    if let Some(opener) = opens {
                        open.push(opener);
                    }
                    if closes.is_some() && open.last().copied() == closes {
                        open.pop();
                    }
                }
                command_position = matches!(
                    word.as_str(),
                    "then"
                        | "do"
                        | "else"
                        | "elif"
                        | "if"
                        | "while"
                        | "until"
                        | "{"
                        | "}"
                        | "!"
                        | "time"
                );
            }
        }

        if enclosing + open.len() > MAX_NESTING {
            return Err(Failure {
                message: format!(
                    "commands nested deeper than {MAX_NESTING} levels are not analysed"
                ),
                at: Position::Char(token.location().start.index),
                syntax: false,
            });
        }
        if matches!(token, Token::Operator(operator, _) if operator == "(")
            || matches!(token, Token::Word(word, _) if word == "case")
        {
            backtracking = open
                .iter()
                .filter(|opener| matches!(opener, Opener::Parenthesis | Opener::Case))
                .count();
        }
        if backtracking > MAX_BACKTRACKING_NESTING {
            return Err(Failure {
                message: format!(
                    "parentheses and case commands nested deeper than {MAX_BACKTRACKING_NESTING} levels are not analysed"
                ),
                at: Position::Char(token.location().start.index),
                syntax: false,
            });
        }
    }
    Ok(())
}

/// Hides file descriptor numbers that do not fit in an `i32`, as in `99999999999>file`.
///
/// brush-parser 0.4.0 unwraps the conversion and panics. bash reads such a number as an
/// ordinary word followed by a redirect, and the word no longer being all digits gives brush
/// the same reading. Words are later read from the text, so the changed token is not seen.
fn repair_io_numbers(tokens: &mut [Token]) {
    for index in 0..tokens.len().saturating_sub(1) {
        let (head, tail) = tokens.split_at_mut(index + 1);
        let (Token::Word(word, word_span), Token::Operator(operator, operator_span)) =
            (&mut head[index], &tail[0])
        else {
            continue;
        };
        let is_io_number = !word.is_empty()
            && word.bytes().all(|byte| byte.is_ascii_digit())
            && operator.starts_with(['<', '>'])
            && word_span.end.index == operator_span.start.index;
        if is_io_number && word.parse::<i32>().is_err() {
            word.replace_range(0..1, "_");
        }
    }
}

/// Puts a newline token between two `(` tokens that have blanks between them.
///
/// brush-parser 0.4.0 reads `( (` like `((`, so `( (cd a && make) )` becomes an arithmetic
/// command, and it tries that reading again at every level of `( ( … ; ) )`, which takes time
/// exponential in the depth. bash reads `( (` as two subshells, and a newline after `(` is
/// allowed, so the inserted token gives brush that reading.
fn separate_spaced_parentheses(tokens: &mut Vec<Token>) {
    let is_open = |token: &Token| matches!(token, Token::Operator(operator, _) if operator == "(");
    let needs_separator = |tokens: &[Token], index: usize| {
        let (first, second) = (&tokens[index], &tokens[index + 1]);
        let spaced = first.location().end.index != second.location().start.index;
        // The second `(` of an arithmetic `((` keeps its reading.
        let completes_arithmetic = index > 0
            && is_open(&tokens[index - 1])
            && tokens[index - 1].location().end.index == first.location().start.index;
        is_open(first) && is_open(second) && spaced && !completes_arithmetic
    };

    let positions: Vec<usize> = (0..tokens.len().saturating_sub(1))
        .filter(|&index| needs_separator(tokens, index))
        .collect();
    for &index in positions.iter().rev() {
        let at = tokens[index + 1].location().start.clone();
        let newline = Token::Operator(
            "\n".to_owned(),
            SourceSpan {
                start: Arc::clone(&at),
                end: at,
            },
        );
        tokens.insert(index + 1, newline);
    }
}

/// Converts a position to a byte offset in `text`, given the byte offset of each character
/// when the text is not ASCII.
pub(super) fn byte_offset(position: Position, text: &str, char_offsets: Option<&[usize]>) -> usize {
    match position {
        Position::Byte(at) => at.min(text.len()),
        Position::End => text.len(),
        Position::Char(index) => match char_offsets {
            Some(offsets) => offsets[index.min(offsets.len() - 1)],
            None => index.min(text.len()),
        },
    }
}
