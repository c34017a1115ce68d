//! Splitting a logical line into keyword, builder flags and arguments, per instruction.
//!
//! Each function mirrors one of BuildKit's line parsers and returns byte ranges of the
//! logical line, which [`LogicalLine::span_to_source`] turns into source ranges.

use std::ops::Range;

use super::ast::*;
use crate::source::Span;

/// ONBUILD nesting deeper than this is rejected to bound recursion. BuildKit rejects any
/// `ONBUILD ONBUILD` when it builds, so no valid file comes close.
const MAX_ONBUILD_DEPTH: usize = 4;

/// An error that stops BuildKit's parser, with the range it concerns if known.
#[derive(Debug)]
pub struct ParseError {
    pub message: String,
    pub span: Option<Span>,
}

impl ParseError {
    fn new(message: impl Into<String>, span: Option<Span>) -> Self {
        ParseError {
            message: message.into(),
            span,
        }
    }
}

/// Go's `unicode.IsSpace` applied to one byte, restricted to ASCII so that multi-byte
/// characters are never split. BuildKit's byte-wise loops also treat the bytes 0x85 and 0xA0
/// as spaces, which can split a UTF-8 character; this parser does not copy that.
fn is_space_byte(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' | b' ')
}

/// Returns true for the class `[\t\v\f\r ]` that BuildKit splits keywords and word lists on.
fn is_separator_byte(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\x0b' | b'\x0c' | b'\r' | b' ')
}

/// Trims Unicode whitespace from both ends of `range`, as Go's `strings.TrimSpace`.
fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    start..end.max(start)
}

struct Builder<'a> {
    line: &'a LogicalLine,
    escape: char,
}

impl Builder<'_> {
    fn text(&self) -> &str {
        &self.line.text
    }

    fn span(&self, range: &Range<usize>) -> Span {
        self.line.span_to_source(range.start, range.end)
    }

    fn word(&self, range: Range<usize>) -> Word {
        Word {
            value: self.text()[range.clone()].to_string(),
            span: self.span(&range),
        }
    }

    fn word_with_value(&self, value: String, range: Range<usize>) -> Word {
        Word {
            value,
            span: self.span(&range),
        }
    }
}

/// Parses the logical line `window` of `line` into an instruction, as BuildKit's
/// `newNodeFromLine` does. Spans, lines and comments are filled in by the caller.
pub fn instruction_from_line(
    line: &LogicalLine,
    window: Range<usize>,
    escape: char,
    depth: usize,
) -> Result<Instruction, ParseError> {
    let builder = Builder { line, escape };
    let text = builder.text();
    let trimmed = trim_range(text, window);

    let bytes = text.as_bytes();
    let keyword_end = (trimmed.start..trimmed.end)
        .find(|&index| is_separator_byte(bytes[index]))
        .unwrap_or(trimmed.end);
    let mut rest_start = keyword_end;
    while rest_start < trimmed.end && is_separator_byte(bytes[rest_start]) {
        rest_start += 1;
    }
    let keyword_range = trimmed.start..keyword_end;
    let keyword_text = builder.word(keyword_range.clone());
    let keyword = Keyword::from_word(&keyword_text.value);

    let (flags, arguments_start) = if keyword_end < trimmed.end {
        extract_builder_flags(&builder, rest_start..trimmed.end)
    } else {
        (Vec::new(), trimmed.end)
    };
    let rest = trim_range(text, arguments_start..trimmed.end);

    let (arguments, json) = match keyword {
        Keyword::Add | Keyword::Copy | Keyword::Volume => parse_maybe_json_to_list(&builder, rest)?,
        Keyword::Arg => (parse_name_or_name_value(&builder, rest), false),
        Keyword::Cmd | Keyword::Entrypoint | Keyword::Run | Keyword::Shell => {
            parse_maybe_json(&builder, rest)?
        }
        Keyword::Env => (parse_name_value(&builder, rest, "ENV")?, false),
        Keyword::Label => (parse_name_value(&builder, rest, "LABEL")?, false),
        Keyword::Expose | Keyword::From => (parse_whitespace_delimited(&builder, rest), false),
        Keyword::Healthcheck => parse_health_config(&builder, rest)?,
        Keyword::Maintainer | Keyword::Stopsignal | Keyword::User | Keyword::Workdir => {
            (parse_string(&builder, rest), false)
        }
        Keyword::Onbuild => {
            if rest.is_empty() {
                (Arguments::None, false)
            } else if depth >= MAX_ONBUILD_DEPTH {
                return Err(ParseError::new(
                    "ONBUILD is nested too deeply",
                    Some(builder.span(&rest)),
                ));
            } else {
                let inner = instruction_from_line(line, rest, escape, depth + 1)?;
                (Arguments::Onbuild(Box::new(inner)), false)
            }
        }
        // BuildKit's parser keeps an unknown instruction with one empty value; the error is
        // reported when the instructions are checked.
        Keyword::Unknown => (
            Arguments::Text(builder.word_with_value(String::new(), rest)),
            false,
        ),
    };

    let span = builder.span(&trimmed);
    Ok(Instruction {
        keyword,
        keyword_text,
        flags,
        arguments,
        json,
        heredocs: Vec::new(),
        line: line.clone(),
        span,
        start_line: 0,
        end_line: 0,
        comments_above: Vec::new(),
    })
}

