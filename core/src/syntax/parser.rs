//! The line-level parser: BuildKit's `parser.Parse` with byte ranges kept for every piece.
//!
//! BuildKit reads a Dockerfile line by line. Parser directives are read only at the top. An
//! instruction's physical lines are joined into one logical line by removing the escape
//! character at their ends. Comment lines inside the continuation are dropped, and blank ones
//! are dropped with a warning. The logical line is split into keyword, builder flags and
//! arguments, and heredoc bodies are read from the lines that follow it.
//!
//! Unlike BuildKit, which stops at the first error, this parser reports an error and carries on
//! with the next instruction.

use super::arguments::{self, ParseError};
use super::ast::*;
use super::directives::DirectiveParser;
use super::heredoc;
use super::validate;
use crate::diagnostic::Diagnostic;
use crate::rules::syntax_rules;
use crate::source::{LineIndex, Span};

/// BuildKit reads lines with Go's `bufio.Scanner`, whose token limit is 64 KiB including the
/// line feed.
pub const MAX_LINE_LENGTH: usize = 64 * 1024 - 1;

/// Parses Dockerfile bytes. Returns a syntax tree for any input: problems, invalid UTF-8
/// included, become diagnostics in the result.
pub fn parse(source: &[u8]) -> Dockerfile {
    let (text, encoding_error) = decode(source);
    let mut parser = Parser::new(&text);
    if let Some(diagnostic) = encoding_error {
        parser.diagnostics.push(diagnostic);
    }
    parser.run();

    let Parser {
        directives,
        instructions,
        comments,
        mut diagnostics,
        escape,
        ..
    } = parser;
    for instruction in &instructions {
        validate::instruction(instruction, &mut diagnostics);
    }
    if instructions.is_empty() {
        diagnostics.push(syntax_rules::InvalidSyntax::META.diagnostic(
            Span::empty(text.len()),
            "the Dockerfile has no instructions",
        ));
    }
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));

    let line_index = LineIndex::new(&text);
    Dockerfile {
        text,
        line_index,
        directives,
        instructions,
        comments,
        diagnostics,
        escape,
    }
}

/// Decodes UTF-8, replacing invalid sequences with U+FFFD and reporting the first one.
fn decode(source: &[u8]) -> (String, Option<Diagnostic>) {
    match std::str::from_utf8(source) {
        Ok(text) => (text.to_string(), None),
        Err(error) => {
            let offset = error.valid_up_to();
            let text = String::from_utf8_lossy(source).into_owned();
            // Only the bytes of the invalid sequence, all the rest when the file ends inside one.
            let length = error.error_len().unwrap_or(source.len() - offset);
            let invalid = source[offset..offset + length]
                .iter()
                .take(4)
                .map(|byte| format!("{byte:#04x}"))
                .collect::<Vec<_>>()
                .join(" ");
            let diagnostic = syntax_rules::InvalidEncoding::META.diagnostic(
                Span::new(offset, (offset + 1).min(text.len())),
                format!(
                    "the file is not valid UTF-8: invalid byte sequence {invalid} at byte \
                     {offset}; invalid sequences were read as U+FFFD"
                ),
            );
            (text, Some(diagnostic))
        }
    }
}

/// One physical line: `start..end` is its content without the line ending, `next` is where
/// the following line starts.
#[derive(Clone, Copy, Debug)]
struct PhysicalLine {
    start: usize,
    end: usize,
    next: usize,
}

fn physical_lines(text: &str) -> Vec<PhysicalLine> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        let newline = bytes[start..].iter().position(|&byte| byte == b'\n');
        let (raw_end, next) = match newline {
            Some(index) => (start + index, start + index + 1),
            None => (bytes.len(), bytes.len()),
        };
        // Go's bytes.TrimRight(line, "\r\n") drops every trailing carriage return.
        let mut end = raw_end;
        while end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        lines.push(PhysicalLine { start, end, next });
        start = next;
    }
    lines
}

