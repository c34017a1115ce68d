//! Byte-level scanning of shell text, written to agree with the tokenizer of brush-parser 0.4.0:
//! quote removal, the extent of `$(…)`, `${…}`, `$((…))` and backquotes, here-document bodies,
//! and the nesting depth of substitutions.
//!
//! Functions that copy text take two versions of it. They read `parse`, the text given to
//! brush, to decide where constructs begin and end, and copy output from `source`, the
//! caller's text. The two have the same length and differ only where `rewrite_case_patterns`
//! replaced an ASCII blank by `(`.

use std::ops::Range;

/// A command substitution found in a word, with the range of its body relative to the scanned
/// text: the text between `$(` and `)`, or between two backquotes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Substitution {
    pub kind: SubstitutionKind,
    pub body: Range<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SubstitutionKind {
    /// `$(…)`.
    Dollar,
    /// `` `…` ``; inside double quotes a backslash also escapes `"` in the body.
    Backquote { in_double_quotes: bool },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ScanError {
    /// A quote, substitution or here-document that starts at this offset has no end.
    Unterminated(usize),
    /// A substitution that starts at this offset is nested deeper than the limit.
    TooDeep(usize),
}

/// The closing delimiter of a construct scanned in command context, and how many unquoted
/// closers end it.
#[derive(Clone, Copy)]
struct Closer {
    open: Option<u8>,
    close: u8,
    count: u32,
}

/// Walks shell text in the contexts that brush's tokenizer distinguishes. `max_depth` bounds
/// the nesting of `$(`, `${`, `$((` and `$[`, which brush's tokenizer follows by recursion.
pub(super) struct Scanner<'a> {
    text: &'a [u8],
    max_depth: usize,
    /// Substitutions met outside any command substitution, in source order.
    pub found: Vec<Substitution>,
}

impl<'a> Scanner<'a> {
    pub fn new(text: &'a [u8], max_depth: usize) -> Self {
        Scanner {
            text,
            max_depth,
            found: Vec::new(),
        }
    }

    /// Scans a whole script and fails only if substitutions nest deeper than `max_depth`.
    /// Unterminated constructs are left for brush to report.
    pub fn check_depth(&mut self) -> Result<(), ScanError> {
        match self.command_text(0, None, false, 0, false) {
            Err(ScanError::TooDeep(at)) => Err(ScanError::TooDeep(at)),
            _ => Ok(()),
        }
    }

    /// Scans a whole script, failing with the start of the first construct that has no end.
    pub fn check_unterminated(&mut self) -> Result<usize, ScanError> {
        self.command_text(0, None, false, 0, false)
    }

    /// Returns the end of the construct that starts with the `$` at `pos`, or `pos + 1` if the
    /// `$` starts none. Records a command substitution found here when `record` is set.
    fn dollar(&mut self, pos: usize, depth: usize, record: bool) -> Result<usize, ScanError> {
        let text = self.text;
        let next = text.get(pos + 1).copied();
        if !matches!(next, Some(b'(' | b'{' | b'[')) {
            return Ok(pos + 1);
        }
        if depth + 1 > self.max_depth {
            return Err(ScanError::TooDeep(pos));
        }

        match next {
            // brush reads `$((` as arithmetic whatever follows.
            Some(b'(') if text.get(pos + 2) == Some(&b'(') => {
                let closer = Closer {
                    open: Some(b'('),
                    close: b')',
                    count: 2,
                };
                self.command_text(pos + 3, Some(closer), true, depth + 1, record)
            }
            Some(b'(') => {
                let closer = Closer {
                    open: Some(b'('),
                    close: b')',
                    count: 1,
                };
                let end = self.command_text(pos + 2, Some(closer), false, depth + 1, false)?;
                if record {
                    self.found.push(Substitution {
                        kind: SubstitutionKind::Dollar,
                        body: pos + 2..end - 1,
                    });
                }
                Ok(end)
            }
            Some(b'{') => self.parameter(pos + 2, depth + 1, record),
            _ => {
                let closer = Closer {
                    open: None,
                    close: b']',
                    count: 1,
                };
                self.command_text(pos + 2, Some(closer), true, depth + 1, record)
            }
        }
    }

