//! Finding heredoc openers (`<<EOF`, `<<-"EOF"`, `3<<EOF`, `<< EOF`) in an instruction line.
//!
//! BuildKit splits the whole logical line into shell words, keeping quotes and escapes, and
//! takes every word of the form `[digits]<<[-][spaces]WORD` whose WORD is exactly one word once
//! quotes are removed. Since dockerfile frontend 1.16, spaces between `<<` and the delimiter
//! are allowed.

use std::ops::Range;

use super::arguments::ParseError;
use super::ast::LogicalLine;
use crate::source::Span;

/// A heredoc opener found in a line.
#[derive(Debug, PartialEq, Eq)]
pub struct Opener {
    pub name: String,
    pub file_descriptor: u32,
    pub expand: bool,
    pub chomp: bool,
    pub span: Span,
}

/// Returns the heredoc openers of `line`, in order.
///
/// A line that the shell lexer cannot read (an unterminated quote, a malformed `${`) has no
/// heredocs, as in BuildKit, which ignores that lexing error.
pub fn openers(line: &LogicalLine) -> Result<Vec<Opener>, ParseError> {
    let Some(words) = raw_words(&line.text) else {
        return Ok(Vec::new());
    };
    let mut openers = Vec::new();
    for range in words {
        let word = &line.text[range.clone()];
        let Some(opener) = match_opener(word) else {
            continue;
        };
        let span = line.span_to_source(range.start, range.end);
        let names = match unquoted_words(opener.rest) {
            Ok(names) => names,
            Err(message) => {
                return Err(ParseError {
                    message,
                    span: Some(span),
                });
            }
        };
        let [name] = names.as_slice() else {
            continue;
        };
        let quoted = opener.rest.contains(['\'', '"']);
        openers.push(Opener {
            name: name.clone(),
            file_descriptor: opener.file_descriptor,
            expand: !quoted,
            chomp: opener.chomp,
            span,
        });
    }
    Ok(openers)
}

struct OpenerMatch<'a> {
    file_descriptor: u32,
    chomp: bool,
    rest: &'a str,
}

/// Matches `^(\d*)<<(-?)\s*([^<]*)$` with a non-empty last group.
fn match_opener(word: &str) -> Option<OpenerMatch<'_>> {
    let digits_end = word
        .find(|ch: char| !ch.is_ascii_digit())
        .unwrap_or(word.len());
    let after_digits = word[digits_end..].strip_prefix("<<")?;
    let (chomp, after_dash) = match after_digits.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, after_digits),
    };
    let rest = after_dash.trim_start_matches([' ', '\t', '\n', '\x0c', '\r']);
    if rest.is_empty() || rest.contains('<') {
        return None;
    }
    // Go's strconv.ParseUint fails on overflow and BuildKit then uses 0.
    let file_descriptor = word[..digits_end].parse().unwrap_or(0);
    Some(OpenerMatch {
        file_descriptor,
        chomp,
        rest,
    })
}

/// Splits a line into shell words the way BuildKit's lexer does with raw quotes, raw escapes
/// and unset variables left as written: every word is a slice of the line. Returns `None` if
/// a quote or `${` is not closed.
fn raw_words(text: &str) -> Option<Vec<Range<usize>>> {
    let bytes = text.as_bytes();
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    let mut pos = 0;
    while pos < bytes.len() {
        let byte = bytes[pos];
        match byte {
            b'\'' => {
                start.get_or_insert(pos);
                let close = bytes[pos + 1..].iter().position(|&b| b == b'\'')?;
                pos += close + 2;
            }
            b'"' => {
                start.get_or_insert(pos);
                pos = skip_double_quoted(bytes, pos + 1)?;
            }
            b'\\' => {
                start.get_or_insert(pos);
                pos += 1;
                if pos < bytes.len() {
                    pos += utf8_width(bytes[pos]);
                }
            }
            b'$' => {
                start.get_or_insert(pos);
                pos = skip_dollar(bytes, pos)?;
            }
            b'<' if bytes.get(pos + 1) == Some(&b'<') => {
                // The lexer keeps the spaces after `<<` inside the word.
                start.get_or_insert(pos);
                pos += 2;
                while pos < bytes.len() && matches!(bytes[pos], b' ' | b'\t') {
                    pos += 1;
                }
            }
            _ => {
                let width = utf8_width(byte);
                let is_space = text[pos..pos + width]
                    .chars()
                    .next()
                    .is_some_and(char::is_whitespace);
                if is_space {
                    if let Some(word_start) = start.take() {
                        words.push(word_start..pos);
                    }
                } else {
                    start.get_or_insert(pos);
                }
                pos += width;
            }
        }
    }
    if let Some(word_start) = start {
        words.push(word_start..bytes.len());
    }
    Some(words)
}