struct Parser<'a> {
    text: &'a str,
    lines: Vec<PhysicalLine>,
    next_line: usize,
    escape: char,
    directive_parser: DirectiveParser,
    directives: Vec<ParserDirective>,
    instructions: Vec<Instruction>,
    comments: Vec<Comment>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Parser {
            text,
            lines: physical_lines(text),
            next_line: 0,
            escape: '\\',
            directive_parser: DirectiveParser::default(),
            directives: Vec::new(),
            instructions: Vec::new(),
            comments: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    fn run(&mut self) {
        let mut comments_above: Vec<String> = Vec::new();
        while let Some(line) = self.take_line() {
            let start_line = self.next_line as u32;
            let mut start = line.start;
            if start_line == 1 && self.text[start..].starts_with('\u{feff}') {
                start += '\u{feff}'.len_utf8();
            }
            let raw = &self.text[start..line.end];

            if is_comment(raw) {
                // BuildKit drops the first byte of the untrimmed line, not the `#`, and then
                // trims. The comment text of an indented comment therefore keeps its `#`.
                let after_first = raw
                    .char_indices()
                    .nth(1)
                    .map_or("", |(index, _)| &raw[index..]);
                let text = after_first.trim();
                if text.is_empty() {
                    comments_above.clear();
                } else {
                    comments_above.push(text.to_string());
                }
            }

            let token_start = start + (raw.len() - raw.trim_start().len());
            let token = &self.text[token_start..line.end];
            let token_span = Span::new(token_start, line.end);
            match self.directive_parser.parse_line(token) {
                Ok(Some(directive)) => {
                    comments_above.pop();
                    if directive.name == "escape" {
                        self.escape = directive.value.chars().next().unwrap_or('\\');
                    }
                    self.directives.push(ParserDirective {
                        name: directive.name,
                        value: directive.value,
                        span: token_span,
                    });
                    continue;
                }
                Ok(None) => {}
                Err(message) => {
                    self.diagnostics
                        .push(syntax_rules::InvalidSyntax::META.diagnostic(token_span, message));
                    continue;
                }
            }
            if is_comment(token) {
                self.comments.push(Comment {
                    text: token[1..].trim().to_string(),
                    span: token_span,
                });
                continue;
            }

            let (kept, end_of_line) = trim_continuation(token, self.escape);
            if end_of_line && kept.is_empty() {
                continue;
            }
            let mut logical = LogicalLine::default();
            push_piece(&mut logical, token_start, kept);
            self.read_continuation(&mut logical, end_of_line);

            self.finish_instruction(logical, start_line, &comments_above);
            comments_above.clear();
        }
    }

    fn take_line(&mut self) -> Option<PhysicalLine> {
        let line = self.lines.get(self.next_line).copied()?;
        self.next_line += 1;
        let length = line.end - line.start;
        if length > MAX_LINE_LENGTH {
            self.diagnostics
                .push(syntax_rules::InvalidSyntax::META.diagnostic(
                    Span::new(line.start, line.start + 1),
                    format!(
                        "line {} is {length} bytes long, more than the {MAX_LINE_LENGTH} bytes \
                     BuildKit accepts",
                        self.next_line
                    ),
                ));
        }
        Some(line)
    }

    /// Appends continuation lines to `logical` until a line does not end with the escape.
    fn read_continuation(&mut self, logical: &mut LogicalLine, mut end_of_line: bool) {
        let mut empty_lines = Vec::new();
        let mut pending_empty = Vec::new();
        while !end_of_line {
            let Some(line) = self.take_line() else { break };
            let raw = &self.text[line.start..line.end];
            if is_comment(raw) {
                let trimmed = raw.trim_start();
                let offset = line.start + raw.len() - trimmed.len();
                self.comments.push(Comment {
                    text: trimmed[1..].trim().to_string(),
                    span: Span::new(offset, line.end),
                });
                continue;
            }
            if raw.trim_start().is_empty() {
                pending_empty.push(Span::new(line.start, line.end));
                continue;
            }
            // Blank lines count as empty continuation lines only when the instruction goes on
            // after them, because trailing blank lines at the end of the file belong to none.
            empty_lines.append(&mut pending_empty);
            if let Some(keyword) = starts_with_instruction(raw) {
                self.diagnostics
                    .push(syntax_rules::ContinuationSwallowsInstruction::META.diagnostic(
                        Span::new(line.start, line.start + keyword.len()),
                        format!(
                            "this line continues the previous instruction, so `{keyword}` here is an \
                             argument, not an instruction; end the previous line without the \
                             escape character if `{keyword}` starts a new instruction"
                        ),
                    ));
            }
            let (kept, eol) = trim_continuation(raw, self.escape);
            push_piece(logical, line.start, kept);
            end_of_line = eol;
        }
        for span in empty_lines {
            self.diagnostics
                .push(syntax_rules::EmptyContinuationLine::META.diagnostic(
                    span,
                    "empty continuation line: BuildKit drops it, and a future release will \
                     reject it",
                ));
        }
    }

    fn finish_instruction(&mut self, logical: LogicalLine, start_line: u32, comments: &[String]) {
        let text_end = logical
            .pieces
            .last()
            .map_or(0, |&(_, source_start, len)| source_start + len);
        let line_end = self.lines[self.next_line - 1].end.max(text_end);
        let first = logical.pieces.first().map_or(0, |piece| piece.1);

        let mut instruction =
            match arguments::instruction_from_line(&logical, 0..logical.text.len(), self.escape, 0)
            {
                Ok(instruction) => instruction,
                Err(ParseError { message, span }) => {
                    self.diagnostics.push(
                        syntax_rules::InvalidSyntax::META
                            .diagnostic(span.unwrap_or(Span::new(first, line_end)), message),
                    );
                    return;
                }
            };

        let mut end = line_end;
        if can_contain_heredoc(&instruction) && logical.text.contains("<<") {
            end = self.read_heredocs(&mut instruction, end);
        }
        instruction.span = Span::new(first, end);
        instruction.start_line = start_line;
        instruction.end_line = self.next_line as u32;
        instruction.comments_above = comments.to_vec();
        if let Arguments::Onbuild(inner) = &mut instruction.arguments {
            inner.span = instruction.span;
            inner.start_line = instruction.start_line;
            inner.end_line = instruction.end_line;
        }
        self.instructions.push(instruction);
    }

    /// Reads the heredoc bodies that follow the instruction line and returns the new end of
    /// the instruction.
    fn read_heredocs(&mut self, instruction: &mut Instruction, mut end: usize) -> usize {
        let target = match &mut instruction.arguments {
            Arguments::Onbuild(inner) => inner.as_mut(),
            _ => instruction,
        };
        let openers = match heredoc::openers(&target.line) {
            Ok(openers) => openers,
            Err(ParseError { message, span }) => {
                self.diagnostics.push(
                    syntax_rules::InvalidSyntax::META
                        .diagnostic(span.unwrap_or(Span::new(target.span.start, end)), message),
                );
                return end;
            }
        };
        for opener in openers {
            let body_start = self
                .lines
                .get(self.next_line)
                .map_or(self.text.len(), |line| line.start);
            let mut body_end = body_start;
            let mut terminated = false;
            while let Some(line) = self.take_line() {
                let mut candidate = &self.text[line.start..line.end];
                if opener.chomp {
                    candidate = candidate.trim_start_matches('\t');
                }
                if candidate == opener.name {
                    terminated = true;
                    end = line.end;
                    break;
                }
                body_end = line.next;
                end = line.end;
            }
            let content_span = Span::new(body_start, body_end);
            if !terminated {
                self.diagnostics
                    .push(syntax_rules::InvalidSyntax::META.diagnostic(
                        opener.span,
                        format!(
                            "unterminated heredoc: no line `{}` ends the heredoc opened here",
                            opener.name
                        ),
                    ));
            }
            target.heredocs.push(Heredoc {
                name: opener.name,
                file_descriptor: opener.file_descriptor,
                expand: opener.expand,
                chomp: opener.chomp,
                content: self.text[content_span.start..content_span.end].to_string(),
                content_span,
                opener_span: opener.span,
            });
        }
        end
    }
}