    /// Scans command text from `pos`. With a closer, returns the position after the closer
    /// that ends the construct; without one, scans to the end of the text.
    ///
    /// Like brush's tokenizer, an unquoted opener adds one to the count and an unquoted closer
    /// takes one away, so the `)` after a case pattern ends a `$(`.
    fn command_text(
        &mut self,
        mut pos: usize,
        closer: Option<Closer>,
        arithmetic: bool,
        depth: usize,
        record: bool,
    ) -> Result<usize, ScanError> {
        let text = self.text;
        let start = pos;
        let mut count = closer.map_or(0, |closer| closer.count);
        let mut token_start = true;
        let mut heredocs: Vec<(Vec<u8>, bool)> = Vec::new();

        while pos < text.len() {
            let byte = text[pos];
            if let Some(closer) = closer {
                if byte == closer.close {
                    count -= 1;
                    if count == 0 {
                        return Ok(pos + 1);
                    }
                    pos += 1;
                    token_start = true;
                    continue;
                }
                if Some(byte) == closer.open {
                    count += 1;
                    pos += 1;
                    token_start = true;
                    continue;
                }
            }

            match byte {
                b'\\' => {
                    pos = escape_end(text, pos)?;
                    token_start = false;
                }
                b'\'' => {
                    pos = if pos > start && text[pos - 1] == b'$' {
                        ansi_c_end(text, pos + 1)?
                    } else {
                        single_quote_end(text, pos + 1)?
                    };
                    token_start = false;
                }
                b'"' => {
                    pos = self.double_quoted(pos + 1, depth, record)?;
                    token_start = false;
                }
                b'`' => {
                    pos = self.backquote(pos, false, record)?;
                    token_start = false;
                }
                b'$' => {
                    pos = self.dollar(pos, depth, record)?;
                    token_start = false;
                }
                b'(' if !token_start && pos > 0 && is_extglob_prefix(text[pos - 1]) => {
                    pos = extglob_end(text, pos + 1)?;
                }
                b'#' if token_start => {
                    pos = memchr(b'\n', text, pos).unwrap_or(text.len());
                }
                b'<' if !arithmetic
                    && text.get(pos + 1) == Some(&b'<')
                    && text.get(pos + 2) != Some(&b'<') =>
                {
                    let (tag, strip_tabs, end) = heredoc_tag(text, pos + 2);
                    if !tag.is_empty() {
                        heredocs.push((tag, strip_tabs));
                    }
                    pos = end;
                    token_start = true;
                }
                b'\n' => {
                    pos += 1;
                    if !heredocs.is_empty() {
                        pos = heredoc_bodies_end(text, pos, &heredocs)?;
                        heredocs.clear();
                    }
                    token_start = true;
                }
                b' ' | b'\t' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')' => {
                    pos += 1;
                    token_start = true;
                }
                _ => {
                    pos += 1;
                    token_start = false;
                }
            }
        }

        match closer {
            Some(_) => Err(ScanError::Unterminated(start.saturating_sub(2))),
            None => Ok(text.len()),
        }
    }

    /// Returns the position after the `"` that closes a string whose body starts at `pos`.
    fn double_quoted(
        &mut self,
        mut pos: usize,
        depth: usize,
        record: bool,
    ) -> Result<usize, ScanError> {
        let text = self.text;
        let start = pos.saturating_sub(1);
        while pos < text.len() {
            match text[pos] {
                b'\\' => pos = escape_end(text, pos)?,
                b'"' => return Ok(pos + 1),
                b'`' => pos = self.backquote(pos, true, record)?,
                b'$' => pos = self.dollar(pos, depth, record)?,
                _ => pos += 1,
            }
        }
        Err(ScanError::Unterminated(start))
    }