/// Reads the leading `--flag` words, as BuildKit's `extractBuilderFlags`. Quotes and the
/// escape character inside a flag word are processed. Returns the flags and where the
/// arguments start.
fn extract_builder_flags(builder: &Builder<'_>, range: Range<usize>) -> (Vec<Flag>, usize) {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote(u8),
    }

    let text = builder.text();
    let bytes = text.as_bytes();
    let escape = builder.escape;
    let mut flags = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word: Vec<u8> = Vec::new();
    let mut word_start = range.start;
    let mut blank_ok = false;
    let mut pos = range.start;

    let finish = |word: &[u8], start: usize, end: usize, flags: &mut Vec<Flag>| {
        let raw = String::from_utf8_lossy(word).into_owned();
        let (name, value) = match raw[2.min(raw.len())..].split_once('=') {
            Some((name, value)) => (name.to_string(), Some(value.to_string())),
            None => (raw[2.min(raw.len())..].to_string(), None),
        };
        flags.push(Flag {
            raw,
            name,
            value,
            span: builder.span(&(start..end)),
        });
    };

    loop {
        let at_end = pos >= range.end;
        let ch = if at_end { 0 } else { bytes[pos] };
        if phase == Phase::Spaces {
            if at_end {
                return (flags, range.end);
            }
            if is_space_byte(ch) {
                pos += 1;
                continue;
            }
            if ch != b'-' || pos + 1 >= range.end || bytes[pos + 1] != b'-' {
                return (flags, pos);
            }
            phase = Phase::Word;
            word_start = pos;
        }
        if at_end {
            if word != b"--" && (blank_ok || !word.is_empty()) {
                finish(&word, word_start, pos, &mut flags);
            }
            return (flags, range.end);
        }
        match phase {
            Phase::Word => {
                if is_space_byte(ch) {
                    if word == b"--" {
                        return (flags, pos);
                    }
                    if blank_ok || !word.is_empty() {
                        finish(&word, word_start, pos, &mut flags);
                    }
                    word.clear();
                    blank_ok = false;
                    phase = Phase::Spaces;
                    pos += 1;
                    continue;
                }
                if ch == b'\'' || ch == b'"' {
                    phase = Phase::Quote(ch);
                    blank_ok = true;
                    pos += 1;
                    continue;
                }
                if escape.is_ascii() && ch == escape as u8 {
                    if pos + 1 >= range.end {
                        pos += 1;
                        continue;
                    }
                    pos += 1;
                }
                word.push(bytes[pos]);
                pos += 1;
            }
            Phase::Quote(quote) => {
                if ch == quote {
                    phase = Phase::Word;
                    pos += 1;
                    continue;
                }
                if escape.is_ascii() && ch == escape as u8 {
                    if pos + 1 >= range.end {
                        phase = Phase::Word;
                        pos += 1;
                        continue;
                    }
                    pos += 1;
                }
                word.push(bytes[pos]);
                pos += 1;
            }
            Phase::Spaces => unreachable!("the spaces phase continues or returns above"),
        }
    }
}

/// Splits on `[\t\v\f\r ]+`, as BuildKit's `parseStringsWhitespaceDelimited`.
fn split_whitespace_delimited(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut words = Vec::new();
    let mut start = range.start;
    let mut pos = range.start;
    while pos < range.end {
        if is_separator_byte(bytes[pos]) {
            words.push(start..pos);
            while pos < range.end && is_separator_byte(bytes[pos]) {
                pos += 1;
            }
            start = pos;
        } else {
            pos += 1;
        }
    }
    words.push(start..range.end);
    words
}

fn parse_whitespace_delimited(builder: &Builder<'_>, rest: Range<usize>) -> Arguments {
    if rest.is_empty() {
        return Arguments::None;
    }
    let words = split_whitespace_delimited(builder.text(), rest)
        .into_iter()
        .map(|range| builder.word(range))
        .collect();
    Arguments::Words(words)
}

fn parse_string(builder: &Builder<'_>, rest: Range<usize>) -> Arguments {
    if rest.is_empty() {
        return Arguments::None;
    }
    Arguments::Text(builder.word(rest))
}

enum JsonOutcome {
    Array(Vec<Word>),
    NotStrings,
    NotJson,
}