fn push_piece(logical: &mut LogicalLine, source_start: usize, piece: &str) {
    if piece.is_empty() {
        return;
    }
    logical
        .pieces
        .push((logical.text.len(), source_start, piece.len()));
    logical.text.push_str(piece);
}

/// Returns the keyword a continuation line starts with, when it looks like a new instruction:
/// an upper-case keyword in the first column followed by an argument. Indented lines and
/// lower-case words (`add`, `from` in a shell command) are left alone.
fn starts_with_instruction(line: &str) -> Option<&str> {
    let word_end = line.find([' ', '\t']).unwrap_or(line.len());
    let word = &line[..word_end];
    let known = Keyword::KNOWN.iter().any(|(name, _)| *name == word);
    (known && word_end < line.len()).then_some(word)
}

fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

/// Removes a trailing escape character (and the spaces and tabs after it) that continues the
/// line. An escape that is itself escaped does not continue the line.
fn trim_continuation(line: &str, escape: char) -> (&str, bool) {
    let trimmed = line.trim_end_matches([' ', '\t']);
    let Some(before) = trimmed.strip_suffix(escape) else {
        return (line, true);
    };
    if before.ends_with(escape) {
        return (line, true);
    }
    (before, false)
}

fn can_contain_heredoc(instruction: &Instruction) -> bool {
    let target = instruction.effective();
    matches!(target.keyword, Keyword::Run | Keyword::Copy | Keyword::Add) && !target.json
}

#[cfg(test)]
mod tests {
    use super::decode;

    fn message(source: &[u8]) -> String {
        decode(source).1.expect("invalid UTF-8 is reported").message
    }

    #[test]
    fn invalid_sequence_lists_its_bytes_only() {
        let text = message(b"FROM a:1\nRUN \xff\xfe echo\n");
        assert!(
            text.contains("invalid byte sequence 0xff at byte 13"),
            "{text}"
        );
    }

    #[test]
    fn truncated_sequence_lists_remaining_bytes() {
        let text = message(b"FROM a:1\n# \xe2\x82");
        assert!(
            text.contains("invalid byte sequence 0xe2 0x82 at byte 11"),
            "{text}"
        );
    }
}