    /// Returns the position after the `}` that closes a `${` whose body starts at `pos`.
    fn parameter(
        &mut self,
        mut pos: usize,
        depth: usize,
        record: bool,
    ) -> Result<usize, ScanError> {
        let text = self.text;
        let start = pos.saturating_sub(2);
        while pos < text.len() {
            match text[pos] {
                b'\\' => pos = escape_end(text, pos)?,
                b'\'' => pos = single_quote_end(text, pos + 1)?,
                b'"' => pos = self.double_quoted(pos + 1, depth, record)?,
                b'`' => pos = self.backquote(pos, false, record)?,
                b'$' => pos = self.dollar(pos, depth, record)?,
                b'}' => return Ok(pos + 1),
                _ => pos += 1,
            }
        }
        Err(ScanError::Unterminated(start))
    }

    /// Returns the position after the backquote that closes the one at `pos`. A backslash
    /// escapes any character, as in brush's tokenizer.
    fn backquote(
        &mut self,
        pos: usize,
        in_double_quotes: bool,
        record: bool,
    ) -> Result<usize, ScanError> {
        let text = self.text;
        let mut at = pos + 1;
        while at < text.len() {
            match text[at] {
                b'\\' => at += 2,
                b'`' => {
                    if record {
                        self.found.push(Substitution {
                            kind: SubstitutionKind::Backquote { in_double_quotes },
                            body: pos + 1..at,
                        });
                    }
                    return Ok(at + 1);
                }
                _ => at += 1,
            }
        }
        Err(ScanError::Unterminated(pos))
    }
}

fn memchr(needle: u8, text: &[u8], from: usize) -> Option<usize> {
    text[from..]
        .iter()
        .position(|&byte| byte == needle)
        .map(|index| from + index)
}

/// Returns the position after the character that the backslash at `pos` escapes.
fn escape_end(text: &[u8], pos: usize) -> Result<usize, ScanError> {
    if pos + 1 >= text.len() {
        return Err(ScanError::Unterminated(pos));
    }
    Ok(pos + 1 + utf8_len(text[pos + 1]))
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

fn single_quote_end(text: &[u8], pos: usize) -> Result<usize, ScanError> {
    memchr(b'\'', text, pos)
        .map(|close| close + 1)
        .ok_or(ScanError::Unterminated(pos.saturating_sub(1)))
}

/// Returns the end of a `$'…'` string whose body starts at `pos`; a backslash escapes a quote.
fn ansi_c_end(text: &[u8], mut pos: usize) -> Result<usize, ScanError> {
    let start = pos.saturating_sub(1);
    while pos < text.len() {
        match text[pos] {
            b'\\' => pos += 2,
            b'\'' => return Ok(pos + 1),
            _ => pos += 1,
        }
    }
    Err(ScanError::Unterminated(start))
}

fn is_extglob_prefix(byte: u8) -> bool {
    matches!(byte, b'@' | b'!' | b'?' | b'+' | b'*')
}

/// Returns the end of an extended glob such as `@(a|b)` whose body starts at `pos`. brush
/// balances parentheses here and honours backslashes but not quotes.
fn extglob_end(text: &[u8], mut pos: usize) -> Result<usize, ScanError> {
    let start = pos.saturating_sub(1);
    let mut depth = 1u32;
    while pos < text.len() {
        match text[pos] {
            b'\\' => pos += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Ok(pos + 1);
                }
            }
            _ => {}
        }
        pos += 1;
    }
    Err(ScanError::Unterminated(start))
}