/// Reads the arguments as a JSON array of strings, as BuildKit's `parseJSON`.
fn parse_json(builder: &Builder<'_>, rest: Range<usize>) -> JsonOutcome {
    let text = builder.text();
    let slice = &text[rest.clone()];
    let trimmed = slice.trim_start();
    if !trimmed.starts_with('[') {
        return JsonOutcome::NotJson;
    }
    let values = match serde_json::from_str::<Vec<serde_json::Value>>(trimmed) {
        Ok(values) => values,
        // Go's JSON decoder, which BuildKit uses, reads a lone UTF-16 surrogate escape as
        // U+FFFD; serde_json rejects it.
        Err(_) if trimmed.contains("\\u") => {
            match serde_json::from_str(&replace_lone_surrogates(trimmed)) {
                Ok(values) => values,
                Err(_) => return JsonOutcome::NotJson,
            }
        }
        Err(_) => return JsonOutcome::NotJson,
    };
    let mut strings = Vec::with_capacity(values.len());
    for value in values {
        match value {
            serde_json::Value::String(string) => strings.push(string),
            _ => return JsonOutcome::NotStrings,
        }
    }
    let base = rest.start + (slice.len() - trimmed.len());
    let ranges = json_string_ranges(trimmed);
    let words = strings
        .into_iter()
        .enumerate()
        .map(|(index, value)| {
            let range = ranges
                .get(index)
                .map_or(base..base + trimmed.len(), |range| {
                    base + range.start..base + range.end
                });
            builder.word_with_value(value, range)
        })
        .collect();
    JsonOutcome::Array(words)
}

/// Replaces `\uXXXX` escapes of UTF-16 surrogates that do not form a pair with `\ufffd`. The
/// replacement has the same length, so string token positions do not move.
fn replace_lone_surrogates(json: &str) -> String {
    fn surrogate_at(bytes: &[u8], at: usize) -> Option<u16> {
        let digits = bytes.get(at + 2..at + 6)?;
        if bytes.get(at) != Some(&b'\\') || bytes.get(at + 1) != Some(&b'u') {
            return None;
        }
        let code = u16::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()?;
        (0xd800..=0xdfff).contains(&code).then_some(code)
    }

    let bytes = json.as_bytes();
    let mut out = String::with_capacity(json.len());
    let mut pos = 0;
    while pos < bytes.len() {
        if bytes[pos] == b'\\' && bytes.get(pos + 1) == Some(&b'\\') {
            out.push_str("\\\\");
            pos += 2;
            continue;
        }
        if let Some(high) = surrogate_at(bytes, pos) {
            let paired = (0xd800..0xdc00).contains(&high)
                && surrogate_at(bytes, pos + 6).is_some_and(|low| low >= 0xdc00);
            if paired {
                out.push_str(&json[pos..pos + 12]);
                pos += 12;
            } else {
                out.push_str("\\ufffd");
                pos += 6;
            }
            continue;
        }
        let width = json[pos..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&json[pos..pos + width]);
        pos += width;
    }
    out
}

/// Returns the ranges of the string tokens of a valid JSON array of strings, quotes included.
fn json_string_ranges(json: &str) -> Vec<Range<usize>> {
    let bytes = json.as_bytes();
    let mut ranges = Vec::new();
    let mut pos = 0;
    while pos < bytes.len() {
        if bytes[pos] == b'"' {
            let start = pos;
            pos += 1;
            while pos < bytes.len() && bytes[pos] != b'"' {
                if bytes[pos] == b'\\' {
                    pos += 1;
                }
                pos += 1;
            }
            ranges.push(start..(pos + 1).min(bytes.len()));
        }
        pos += 1;
    }
    ranges
}

const NOT_STRINGS: &str = "when using JSON array syntax, arrays must be comprised of strings only";

fn parse_maybe_json(
    builder: &Builder<'_>,
    rest: Range<usize>,
) -> Result<(Arguments, bool), ParseError> {
    if rest.is_empty() {
        return Ok((Arguments::None, false));
    }
    match parse_json(builder, rest.clone()) {
        JsonOutcome::Array(words) => Ok((Arguments::Exec(words), true)),
        JsonOutcome::NotStrings => Err(ParseError::new(NOT_STRINGS, Some(builder.span(&rest)))),
        JsonOutcome::NotJson => Ok((Arguments::Text(builder.word(rest)), false)),
    }
}

fn parse_maybe_json_to_list(
    builder: &Builder<'_>,
    rest: Range<usize>,
) -> Result<(Arguments, bool), ParseError> {
    match parse_json(builder, rest.clone()) {
        JsonOutcome::Array(words) => Ok((Arguments::Exec(words), true)),
        JsonOutcome::NotStrings => Err(ParseError::new(NOT_STRINGS, Some(builder.span(&rest)))),
        JsonOutcome::NotJson => Ok((parse_whitespace_delimited(builder, rest), false)),
    }
}