fn utf8_width(first: u8) -> usize {
    match first {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// Returns the position after the closing `"` of a string whose body starts at `pos`.
fn skip_double_quoted(bytes: &[u8], mut pos: usize) -> Option<usize> {
    while pos < bytes.len() {
        match bytes[pos] {
            b'"' => return Some(pos + 1),
            b'\\' => pos += 2,
            b'$' => pos = skip_dollar(bytes, pos)?,
            _ => pos += 1,
        }
    }
    None
}

/// Returns the position after a `$name`, `${...}` or lone `$` starting at `pos`.
fn skip_dollar(bytes: &[u8], pos: usize) -> Option<usize> {
    if bytes.get(pos + 1) != Some(&b'{') {
        return Some(pos + 1);
    }
    if matches!(bytes.get(pos + 2), None | Some(b'{' | b'}' | b':')) {
        return None;
    }
    let mut depth = 0usize;
    let mut index = pos + 1;
    while index < bytes.len() {
        match bytes[index] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(index + 1);
                }
            }
            b'\\' => index += 1,
            _ => {}
        }
        index += 1;
    }
    None
}

/// Splits a heredoc delimiter into words with quotes removed and escapes applied.
fn unquoted_words(text: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(inner) => word.push(inner),
                        None => return Err("unterminated single quote in heredoc delimiter".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(escaped @ ('"' | '$' | '\\')) => word.push(escaped),
                            Some(other) => {
                                word.push('\\');
                                word.push(other);
                            }
                            None => {}
                        },
                        Some(inner) => word.push(inner),
                        None => return Err("unterminated double quote in heredoc delimiter".into()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(escaped) = chars.next() {
                    word.push(escaped);
                }
            }
            ch if ch.is_whitespace() => {
                if in_word && !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                in_word = false;
            }
            ch => {
                in_word = true;
                word.push(ch);
            }
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> LogicalLine {
        LogicalLine {
            text: text.to_string(),
            pieces: vec![(0, 0, text.len())],
        }
    }

    fn names(text: &str) -> Vec<(String, u32, bool, bool)> {
        openers(&line(text))
            .unwrap()
            .into_iter()
            .map(|opener| {
                (
                    opener.name,
                    opener.file_descriptor,
                    opener.chomp,
                    opener.expand,
                )
            })
            .collect()
    }

    #[test]
    fn openers_in_line() {
        assert_eq!(
            names("COPY <<a.txt <<-\"b\" /dst/"),
            vec![
                ("a.txt".into(), 0, false, true),
                ("b".into(), 0, true, false)
            ]
        );
        assert_eq!(
            names("RUN 3<<EOF cat"),
            vec![("EOF".into(), 3, false, true)]
        );
        assert_eq!(
            names("RUN cat << EOF > f"),
            vec![("EOF".into(), 0, false, true)]
        );
        assert_eq!(names("RUN <<-\\EOT"), vec![("EOT".into(), 0, true, true)]);
    }

    #[test]
    fn quoted_opener_is_not_heredoc() {
        assert!(names("RUN echo '<<EOF'").is_empty());
        assert!(names("RUN echo \"<<EOF\"").is_empty());
    }

    #[test]
    fn unterminated_quote_disables_heredocs() {
        assert!(names("RUN echo don't <<EOF").is_empty());
    }

    #[test]
    fn opener_span_covers_word() {
        let found = openers(&line("RUN cat <<EOF")).unwrap();
        assert_eq!(found[0].span, Span::new(8, 13));
    }
}