/// Reads the delimiter after `<<` at `pos`: returns it with quotes removed, whether `<<-`
/// strips leading tabs, and the position after the delimiter word.
fn heredoc_tag(text: &[u8], mut pos: usize) -> (Vec<u8>, bool, usize) {
    let strip_tabs = text.get(pos) == Some(&b'-');
    if strip_tabs {
        pos += 1;
    }
    while matches!(text.get(pos), Some(b' ' | b'\t')) {
        pos += 1;
    }

    let mut tag = Vec::new();
    while pos < text.len() {
        match text[pos] {
            b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')' => break,
            b'\\' => {
                if let Some(&next) = text.get(pos + 1) {
                    tag.push(next);
                }
                pos += 2;
            }
            quote @ (b'\'' | b'"') => {
                let close = memchr(quote, text, pos + 1).unwrap_or(text.len());
                tag.extend_from_slice(&text[pos + 1..close]);
                pos = close + 1;
            }
            byte => {
                tag.push(byte);
                pos += 1;
            }
        }
    }
    (tag, strip_tabs, pos.min(text.len()))
}

/// Skips the bodies of the pending here-documents, which start on the line at `pos`, and
/// returns the position after the last delimiter line.
fn heredoc_bodies_end(
    text: &[u8],
    mut pos: usize,
    heredocs: &[(Vec<u8>, bool)],
) -> Result<usize, ScanError> {
    for (tag, strip_tabs) in heredocs {
        loop {
            if pos >= text.len() {
                return Err(ScanError::Unterminated(pos));
            }
            let line_end = memchr(b'\n', text, pos).unwrap_or(text.len());
            let mut line = &text[pos..line_end];
            if *strip_tabs {
                while let [b'\t', rest @ ..] = line {
                    line = rest;
                }
            }
            pos = (line_end + 1).min(text.len());
            if line == tag.as_slice() {
                break;
            }
        }
    }
    Ok(pos)
}

/// Returns the offset of a here-document operator whose delimiter brush-parser 0.4.0 reads as
/// empty: `<<''`, `<<""`, or `<<` followed by two blanks inside `$(…)`, where brush keeps the
/// first blank as the delimiter and trims it away. brush can loop forever or panic on these.
///
/// The check ignores quoting and looks for two blanks whenever the text has a `$(`. So it may
/// report an operator that brush would read correctly, in scripts that are very rare.
pub(super) fn empty_heredoc_delimiter(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let has_substitution = text.contains("$(");
    let mut from = 0;
    while let Some(found) = text[from..].find("<<").map(|index| from + index) {
        let mut pos = found + 2;
        if bytes.get(pos) == Some(&b'<') {
            from = pos + 1;
            continue;
        }
        if bytes.get(pos) == Some(&b'-') {
            pos += 1;
        }
        let blanks = bytes[pos..]
            .iter()
            .take_while(|&&byte| matches!(byte, b' ' | b'\t'))
            .count();
        let word = &bytes[pos + blanks..];
        let word = word.strip_prefix(b"$").unwrap_or(word);
        let empty_quotes = (word.starts_with(b"''") || word.starts_with(b"\"\""))
            && word.get(2).is_none_or(|&byte| is_word_end(byte));
        if empty_quotes || (has_substitution && blanks >= 2) {
            return Some(found);
        }
        from = pos;
    }
    None
}

fn is_word_end(byte: u8) -> bool {
    matches!(
        byte,
        b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')'
    )
}