/// Splits into words as BuildKit's `parseWords`: quotes and escapes stay in the words, so each
/// word is a slice of the line, except that an escape at the very end is dropped.
fn parse_words(builder: &Builder<'_>, rest: Range<usize>) -> Vec<Range<usize>> {
    let text = builder.text();
    let escape = builder.escape;
    let mut words = Vec::new();
    let mut chars = text[rest.clone()]
        .char_indices()
        .map(|(index, ch)| (rest.start + index, ch))
        .peekable();
    let mut start: Option<usize> = None;
    let mut end = rest.start;
    let mut quote: Option<char> = None;
    let mut blank_ok = false;

    while let Some((index, ch)) = chars.next() {
        match quote {
            None => {
                if ch.is_whitespace() {
                    if let Some(word_start) = start.take()
                        && (blank_ok || end > word_start)
                    {
                        words.push(word_start..end);
                    }
                    blank_ok = false;
                    continue;
                }
                start.get_or_insert(index);
                if ch == '\'' || ch == '"' {
                    quote = Some(ch);
                    blank_ok = true;
                    end = index + ch.len_utf8();
                    continue;
                }
                if ch == escape {
                    match chars.next() {
                        // An escape at the end of the line is dropped.
                        None => break,
                        Some((next_index, next)) => end = next_index + next.len_utf8(),
                    }
                    continue;
                }
                end = index + ch.len_utf8();
            }
            Some(open) => {
                if ch == open {
                    quote = None;
                    end = index + ch.len_utf8();
                    continue;
                }
                if ch == escape && open != '\'' {
                    match chars.next() {
                        // An escape at the end of the line ends the word.
                        None => break,
                        Some((next_index, next)) => end = next_index + next.len_utf8(),
                    }
                    continue;
                }
                end = index + ch.len_utf8();
            }
        }
    }
    if let Some(word_start) = start
        && (blank_ok || end > word_start)
    {
        words.push(word_start..end.max(word_start));
    }
    words
}

fn parse_name_or_name_value(builder: &Builder<'_>, rest: Range<usize>) -> Arguments {
    let words: Vec<Word> = parse_words(builder, rest)
        .into_iter()
        .map(|range| builder.word(range))
        .collect();
    if words.is_empty() {
        Arguments::None
    } else {
        Arguments::Words(words)
    }
}

/// ENV and LABEL, as BuildKit's `parseNameVal`: if the first word has no `=` the legacy form
/// `KEY value...` applies, otherwise every word must be `key=value`.
fn parse_name_value(
    builder: &Builder<'_>,
    rest: Range<usize>,
    keyword: &str,
) -> Result<Arguments, ParseError> {
    let text = builder.text();
    let words = parse_words(builder, rest.clone());
    let Some(first) = words.first() else {
        return Ok(Arguments::None);
    };
    if !text[first.clone()].contains('=') {
        let parts = split_whitespace_delimited(text, rest.clone());
        if parts.len() < 2 {
            return Err(ParseError::new(
                format!("{keyword} must have two arguments"),
                Some(builder.span(&rest)),
            ));
        }
        let key = parts[0].clone();
        let value = parts[1].start..rest.end;
        return Ok(Arguments::Pairs(vec![KeyValue {
            key: builder.word(key),
            value: builder.word(value),
            has_equals: false,
        }]));
    }

    let mut pairs = Vec::with_capacity(words.len());
    for range in words {
        let word = &text[range.clone()];
        let Some(equals) = word.find('=') else {
            return Err(ParseError::new(
                format!(
                    "syntax error: no `=` in {word:?}; {keyword} takes arguments of the form \
                     name=value"
                ),
                Some(builder.span(&range)),
            ));
        };
        let split = range.start + equals;
        pairs.push(KeyValue {
            key: builder.word(range.start..split),
            value: builder.word(split + 1..range.end),
            has_equals: true,
        });
    }
    Ok(Arguments::Pairs(pairs))
}

/// HEALTHCHECK, as BuildKit's `parseHealthConfig`: the first word is the type, the rest is a
/// command in exec or shell form.
fn parse_health_config(
    builder: &Builder<'_>,
    rest: Range<usize>,
) -> Result<(Arguments, bool), ParseError> {
    let bytes = builder.text().as_bytes();
    let separator = (rest.start..rest.end)
        .find(|&index| is_space_byte(bytes[index]))
        .unwrap_or(rest.end);
    if separator == rest.start {
        return Ok((Arguments::None, false));
    }
    let mut next = separator;
    while next < rest.end && is_space_byte(bytes[next]) {
        next += 1;
    }
    let kind = builder.word(rest.start..separator);
    let (command, json) = parse_maybe_json(builder, next..rest.end)?;
    Ok((
        Arguments::Healthcheck {
            kind,
            command: Box::new(command),
        },
        json,
    ))
}