/// Removes the quotes of one word the way the shell does before running a command, and finds
/// its command substitutions.
///
/// Backslashes outside quotes escape the next character; inside double quotes they escape only
/// `$`, `` ` ``, `"`, `\` and newline. `$'…'` strings are decoded. Expansions (`$x`, `${x}`,
/// `$(…)`, `$((…))`, backquotes, `~`) are kept as written, quotes inside them included.
pub(super) fn unquote(
    parse: &str,
    source: &str,
    max_depth: usize,
) -> Result<(String, Vec<Substitution>), ScanError> {
    let bytes = parse.as_bytes();
    let mut scanner = Scanner::new(parse.as_bytes(), max_depth);
    let mut value = String::with_capacity(source.len());
    let mut pos = 0;
    let mut literal_start = 0;

    while pos < bytes.len() {
        match bytes[pos] {
            b'\\' => {
                value.push_str(&source[literal_start..pos]);
                let end = escape_end(bytes, pos)?;
                if bytes[pos + 1] != b'\n' {
                    value.push_str(&source[pos + 1..end]);
                }
                pos = end;
                literal_start = pos;
            }
            b'\'' => {
                value.push_str(&source[literal_start..pos]);
                let end = single_quote_end(bytes, pos + 1)?;
                value.push_str(&source[pos + 1..end - 1]);
                pos = end;
                literal_start = pos;
            }
            b'$' if bytes.get(pos + 1) == Some(&b'\'') => {
                value.push_str(&source[literal_start..pos]);
                let end = ansi_c_end(bytes, pos + 2)?;
                decode_ansi_c(&source[pos + 2..end - 1], &mut value);
                pos = end;
                literal_start = pos;
            }
            b'$' if bytes.get(pos + 1) == Some(&b'"') => {
                value.push_str(&source[literal_start..pos]);
                pos = unquote_double(&mut scanner, source, pos + 2, &mut value)?;
                literal_start = pos;
            }
            b'"' => {
                value.push_str(&source[literal_start..pos]);
                pos = unquote_double(&mut scanner, source, pos + 1, &mut value)?;
                literal_start = pos;
            }
            b'$' => pos = scanner.dollar(pos, 0, true)?,
            b'`' => pos = scanner.backquote(pos, false, true)?,
            _ => pos += 1,
        }
    }
    value.push_str(&source[literal_start..]);
    Ok((value, scanner.found))
}

/// Appends the unquoted body of a double-quoted string that starts at `pos` to `value` and
/// returns the position after its closing quote.
fn unquote_double(
    scanner: &mut Scanner<'_>,
    source: &str,
    mut pos: usize,
    value: &mut String,
) -> Result<usize, ScanError> {
    let bytes = scanner.text;
    let start = pos.saturating_sub(1);
    let mut literal_start = pos;
    while pos < bytes.len() {
        match bytes[pos] {
            b'\\' => {
                let next = bytes.get(pos + 1).copied();
                if matches!(next, Some(b'$' | b'`' | b'"' | b'\\' | b'\n')) {
                    value.push_str(&source[literal_start..pos]);
                    if next != Some(b'\n') {
                        value.push_str(&source[pos + 1..pos + 2]);
                    }
                    pos += 2;
                    literal_start = pos;
                } else {
                    pos += 1;
                }
            }
            b'"' => {
                value.push_str(&source[literal_start..pos]);
                return Ok(pos + 1);
            }
            b'$' => pos = scanner.dollar(pos, 0, true)?,
            b'`' => pos = scanner.backquote(pos, true, true)?,
            _ => pos += 1,
        }
    }
    Err(ScanError::Unterminated(start))
}

/// Appends the decoded body of a `$'…'` string. Escapes other than the single-character ones
/// (`\x41`, octal, `\u`, `\c`) are kept as written.
fn decode_ansi_c(body: &str, value: &mut String) {
    let mut chars = body.chars();
    while let Some(ch) = chars.next() {
        if ch != '\\' {
            value.push(ch);
            continue;
        }
        let Some(escaped) = chars.next() else {
            value.push('\\');
            break;
        };
        let decoded = match escaped {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            'a' => '\u{7}',
            'b' => '\u{8}',
            'e' | 'E' => '\u{1b}',
            'f' => '\u{c}',
            'v' => '\u{b}',
            '\\' | '\'' | '"' | '?' => escaped,
            other => {
                value.push('\\');
                other
            }
        };
        value.push(decoded);
    }
}

/// Finds the command substitutions of a here-document body, where quotes are ordinary
/// characters and only `\`, `$` and `` ` `` are special.
pub(super) fn heredoc_substitutions(
    parse: &str,
    max_depth: usize,
) -> Result<Vec<Substitution>, ScanError> {
    let bytes = parse.as_bytes();
    let mut scanner = Scanner::new(parse.as_bytes(), max_depth);
    let mut pos = 0;
    while pos < bytes.len() {
        pos = match bytes[pos] {
            b'\\' => pos + 2,
            b'$' => scanner.dollar(pos, 0, true)?,
            b'`' => scanner.backquote(pos, false, true)?,
            _ => pos + 1,
        };
    }
    Ok(scanner.found)
}

/// Splits text into words at unquoted blanks and newlines, returning their ranges. Used for the
/// words of `[[ … ]]`, whose operators brush keeps without positions.
pub(super) fn split_words(parse: &str, max_depth: usize) -> Vec<Range<usize>> {
    let bytes = parse.as_bytes();
    let mut scanner = Scanner::new(parse.as_bytes(), max_depth);
    let mut words = Vec::new();
    let mut pos = 0;
    while pos < bytes.len() {
        while pos < bytes.len() && matches!(bytes[pos], b' ' | b'\t' | b'\n') {
            pos += 1;
        }
        let start = pos;
        while pos < bytes.len() && !matches!(bytes[pos], b' ' | b'\t' | b'\n') {
            let next = match bytes[pos] {
                b'\\' => escape_end(bytes, pos),
                b'\'' => single_quote_end(bytes, pos + 1),
                b'"' => scanner.double_quoted(pos + 1, 0, false),
                b'$' => scanner.dollar(pos, 0, false),
                b'`' => scanner.backquote(pos, false, false),
                _ => Ok(pos + 1),
            };
            // A construct without an end takes the rest of the text, as brush has accepted it.
            pos = next.unwrap_or(bytes.len());
        }
        if pos > start {
            words.push(start..pos);
        }
    }
    words
}

/// Removes one level of backquote escaping from the body of a backquoted command: `\\`,
/// `` \` `` and `\$` lose their backslash, and so does `\"` inside double quotes. Returns the
/// unescaped `parse` and `source` texts and, for each byte of them plus the end, the offset in
/// the escaped text where it starts.
pub(super) fn unescape_backquoted(
    parse: &str,
    source: &str,
    in_double_quotes: bool,
) -> (String, String, Vec<usize>) {
    let bytes = parse.as_bytes();
    let mut unescaped_parse = String::with_capacity(parse.len());
    let mut unescaped_source = String::with_capacity(source.len());
    let mut offsets = Vec::with_capacity(parse.len() + 1);
    let mut pos = 0;
    while pos < bytes.len() {
        let next = bytes.get(pos + 1).copied();
        let escaped = bytes[pos] == b'\\'
            && (matches!(next, Some(b'\\' | b'`' | b'$'))
                || (in_double_quotes && next == Some(b'"')));
        let (from, to) = if escaped {
            (pos + 1, pos + 2)
        } else {
            (pos, pos + utf8_len(bytes[pos]))
        };
        let to = to.min(bytes.len());
        unescaped_parse.push_str(&parse[from..to]);
        unescaped_source.push_str(&source[from..to]);
        offsets.extend(std::iter::repeat_n(pos, to - from));
        pos = to;
    }
    offsets.push(bytes.len());
    (unescaped_parse, unescaped_source, offsets)
}

/// Rewrites the patterns of `case` commands from `pat)` to `(pat)` by turning the blank before
/// each pattern into `(`, so that offsets do not move.
///
/// brush-parser 0.4.0 ends a `$(…)` at the `)` of a case pattern, so
/// `$(case $a in x) echo 1;; esac)` fails to parse; the parenthesised form is POSIX and parses.
/// Returns `None` if no pattern needed rewriting.
pub(super) fn rewrite_case_patterns(text: &str) -> Option<String> {
    let mut rewriter = CaseRewriter {
        text: text.as_bytes(),
        blanks: Vec::new(),
        depth: 0,
    };
    rewriter.region(0, false);
    if rewriter.blanks.is_empty() {
        return None;
    }

    let mut bytes = text.as_bytes().to_vec();
    for at in rewriter.blanks {
        bytes[at] = b'(';
    }
    // Only ASCII blanks were replaced by an ASCII byte, so the text is still UTF-8.
    String::from_utf8(bytes).ok()
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum CasePhase {
    /// After `case`, before the word it tests.
    Subject,
    /// Before `in`.
    In,
    /// Before a pattern list, or `esac`.
    Pattern,
    /// Inside a pattern list, before its `)`.
    PatternList { parenthesised: bool },
    /// In the commands of a case item.
    Body,
}

/// A small lexer that tracks `case` commands, including those inside `$(…)`, and records
/// where a `(` can be inserted before a pattern.
struct CaseRewriter<'a> {
    text: &'a [u8],
    blanks: Vec<usize>,
    /// Current nesting of `$(…)`, bounded by `MAX_REWRITE_DEPTH`.
    depth: usize,
}

/// The deepest `$(…)` that the case rewrite looks into. Callers reject deeper text first.
const MAX_REWRITE_DEPTH: usize = 16;

impl CaseRewriter<'_> {
    /// Lexes commands from `pos`; inside a command substitution, stops after the `)` that ends
    /// it. Returns the position where lexing stopped.
    fn region(&mut self, mut pos: usize, in_substitution: bool) -> usize {
        let text = self.text;
        let mut cases: Vec<CasePhase> = Vec::new();
        let mut parens = 0u32;
        let mut command_position = true;
        let mut heredocs: Vec<(Vec<u8>, bool)> = Vec::new();

        while pos < text.len() {
            let byte = text[pos];
            match byte {
                b' ' | b'\t' => pos += 1,
                b'\n' => {
                    pos += 1;
                    if !heredocs.is_empty() {
                        pos = heredoc_bodies_end(text, pos, &heredocs).unwrap_or(text.len());
                        heredocs.clear();
                    }
                    if !matches!(cases.last(), Some(CasePhase::Subject | CasePhase::In)) {
                        command_position = true;
                    }
                }
                b'#' => pos = memchr(b'\n', text, pos).unwrap_or(text.len()),
                b';' | b'&' | b'|' => {
                    let operator_end = pos + operator_len(&text[pos..]);
                    let operator = &text[pos..operator_end];
                    if matches!(operator, b";;" | b";&" | b";;&")
                        && let Some(phase @ CasePhase::Body) = cases.last_mut()
                    {
                        *phase = CasePhase::Pattern;
                    }
                    pos = operator_end;
                    command_position = true;
                }
                b'<' if text.get(pos + 1) == Some(&b'<') && text.get(pos + 2) != Some(&b'<') => {
                    let (tag, strip_tabs, end) = heredoc_tag(text, pos + 2);
                    heredocs.push((tag, strip_tabs));
                    pos = end;
                }
                b'<' | b'>' => pos += 1,
                b'(' => {
                    match cases.last_mut() {
                        Some(phase @ CasePhase::Pattern) => {
                            *phase = CasePhase::PatternList {
                                parenthesised: true,
                            };
                        }
                        _ => parens += 1,
                    }
                    pos += 1;
                    command_position = true;
                }
                b')' => {
                    pos += 1;
                    if let Some(phase @ CasePhase::PatternList { .. }) = cases.last_mut() {
                        *phase = CasePhase::Body;
                        command_position = true;
                    } else if parens > 0 {
                        parens -= 1;
                        command_position = false;
                    } else if in_substitution {
                        return pos;
                    }
                }
                _ => {
                    let end = self.word_end(pos);
                    self.word(&mut cases, &text[pos..end], pos, &mut command_position);
                    pos = end.max(pos + 1);
                }
            }
        }
        pos
    }

    /// Updates the case tracking for the word `word` that starts at `start`.
    fn word(
        &mut self,
        cases: &mut Vec<CasePhase>,
        word: &[u8],
        start: usize,
        command_position: &mut bool,
    ) {
        match cases.last_mut() {
            Some(phase @ CasePhase::Subject) => *phase = CasePhase::In,
            Some(phase @ CasePhase::In) => {
                if word == b"in" {
                    *phase = CasePhase::Pattern;
                }
            }
            Some(phase @ CasePhase::Pattern) => {
                if word == b"esac" {
                    cases.pop();
                    *command_position = false;
                } else {
                    if start > 0 && matches!(self.text[start - 1], b' ' | b'\t' | b'\n') {
                        self.blanks.push(start - 1);
                    }
                    *phase = CasePhase::PatternList {
                        parenthesised: false,
                    };
                }
            }
            Some(CasePhase::PatternList { .. }) => {}
            Some(CasePhase::Body) | None => {
                if *command_position && word == b"case" {
                    cases.push(CasePhase::Subject);
                    *command_position = false;
                } else if *command_position && word == b"esac" && !cases.is_empty() {
                    cases.pop();
                    *command_position = false;
                } else {
                    *command_position = matches!(
                        word,
                        b"then"
                            | b"do"
                            | b"else"
                            | b"elif"
                            | b"if"
                            | b"while"
                            | b"until"
                            | b"{"
                            | b"}"
                            | b"!"
                            | b"time"
                    );
                }
            }
        }
    }

    /// Returns the end of the word that starts at `pos`, lexing any `$(…)` inside it as
    /// commands.
    fn word_end(&mut self, mut pos: usize) -> usize {
        let text = self.text;
        let start = pos;
        while pos < text.len() {
            match text[pos] {
                b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b')' => break,
                b'(' if pos > start && is_extglob_prefix(text[pos - 1]) => {
                    pos = extglob_end(text, pos + 1).unwrap_or(text.len());
                }
                b'(' => break,
                b'\\' => pos += 2,
                b'\'' => pos = single_quote_end(text, pos + 1).unwrap_or(text.len()),
                b'"' => pos = self.double_quoted_end(pos + 1),
                b'$' => pos = self.dollar_end(pos),
                b'`' => pos = self.backquote_end(pos),
                _ => pos += 1,
            }
        }
        pos.min(text.len())
    }

    fn double_quoted_end(&mut self, mut pos: usize) -> usize {
        let text = self.text;
        while pos < text.len() {
            match text[pos] {
                b'\\' => pos += 2,
                b'"' => return pos + 1,
                b'$' => pos = self.dollar_end(pos),
                b'`' => pos = self.backquote_end(pos),
                _ => pos += 1,
            }
        }
        text.len()
    }

    fn backquote_end(&self, pos: usize) -> usize {
        let mut scanner = Scanner::new(self.text, 0);
        scanner
            .backquote(pos, false, false)
            .unwrap_or(self.text.len())
    }

    fn dollar_end(&mut self, pos: usize) -> usize {
        let text = self.text;
        match (text.get(pos + 1), text.get(pos + 2)) {
            (Some(b'('), Some(b'(')) | (Some(b'{' | b'['), _) => {
                // Arithmetic and parameter expansions hold no case commands worth rewriting,
                // but may hold `$(…)`; the scanner finds their end.
                let mut scanner = Scanner::new(text, MAX_REWRITE_DEPTH);
                scanner.dollar(pos, 0, false).unwrap_or(text.len())
            }
            (Some(b'('), _) if self.depth < MAX_REWRITE_DEPTH => {
                self.depth += 1;
                let end = self.region(pos + 2, true);
                self.depth -= 1;
                end
            }
            // Deeper substitutions stay as they are; the text is checked for depth before this.
            (Some(b'('), _) => text.len(),
            _ => pos + 1,
        }
    }
}

/// Returns the length of the control operator at the start of `text`.
fn operator_len(text: &[u8]) -> usize {
    match text {
        [b';', b';', b'&', ..] => 3,
        [b';', b';' | b'&', ..] | [b'&', b'&', ..] | [b'|', b'|' | b'&', ..] => 2,
        _ => 1,
    }
}
