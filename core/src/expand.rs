//! Variable expansion in Dockerfile words, as BuildKit's shell lexer does it.
//!
//! BuildKit expands the arguments of `FROM`, `COPY`, `ENV`, `ARG`, `WORKDIR` and other
//! instructions with its own lexer (`frontend/dockerfile/shell/lex.go` in moby/buildkit), not
//! with a shell. This module reproduces that lexer, including the places where it differs from a
//! POSIX shell:
//!
//! - Patterns in `${name#pattern}`, `${name%pattern}` and `${name/pattern/replacement}` know
//!   only `*` and `?`. A bracket expression such as `[a-z]` is matched literally, quotes inside
//!   a pattern are removed without making `*` literal, and neither wildcard matches a newline.
//! - `${name=word}`, `${name:=word}` and `${name:#pattern}` are errors.
//! - In `${name//pattern/replacement}`, a `$0` in the replacement stands for the matched text,
//!   because BuildKit hands the replacement to Go's `Regexp.ReplaceAllString`.
//! - When splitting into words, the part of a word before a substitution that has a word of
//!   its own (`${name:-word}`, `${name/pattern/replacement}`, ...) is dropped, so `a${b:-c}`
//!   gives the single word `c`.
//! - A byte order mark at the start of the input is dropped.
//!
//! A variable name ends at the first character that Go's `unicode.IsLetter` and
//! `unicode.IsDigit` reject. This module reads both from Unicode general categories.

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::hash::{BuildHasher, Hash};
use std::ops::Range;

use unicode_general_category::{GeneralCategory, get_general_category};

/// Maximum depth of substitutions inside the words of other substitutions. `${a:-${b:-c}}` has
/// depth 2.
///
/// NOTE: BuildKit has no such limit. This one bounds the recursion of the lexer, and a deeper
/// input is rejected although BuildKit would expand it.
const MAX_NESTING: usize = 100;

/// Maximum length of an expansion result, in bytes. `${A//x/${A//x/…}}` multiplies the length with each
/// level and `$A$A$A…` adds a whole value per reference, so without a limit a short input
/// could exhaust memory.
const MAX_RESULT_LENGTH: usize = 1 << 20;

fn too_long(offset: usize) -> ExpandError {
    ExpandError::new(
        format!("expansion result longer than {MAX_RESULT_LENGTH} bytes"),
        offset,
    )
}

/// The byte order mark that Go's `text/scanner` drops from the start of its input.
const BYTE_ORDER_MARK: char = '\u{FEFF}';

/// The character that Go's `string(rune)` gives for the end-of-input rune, which BuildKit prints
/// in some messages.
const REPLACEMENT_CHARACTER: char = '\u{FFFD}';

/// Variables visible to an expansion.
pub trait Env {
    /// Returns the value of the variable `name`, or `None` when it is not set.
    fn get(&self, name: &str) -> Option<&str>;
}

impl<K, V, S> Env for HashMap<K, V, S>
where
    K: Borrow<str> + Hash + Eq,
    V: AsRef<str>,
    S: BuildHasher,
{
    fn get(&self, name: &str) -> Option<&str> {
        HashMap::get(self, name).map(AsRef::as_ref)
    }
}

impl<K, V> Env for BTreeMap<K, V>
where
    K: Borrow<str> + Ord,
    V: AsRef<str>,
{
    fn get(&self, name: &str) -> Option<&str> {
        BTreeMap::get(self, name).map(AsRef::as_ref)
    }
}

/// Name and value pairs in definition order, where a later pair overrides an earlier pair with
/// the same name.
impl<K: AsRef<str>, V: AsRef<str>> Env for [(K, V)] {
    fn get(&self, name: &str) -> Option<&str> {
        self.iter()
            .rev()
            .find(|(key, _)| key.as_ref() == name)
            .map(|(_, value)| value.as_ref())
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Env for Vec<(K, V)> {
    fn get(&self, name: &str) -> Option<&str> {
        Env::get(self.as_slice(), name)
    }
}

/// Settings of BuildKit's lexer (`shell.Lex`).
#[derive(Clone, Debug)]
pub struct Lexer {
    /// The escape character: `\` by default, or `` ` `` after the `escape` parser directive.
    pub escape: char,
    /// Keeps quote characters in the output instead of removing them.
    pub raw_quotes: bool,
    /// Keeps escape characters in the output instead of removing them.
    pub raw_escapes: bool,
    /// Leaves a substitution of an unset variable as written, with its own word expanded.
    pub skip_unset_env: bool,
    /// Reads quote characters as ordinary characters.
    pub skip_process_quotes: bool,
}

impl Default for Lexer {
    fn default() -> Self {
        Lexer::new('\\')
    }
}

/// The result of [`Lexer::process_word`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expansion {
    /// The expanded word.
    pub value: String,
    /// Names of variables that were set and looked up, in the order first looked up.
    pub matched: Vec<String>,
    /// Names of variables that were looked up but not set, in the order first looked up.
    pub unmatched: Vec<String>,
}

/// Input that BuildKit's lexer rejects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpandError {
    /// BuildKit's message, without the `failed to process "<word>": ` prefix that BuildKit adds.
    pub message: String,
    /// Byte offset in the input of the `$` that starts the failing substitution, or of the
    /// opening quote of an unterminated quoted string.
    pub offset: usize,
}

impl ExpandError {
    fn new(message: impl Into<String>, offset: usize) -> Self {
        ExpandError {
            message: message.into(),
            offset,
        }
    }
}

impl fmt::Display for ExpandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ExpandError {}

impl Lexer {
    /// Creates a lexer with `escape` as the escape character and every other setting off.
    pub fn new(escape: char) -> Self {
        Lexer {
            escape,
            raw_quotes: false,
            raw_escapes: false,
            skip_unset_env: false,
            skip_process_quotes: false,
        }
    }

    /// Expands `input` as one word, keeping whitespace (BuildKit's `ProcessWord`).
    pub fn process_word(&self, input: &str, env: &dyn Env) -> Result<Expansion, ExpandError> {
        let mut walker = Walker::new(self, input, Some(env));
        let (value, _) = walker.run()?;
        Ok(Expansion {
            value,
            matched: walker.lookups.matched,
            unmatched: walker.lookups.unmatched,
        })
    }

    /// Expands `input` and splits the result into words at unquoted whitespace (BuildKit's
    /// `ProcessWords`).
    ///
    /// Whitespace in the value of a variable splits words unless the substitution is quoted.
    /// A quoted empty string makes no word of its own, so `a "" b` gives `a` and `b`, unless
    /// `raw_quotes` keeps the quotes.
    pub fn process_words(&self, input: &str, env: &dyn Env) -> Result<Vec<String>, ExpandError> {
        let mut walker = Walker::new(self, input, Some(env));
        let (_, words) = walker.run()?;
        Ok(words)
    }
}

/// Returns the variables that `input` references, without expanding it.
///
/// Each name comes with the byte range of its whole substitution (`$name` or `${...}`), in order
/// of start offset. Names in the word of a substitution count, as `b` in `${a:-$b}`, because
/// BuildKit looks them up whatever the value of `a`. Names inside single quotes do not count.
/// When BuildKit would reject the input, the references before the error are returned.
pub fn variable_references(input: &str, escape: char) -> Vec<(String, Range<usize>)> {
    let lexer = Lexer::new(escape);
    let mut walker = Walker::new(&lexer, input, None);
    // A syntax error ends the scan, and the references found before it are kept.
    let _ = walker.run();

    let mut references = walker.lookups.references;
    references.sort_by_key(|(_, range)| range.start);
    references
}

/// Variable lookups made during one expansion.
#[derive(Default)]
struct Lookups {
    matched: Vec<String>,
    unmatched: Vec<String>,
    seen: HashSet<String>,
    /// Every lookup with the range of its substitution, when collecting references.
    references: Vec<(String, Range<usize>)>,
}

/// Words being split out of one level of input. The buffer of the word being built lives in
/// [`Walker::word_buffer`], shared with nested levels as in BuildKit.
#[derive(Default)]
struct WordSplitter {
    words: Vec<String>,
    in_word: bool,
}

impl WordSplitter {
    fn add_char(&mut self, buffer: &mut String, ch: char) {
        if !ch.is_whitespace() {
            self.add_raw_char(buffer, ch);
        } else if self.in_word && !buffer.is_empty() {
            self.words.push(std::mem::take(buffer));
            self.in_word = false;
        }
    }

    fn add_raw_char(&mut self, buffer: &mut String, ch: char) {
        buffer.push(ch);
        self.in_word = true;
    }

    fn add_str(&mut self, buffer: &mut String, text: &str) {
        for ch in text.chars() {
            self.add_char(buffer, ch);
        }
    }

    fn add_raw_str(&mut self, buffer: &mut String, text: &str) {
        buffer.push_str(text);
        self.in_word = true;
    }

    fn finish(mut self, buffer: &mut String) -> Vec<String> {
        if !buffer.is_empty() {
            self.words.push(std::mem::take(buffer));
        }
        self.words
    }
}

/// One pass of the lexer over an input.
struct Walker<'a> {
    lexer: &'a Lexer,
    input: &'a str,
    /// Byte offset of the next character, always at a character boundary.
    pos: usize,
    /// The variables, or `None` to collect references instead of expanding.
    env: Option<&'a dyn Env>,
    /// The word being built. BuildKit keeps one such buffer per lexer, and every nested word
    /// clears it, so the part of a word before a substitution with a word is lost.
    word_buffer: String,
    /// Depth of the nested word being read.
    nesting: usize,
    lookups: Lookups,
}

impl<'a> Walker<'a> {
    fn new(lexer: &'a Lexer, input: &'a str, env: Option<&'a dyn Env>) -> Self {
        Walker {
            lexer,
            input,
            pos: 0,
            env,
            word_buffer: String::new(),
            nesting: 0,
            lookups: Lookups::default(),
        }
    }

    fn run(&mut self) -> Result<(String, Vec<String>), ExpandError> {
        if self.peek() == Some(BYTE_ORDER_MARK) {
            self.bump();
        }
        self.process_until(None, self.lexer.raw_escapes)
    }

    fn peek(&self) -> Option<char> {
        self.input.get(self.pos..)?.chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let ch = self.peek()?;
        self.pos += ch.len_utf8();
        Some(ch)
    }

    fn collecting(&self) -> bool {
        self.env.is_none()
    }

    /// Reads a word up to the unescaped, unquoted `stop` character (consumed) or, without one,
    /// to the end of the input. Returns the word and its split into words.
    fn process_until(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
    ) -> Result<(String, Vec<String>), ExpandError> {
        let mut result = String::new();
        let mut words = WordSplitter::default();
        self.word_buffer.clear();

        while let Some(ch) = self.peek() {
            if Some(ch) == stop {
                self.bump();
                return Ok((result, words.finish(&mut self.word_buffer)));
            }

            let quotes = !self.lexer.skip_process_quotes;
            match ch {
                '$' => {
                    let text = self.process_dollar()?;
                    result.push_str(&text);
                    if result.len() > MAX_RESULT_LENGTH {
                        return Err(too_long(self.pos));
                    }
                    words.add_str(&mut self.word_buffer, &text);
                }
                '<' => {
                    let text = self.process_possible_heredoc();
                    result.push_str(&text);
                    words.add_raw_str(&mut self.word_buffer, &text);
                }
                '\'' if quotes => {
                    let text = self.process_single_quote()?;
                    result.push_str(&text);
                    words.add_raw_str(&mut self.word_buffer, &text);
                }
                '"' if quotes => {
                    let text = self.process_double_quote(raw_escapes)?;
                    result.push_str(&text);
                    if result.len() > MAX_RESULT_LENGTH {
                        return Err(too_long(self.pos));
                    }
                    words.add_raw_str(&mut self.word_buffer, &text);
                }
                _ => {
                    self.bump();
                    if ch != self.lexer.escape {
                        words.add_char(&mut self.word_buffer, ch);
                        result.push(ch);
                        continue;
                    }

                    if raw_escapes {
                        words.add_raw_char(&mut self.word_buffer, ch);
                        result.push(ch);
                    }
                    // An escape character at the end of the input is dropped.
                    let Some(escaped) = self.bump() else { break };
                    words.add_raw_char(&mut self.word_buffer, escaped);
                    result.push(escaped);
                }
            }
        }

        if let Some(stop) = stop {
            // Every caller that passes a stop character replaces this message with its own.
            return Err(ExpandError::new(
                format!("unexpected end of statement while looking for matching {stop}"),
                self.pos,
            ));
        }
        Ok((result, words.finish(&mut self.word_buffer)))
    }

    /// Reads `'...'`, whose content is literal: not even the quote can be escaped.
    fn process_single_quote(&mut self) -> Result<String, ExpandError> {
        let open = self.pos;
        self.bump();

        let mut result = String::new();
        if self.lexer.raw_quotes {
            result.push('\'');
        }
        loop {
            match self.bump() {
                None => {
                    return Err(ExpandError::new(
                        "unexpected end of statement while looking for matching single-quote",
                        open,
                    ));
                }
                Some('\'') => {
                    if self.lexer.raw_quotes {
                        result.push('\'');
                    }
                    return Ok(result);
                }
                Some(ch) => result.push(ch),
            }
        }
    }

    /// Reads `"..."`, which expands `$` and where the escape character escapes only `"`, `$`
    /// and itself. Before any other character the escape character is kept.
    fn process_double_quote(&mut self, raw_escapes: bool) -> Result<String, ExpandError> {
        let open = self.pos;
        self.bump();

        let mut result = String::new();
        if self.lexer.raw_quotes {
            result.push('"');
        }
        loop {
            match self.peek() {
                None => {
                    return Err(ExpandError::new(
                        "unexpected end of statement while looking for matching double-quote",
                        open,
                    ));
                }
                Some('"') => {
                    self.bump();
                    if self.lexer.raw_quotes {
                        result.push('"');
                    }
                    return Ok(result);
                }
                Some('$') => {
                    let text = self.process_dollar()?;
                    result.push_str(&text);
                    if result.len() > MAX_RESULT_LENGTH {
                        return Err(too_long(self.pos));
                    }
                }
                Some(mut ch) => {
                    self.bump();
                    if ch == self.lexer.escape {
                        if raw_escapes {
                            result.push(ch);
                        }
                        match self.peek() {
                            // The missing closing quote is reported on the next turn.
                            None => continue,
                            Some(next)
                                if next == '"' || next == '$' || next == self.lexer.escape =>
                            {
                                self.bump();
                                ch = next;
                            }
                            Some(_) => {}
                        }
                    }
                    result.push(ch);
                }
            }
        }
    }

    /// Reads `<` or `<<` with the blanks after it, which BuildKit keeps in one word with the
    /// heredoc delimiter that follows.
    fn process_possible_heredoc(&mut self) -> String {
        self.bump();
        if self.peek() != Some('<') {
            return "<".to_owned();
        }
        self.bump();

        let mut text = "<<".to_owned();
        while let Some(ch @ ('\t' | '\r' | ' ')) = self.peek() {
            text.push(ch);
            self.bump();
        }
        text
    }

    /// Reads and expands a substitution that starts with `$`.
    fn process_dollar(&mut self) -> Result<String, ExpandError> {
        let start = self.pos;
        self.bump();

        if self.peek() != Some('{') {
            let name = self.process_name();
            if name.is_empty() {
                return Ok("$".to_owned());
            }
            return Ok(match self.lookup(&name, start) {
                Some(value) => value.to_owned(),
                None if self.lexer.skip_unset_env => format!("${name}"),
                None => String::new(),
            });
        }

        self.bump();
        match self.peek() {
            None => return Err(missing_brace(start)),
            Some('{' | '}' | ':') => {
                return Err(ExpandError::new("syntax error: bad substitution", start));
            }
            Some(_) => {}
        }

        let name = self.process_name();
        let ch = self.bump();
        match ch {
            Some('}') => Ok(match self.lookup(&name, start) {
                Some(value) => value.to_owned(),
                None if self.lexer.skip_unset_env => format!("${{{name}}}"),
                None => String::new(),
            }),
            Some(':' | '+' | '-' | '?' | '#' | '%') => self.process_modifier(&name, ch, start),
            Some('/') => self.process_replacement(&name, start),
            _ => Err(unsupported_modifier(&modifier_text(ch), start)),
        }
    }

    /// Reads and expands `${name<modifier>word}` after the first character of the modifier,
    /// `first`.
    fn process_modifier(
        &mut self,
        name: &str,
        first: Option<char>,
        start: usize,
    ) -> Result<String, ExpandError> {
        let mut modifier = modifier_text(first);
        let null_is_unset = first == Some(':');
        let operator = if null_is_unset {
            let second = self.bump();
            modifier.push_str(&modifier_text(second));
            second
        } else {
            first
        };

        // Patterns keep their escape characters, so that `\*` can stand for a literal `*`.
        let is_pattern = matches!(operator, Some('#' | '%'));
        if null_is_unset && is_pattern {
            return Err(unsupported_modifier(&modifier, start));
        }
        let word = self.nested_word('}', is_pattern, start, missing_brace)?;

        let value = self.lookup(name, start);
        if value.is_none() && self.lexer.skip_unset_env {
            return Ok(format!("${{{name}{modifier}{word}}}"));
        }
        let is_null = match value {
            None => true,
            Some(value) => null_is_unset && value.is_empty(),
        };

        match operator {
            Some('-') if is_null => Ok(word),
            Some('-') => Ok(value.unwrap_or_default().to_owned()),
            Some('+') if is_null => Ok(String::new()),
            Some('+') => Ok(word),
            Some('?') => {
                if self.collecting() || !is_null {
                    return Ok(value.unwrap_or_default().to_owned());
                }
                let message = match (word.is_empty(), value.is_none()) {
                    (false, _) => word,
                    (true, true) => "is not allowed to be unset".to_owned(),
                    (true, false) => "is not allowed to be empty".to_owned(),
                };
                Err(ExpandError::new(format!("{name}: {message}"), start))
            }
            Some(operator @ ('#' | '%')) => {
                if self.collecting() {
                    return Ok(String::new());
                }
                // A doubled operator (`##`, `%%`) removes the longest match instead of the
                // shortest.
                let (pattern, longest) = match word.strip_prefix(operator) {
                    Some(rest) => (rest, true),
                    None => (word.as_str(), false),
                };
                let value = value.unwrap_or_default();
                let trimmed = if operator == '%' {
                    pattern::trim_suffix(pattern, value, longest)
                } else {
                    pattern::trim_prefix(pattern, value, longest)
                };
                trimmed.map_err(|message| ExpandError::new(message, start))
            }
            _ => Err(unsupported_modifier(&modifier, start)),
        }
    }

    /// Reads and expands `${name/pattern/replacement}` or `${name//pattern/replacement}` after
    /// the first `/`.
    fn process_replacement(&mut self, name: &str, start: usize) -> Result<String, ExpandError> {
        let replace_all = self.peek() == Some('/');
        if replace_all {
            self.bump();
        }

        let pattern = self.nested_word('/', true, start, missing_slash)?;
        let replacement = self.nested_word('}', true, start, missing_brace)?;

        let value = self.lookup(name, start);
        if value.is_none() && self.lexer.skip_unset_env {
            // BuildKit writes a single `/` here even for `//`.
            return Ok(format!("${{{name}/{pattern}/{replacement}}}"));
        }
        if self.collecting() {
            return Ok(String::new());
        }

        let value = value.unwrap_or_default();
        let replaced = if replace_all {
            pattern::replace_all(&pattern, value, &replacement)
        } else {
            pattern::replace_first(&pattern, value, &replacement)
        };
        replaced.map_err(|message| ExpandError::new(message, start))
    }

    /// Reads the word of the substitution that starts at `start`, up to `stop`. An input that
    /// ends inside the word is reported with `missing`.
    fn nested_word(
        &mut self,
        stop: char,
        raw_escapes: bool,
        start: usize,
        missing: fn(usize) -> ExpandError,
    ) -> Result<String, ExpandError> {
        if self.nesting >= MAX_NESTING {
            return Err(ExpandError::new(
                format!("syntax error: substitutions nested more than {MAX_NESTING} levels deep"),
                start,
            ));
        }

        self.nesting += 1;
        let word = self.process_until(Some(stop), raw_escapes);
        self.nesting -= 1;

        match word {
            Ok((word, _)) => Ok(word),
            Err(_) if self.peek().is_none() => Err(missing(start)),
            Err(error) => Err(error),
        }
    }

    /// Reads a variable name: a run of digits, one special parameter character (`@*#?-$!`), or
    /// letters, digits and `_`. Returns an empty name when none follows.
    fn process_name(&mut self) -> String {
        let mut name = String::new();

        while let Some(ch) = self.peek() {
            if name.is_empty() && is_decimal_digit(ch) {
                while let Some(digit) = self.peek().filter(|&ch| is_decimal_digit(ch)) {
                    self.bump();
                    name.push(digit);
                }
                return name;
            }
            if name.is_empty() && is_special_parameter(ch) {
                self.bump();
                name.push(ch);
                return name;
            }
            if !is_letter(ch) && !is_decimal_digit(ch) && ch != '_' {
                break;
            }
            self.bump();
            name.push(ch);
        }
        name
    }

    /// Looks up `name` for the substitution that starts at `start` and ends at the current
    /// position.
    fn lookup(&mut self, name: &str, start: usize) -> Option<&'a str> {
        let Some(env) = self.env else {
            let range = start..self.pos;
            self.lookups.references.push((name.to_owned(), range));
            return None;
        };

        let value = env.get(name);
        if self.lookups.seen.insert(name.to_owned()) {
            let names = if value.is_some() {
                &mut self.lookups.matched
            } else {
                &mut self.lookups.unmatched
            };
            names.push(name.to_owned());
        }
        value
    }
}

fn missing_brace(offset: usize) -> ExpandError {
    ExpandError::new("syntax error: missing '}'", offset)
}

fn missing_slash(offset: usize) -> ExpandError {
    ExpandError::new("syntax error: missing '/' in ${}", offset)
}

fn unsupported_modifier(modifier: &str, offset: usize) -> ExpandError {
    ExpandError::new(
        format!("unsupported modifier ({modifier}) in substitution"),
        offset,
    )
}

/// Writes a modifier character as BuildKit prints it, with U+FFFD for the end of the input.
fn modifier_text(ch: Option<char>) -> String {
    ch.unwrap_or(REPLACEMENT_CHARACTER).to_string()
}

/// Tells whether `ch` is a special parameter of POSIX shells. `0` is one too, but
/// `Walker::process_name` reads it as a digit first.
fn is_special_parameter(ch: char) -> bool {
    matches!(ch, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0')
}

/// Go's `unicode.IsLetter`: general category L.
fn is_letter(ch: char) -> bool {
    if ch.is_ascii() {
        return ch.is_ascii_alphabetic();
    }
    matches!(
        get_general_category(ch),
        GeneralCategory::UppercaseLetter
            | GeneralCategory::LowercaseLetter
            | GeneralCategory::TitlecaseLetter
            | GeneralCategory::ModifierLetter
            | GeneralCategory::OtherLetter
    )
}

/// Go's `unicode.IsDigit`: general category Nd.
fn is_decimal_digit(ch: char) -> bool {
    if ch.is_ascii() {
        return ch.is_ascii_digit();
    }
    get_general_category(ch) == GeneralCategory::DecimalNumber
}

/// Shell patterns as BuildKit matches them. BuildKit converts a pattern to a Go regular
/// expression in which `*` is `.*` (or `.*?` for a shortest match), `?` is `.`, and every other
/// character is literal. Go's `.` does not match a newline.
mod pattern {
    use std::ops::Range;

    use super::{BYTE_ORDER_MARK, REPLACEMENT_CHARACTER, is_decimal_digit, is_letter};

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Token {
        Literal(char),
        /// `?`: one character other than a newline.
        AnyChar,
        /// `*`: any run of characters other than a newline.
        AnyString,
    }

    /// A compiled pattern: state `i` of the matcher is "before token `i`", and state
    /// `tokens.len()` accepts.
    struct Pattern {
        tokens: Vec<Token>,
    }

    #[derive(Clone, Copy)]
    struct Thread {
        state: usize,
        start: usize,
    }

    /// Matcher threads, at most one per state, ordered by start offset.
    struct ThreadList {
        threads: Vec<Thread>,
        present: Vec<bool>,
    }

    impl ThreadList {
        fn new(states: usize) -> Self {
            ThreadList {
                threads: Vec::new(),
                present: vec![false; states],
            }
        }

        fn clear(&mut self) {
            for thread in &self.threads {
                self.present[thread.state] = false;
            }
            self.threads.clear();
        }

        /// Adds a thread unless one with an earlier start is in the same state. A thread before
        /// `*` also continues after it, because `*` may match nothing.
        fn add(&mut self, tokens: &[Token], mut state: usize, start: usize) {
            loop {
                if self.present[state] {
                    return;
                }
                self.present[state] = true;
                self.threads.push(Thread { state, start });

                if tokens.get(state) != Some(&Token::AnyString) {
                    return;
                }
                state += 1;
            }
        }

        fn accepting_start(&self, accept: usize) -> Option<usize> {
            if !self.present[accept] {
                return None;
            }
            self.threads
                .iter()
                .find(|t| t.state == accept)
                .map(|t| t.start)
        }

        fn remove_started_after(&mut self, limit: usize) {
            for thread in &self.threads {
                if thread.start > limit {
                    self.present[thread.state] = false;
                }
            }
            self.threads.retain(|thread| thread.start <= limit);
        }
    }

    /// Thread lists of a search, kept to be reused by the next search with the same pattern.
    struct Scratch {
        current: ThreadList,
        next: ThreadList,
    }

    impl Pattern {
        /// Compiles `text` as BuildKit does, or returns BuildKit's message for an invalid
        /// escape. A backslash makes `*`, `?` and `\` literal, and is dropped before `}` and `/`
        /// whose escape belongs to the `${...}` syntax.
        fn scratch(&self) -> Scratch {
            let states = self.tokens.len() + 1;
            Scratch {
                current: ThreadList::new(states),
                next: ThreadList::new(states),
            }
        }

        fn compile(text: &str) -> Result<Pattern, String> {
            let mut chars = text.chars().peekable();
            // Go's text/scanner, which reads the pattern, drops a leading byte order mark.
            chars.next_if_eq(&BYTE_ORDER_MARK);

            let mut tokens = Vec::new();
            while let Some(ch) = chars.next() {
                let token = match ch {
                    '*' => Token::AnyString,
                    '?' => Token::AnyChar,
                    '\\' => match chars.peek() {
                        Some('}' | '/') => continue,
                        Some(&escaped @ ('*' | '?' | '\\')) => {
                            chars.next();
                            Token::Literal(escaped)
                        }
                        other => {
                            let after_backslash = other.copied().unwrap_or(REPLACEMENT_CHARACTER);
                            return Err(format!("invalid escape '\\{after_backslash}'"));
                        }
                    },
                    _ => Token::Literal(ch),
                };
                tokens.push(token);
            }
            Ok(Pattern { tokens })
        }

        /// Finds the match that Go's leftmost-first regular expression search finds.
        ///
        /// With `anchored`, only a match that starts at `from` counts. Otherwise the match with
        /// the leftmost start at or after `from` wins. Among matches with that start, the
        /// longest wins if `longest`, the shortest otherwise, which is what greedy and lazy
        /// stars give when every star in the pattern is of one kind. A shortest match is only
        /// requested with `anchored`.
        ///
        /// Time is O(pattern length × value length); memory is O(pattern length).
        fn search(
            &self,
            scratch: &mut Scratch,
            value: &str,
            from: usize,
            anchored: bool,
            longest: bool,
        ) -> Option<Range<usize>> {
            let accept = self.tokens.len();
            let Scratch { current, next } = scratch;
            current.clear();
            let mut found: Option<Range<usize>> = None;
            let mut pos = from;

            loop {
                if found.is_none() && (!anchored || pos == from) {
                    current.add(&self.tokens, 0, pos);
                }

                if let Some(start) = current.accepting_start(accept) {
                    match &mut found {
                        None => found = Some(start..pos),
                        Some(best) if start < best.start => *best = start..pos,
                        Some(best) if start == best.start && longest => best.end = pos,
                        Some(_) => {}
                    }
                    if !longest {
                        return found;
                    }
                }
                if let Some(best) = &found {
                    // A thread that started after the match can only give a match further
                    // right, which loses.
                    current.remove_started_after(best.start);
                }

                if current.threads.is_empty() && (anchored || found.is_some()) {
                    break;
                }
                let Some(ch) = value.get(pos..).and_then(|rest| rest.chars().next()) else {
                    break;
                };

                next.clear();
                for thread in &current.threads {
                    let Thread { state, start } = *thread;
                    match self.tokens.get(state) {
                        Some(Token::Literal(literal)) if *literal == ch => {
                            next.add(&self.tokens, state + 1, start);
                        }
                        Some(Token::AnyChar) if ch != '\n' => {
                            next.add(&self.tokens, state + 1, start);
                        }
                        Some(Token::AnyString) if ch != '\n' => {
                            next.add(&self.tokens, state, start);
                        }
                        _ => {}
                    }
                }
                std::mem::swap(current, next);
                pos += ch.len_utf8();
            }
            found
        }
    }

    fn compile_for_substitution(text: &str) -> Result<Pattern, String> {
        Pattern::compile(text)
            .map_err(|error| format!("invalid pattern ({text}) in substitution: {error}"))
    }

    /// Removes the shortest (or with `longest`, the longest) prefix of `value` that matches
    /// `pattern`, as `${name#pattern}` and `${name##pattern}` do.
    pub(super) fn trim_prefix(pattern: &str, value: &str, longest: bool) -> Result<String, String> {
        let compiled = compile_for_substitution(pattern)?;
        let rest = match compiled.search(&mut compiled.scratch(), value, 0, true, longest) {
            Some(found) => value.get(found.end..).unwrap_or_default(),
            None => value,
        };
        Ok(rest.to_owned())
    }

    /// Removes the shortest (or with `longest`, the longest) suffix of `value` that matches
    /// `pattern`, as `${name%pattern}` and `${name%%pattern}` do.
    ///
    /// BuildKit reverses the pattern and the value and removes a prefix, so an error message
    /// shows the pattern reversed, as BuildKit's does.
    pub(super) fn trim_suffix(pattern: &str, value: &str, longest: bool) -> Result<String, String> {
        let reversed_value: String = value.chars().rev().collect();
        let trimmed = trim_prefix(&reverse_pattern(pattern), &reversed_value, longest)?;
        Ok(trimmed.chars().rev().collect())
    }

    /// Reverses a pattern character by character, keeping a backslash before the character it
    /// escapes. A backslash at the end has nothing to escape and moves to the front.
    fn reverse_pattern(pattern: &str) -> String {
        let mut units = Vec::new();
        let mut rest = pattern;
        while let Some(first) = rest.chars().next() {
            let mut len = first.len_utf8();
            if first == '\\' {
                len += rest[len..].chars().next().map_or(0, char::len_utf8);
            }
            let (unit, tail) = rest.split_at(len);
            units.push(unit);
            rest = tail;
        }
        units.iter().rev().copied().collect()
    }

    /// Replaces the leftmost longest match of `pattern` in `value` with `replacement`, taken
    /// literally, as `${name/pattern/replacement}` does.
    pub(super) fn replace_first(
        pattern: &str,
        value: &str,
        replacement: &str,
    ) -> Result<String, String> {
        let compiled = compile_for_substitution(pattern)?;
        let Some(found) = compiled.search(&mut compiled.scratch(), value, 0, false, true) else {
            return Ok(value.to_owned());
        };

        let mut result = String::with_capacity(value.len() + replacement.len());
        result.push_str(value.get(..found.start).unwrap_or_default());
        result.push_str(replacement);
        result.push_str(value.get(found.end..).unwrap_or_default());
        Ok(result)
    }

    /// Replaces every match of `pattern` in `value`, as `${name//pattern/replacement}` does
    /// through Go's `Regexp.ReplaceAllString`. Matches do not overlap, an empty match right
    /// after a match is skipped, and `replacement` is a template (see [`expand_template`]).
    pub(super) fn replace_all(
        pattern: &str,
        value: &str,
        replacement: &str,
    ) -> Result<String, String> {
        let compiled = compile_for_substitution(pattern)?;
        let mut scratch = compiled.scratch();
        let mut result = String::with_capacity(value.len());
        let mut last_end = 0;
        let mut search_from = 0;

        while search_from <= value.len() {
            let Some(found) = compiled.search(&mut scratch, value, search_from, false, true) else {
                break;
            };
            result.push_str(value.get(last_end..found.start).unwrap_or_default());
            if found.end > last_end || found.start == 0 {
                let matched = value.get(found.clone()).unwrap_or_default();
                expand_template(&mut result, replacement, matched);
            }
            if result.len() > super::MAX_RESULT_LENGTH {
                return Err(format!(
                    "expansion result longer than {} bytes",
                    super::MAX_RESULT_LENGTH
                ));
            }
            last_end = found.end;

            // Always advance by at least one character, so that an empty match ends.
            let width = value
                .get(search_from..)
                .and_then(|rest| rest.chars().next())
                .map_or(0, char::len_utf8);
            search_from = if search_from + width > found.end {
                search_from + width
            } else if search_from + 1 > found.end {
                search_from + 1
            } else {
                found.end
            };
        }
        result.push_str(value.get(last_end..).unwrap_or_default());
        Ok(result)
    }

    /// Appends `template` to `out` as Go's `Regexp.Expand` does for a pattern without groups.
    /// There `$$` is `$`, `$0` and `${0}` are the matched text, any other `$name` or `${name}` is
    /// empty, and a `$` that starts no name is literal.
    fn expand_template(out: &mut String, template: &str, matched: &str) {
        let mut rest = template;
        while let Some(dollar) = rest.find('$') {
            out.push_str(&rest[..dollar]);
            rest = &rest[dollar + 1..];

            if let Some(after) = rest.strip_prefix('$') {
                out.push('$');
                rest = after;
                continue;
            }
            match template_name(rest) {
                Some((name, after)) => {
                    if name == "0" {
                        out.push_str(matched);
                    }
                    rest = after;
                }
                None => out.push('$'),
            }
        }
        out.push_str(rest);
    }

    /// Splits a leading `name` or `{name}` off `text`, where a name is letters, digits and `_`.
    fn template_name(text: &str) -> Option<(&str, &str)> {
        let (body, braced) = match text.strip_prefix('{') {
            Some(body) => (body, true),
            None => (text, false),
        };
        let end = body
            .char_indices()
            .find(|&(_, ch)| !is_letter(ch) && !is_decimal_digit(ch) && ch != '_')
            .map_or(body.len(), |(index, _)| index);
        if end == 0 {
            return None;
        }

        let (name, after) = body.split_at(end);
        if !braced {
            return Some((name, after));
        }
        after.strip_prefix('}').map(|after| (name, after))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn search(
            pattern: &str,
            value: &str,
            anchored: bool,
            longest: bool,
        ) -> Option<Range<usize>> {
            let compiled = Pattern::compile(pattern).ok()?;
            compiled.search(&mut compiled.scratch(), value, 0, anchored, longest)
        }

        #[test]
        fn compile_reports_invalid_escapes() {
            for (pattern, message) in [
                ("\\", "invalid escape '\\\u{FFFD}'"),
                ("\\x", "invalid escape '\\x'"),
                ("\\\\\\", "invalid escape '\\\u{FFFD}'"),
                ("a\\.", "invalid escape '\\.'"),
            ] {
                let error = Pattern::compile(pattern).err();
                assert_eq!(error.as_deref(), Some(message), "pattern {pattern:?}");
            }
        }

        #[test]
        fn compile_reads_escapes_and_brackets_literally() {
            let compiled = Pattern::compile("[a]\\*\\?\\\\\\}\\/").map(|p| p.tokens);
            let expected: Vec<Token> = "[a]*?\\}/".chars().map(Token::Literal).collect();
            assert_eq!(compiled, Ok(expected));
        }

        #[test]
        fn reverse_pattern_keeps_escape_pairs() {
            for (pattern, reversed) in [
                ("a\\*c", "c\\*a"),
                ("\\\\\\ab", "b\\a\\\\"),
                ("ab\\", "\\ba"),
                ("👽\\🚀🖖", "🖖\\🚀👽"),
                ("\\\\b", "b\\\\"),
            ] {
                assert_eq!(reverse_pattern(pattern), reversed, "pattern {pattern:?}");
            }
        }

        #[test]
        fn search_prefers_leftmost_then_longest() {
            let found = search("a*b", "xxab_ab_b", false, true);
            assert_eq!(found, Some(2..9));
        }

        #[test]
        fn search_lazy_stops_at_shortest() {
            let found = search("*b", "abab", true, false);
            assert_eq!(found, Some(0..2));
        }

        #[test]
        fn wildcards_skip_newlines() {
            assert_eq!(search("a*", "ab\ncd", true, true), Some(0..2));
            assert_eq!(search("a?c", "a\nc", true, true), None);
        }

        #[test]
        fn template_expands_only_whole_match() {
            for (template, expected) in [
                ("<$0>", "<mid>"),
                ("<${0}>", "<mid>"),
                ("$$0", "$0"),
                ("$1$name${x}", ""),
                ("$00", ""),
                ("${0", "${0"),
                ("a$", "a$"),
                ("$-", "$-"),
            ] {
                let mut out = String::new();
                expand_template(&mut out, template, "mid");
                assert_eq!(out, expected, "template {template:?}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect()
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| item.to_string()).collect()
    }

    fn standard_env() -> Vec<(String, String)> {
        env(&[
            ("PWD", "/home"),
            ("SHELL", "bash"),
            ("KOREAN", "한국어"),
            ("NULL", ""),
            ("FILE", "archive.tar.gz"),
            ("PATHS", "/usr/local/bin:/usr/bin:/bin"),
            ("SPACED", "  a  b "),
        ])
    }

    fn expand(input: &str) -> Result<String, ExpandError> {
        Lexer::new('\\')
            .process_word(input, &standard_env())
            .map(|expansion| expansion.value)
    }

    fn expand_error(input: &str) -> Option<ExpandError> {
        expand(input).err()
    }

    #[test]
    fn env_slice_uses_last_definition() {
        let pairs = env(&[("A", "1"), ("B", "2"), ("A", "3")]);
        assert_eq!(Env::get(pairs.as_slice(), "A"), Some("3"));
        assert_eq!(Env::get(&pairs, "B"), Some("2"));
        assert_eq!(Env::get(&pairs, "C"), None);
    }

    #[test]
    fn env_maps_look_up_names() {
        let hash: HashMap<String, String> = [("A".to_string(), "1".to_string())].into();
        let borrowed: HashMap<&str, &str> = [("A", "1")].into();
        let tree: BTreeMap<String, String> = [("A".to_string(), "1".to_string())].into();
        assert_eq!(Env::get(&hash, "A"), Some("1"));
        assert_eq!(Env::get(&borrowed, "A"), Some("1"));
        assert_eq!(Env::get(&tree, "A"), Some("1"));
        assert_eq!(Env::get(&tree, "a"), None);
    }

    #[test]
    fn process_word_expands_every_form() {
        let cases = [
            // Plain names and braces.
            ("hello", "hello"),
            ("he$PWD", "he/home"),
            ("he${PWD}x", "he/homex"),
            ("$KOREAN!", "한국어!"),
            ("$UNSET.", "."),
            ("$.", "$."),
            ("a$", "a$"),
            ("$PWD_x", ""),
            // Defaults and alternatives, with and without the colon.
            ("${UNSET:-d}", "d"),
            ("${NULL:-d}", "d"),
            ("${PWD:-d}", "/home"),
            ("${UNSET-d}", "d"),
            ("${NULL-d}", ""),
            ("${UNSET:+a}", ""),
            ("${NULL:+a}", ""),
            ("${PWD:+a}", "a"),
            ("${UNSET+a}", ""),
            ("${NULL+a}", "a"),
            ("${PWD?}", "/home"),
            ("${NULL?}", ""),
            ("${PWD:?}", "/home"),
            // Nested words.
            ("${A:-${B:-c}}", "c"),
            ("${A:-$PWD}", "/home"),
            ("${PWD:+${SHELL}:}x", "bash:x"),
            ("${A:-x y}", "x y"),
            ("${A:-'}'}", "}"),
            ("${A:-\"${SHELL}\"}", "bash"),
            ("${A:-a\\}b}", "a}b"),
            ("${A:-b {c}", "b {c"),
            ("${A:-b}}", "b}"),
            // Prefix and suffix removal.
            ("${FILE#*.}", "tar.gz"),
            ("${FILE##*.}", "gz"),
            ("${FILE%.*}", "archive.tar"),
            ("${FILE%%.*}", "archive"),
            ("${FILE#arch}", "ive.tar.gz"),
            ("${FILE#x*}", "archive.tar.gz"),
            ("${FILE#?r}", "chive.tar.gz"),
            ("${FILE%?z}", "archive.tar."),
            ("${FILE#}", "archive.tar.gz"),
            ("${FILE##}", "archive.tar.gz"),
            ("${FILE#*}", "archive.tar.gz"),
            ("${FILE##*}", ""),
            ("${FILE#\"*\"}", "archive.tar.gz"),
            ("${FILE#\"*.\"}", "tar.gz"),
            ("${FILE#[a]*}", "archive.tar.gz"),
            ("${UNSET#*}", ""),
            ("${PATHS%%:*}", "/usr/local/bin"),
            ("${PATHS#*:}", "/usr/bin:/bin"),
            // Replacement.
            ("${FILE/a/A}", "Archive.tar.gz"),
            ("${FILE//a/A}", "Archive.tAr.gz"),
            ("${FILE/.*/}", "archive"),
            ("${FILE//.?/_}", "archive_ar_z"),
            ("${PATHS//\\//|}", "|usr|local|bin:|usr|bin:|bin"),
            ("${FILE/x/y}", "archive.tar.gz"),
            ("${FILE/t/$PWD}", "archive./homear.gz"),
            ("${FILE///}", "archive.tar.gz"),
            ("${UNSET/a/b}", ""),
            // Only `//` reads `$0` in the replacement as the matched text. Single quotes keep
            // the lexer from expanding it first.
            ("${FILE//.gz/<'$0'>}", "archive.tar<.gz>"),
            ("${FILE/.gz/<'$0'>}", "archive.tar<$0>"),
            ("${FILE//.gz/<$0>}", "archive.tar<>"),
            // Quotes and escapes.
            ("'$PWD'", "$PWD"),
            ("\"$PWD\"", "/home"),
            ("\"he'$PWD'\"", "he'/home'"),
            ("he\\$PWD", "he$PWD"),
            ("he\\\\$PWD", "he\\/home"),
            ("\"he\\$PWD\"", "he$PWD"),
            ("\"a\\tb\"", "a\\tb"),
            ("a\\tb", "atb"),
            ("\"a\\\\tb\"", "a\\tb"),
            ("'a\\tb'", "a\\tb"),
            ("hello\\", "hello"),
            ("\\${}", "${}"),
            ("\"''\"", "''"),
            ("'\"x\"'", "\"x\""),
            ("he'll'o", "hello"),
            // Heredoc markers pass through unchanged.
            ("<< EOF", "<< EOF"),
            ("a<b", "a<b"),
            // A leading byte order mark is dropped.
            ("\u{FEFF}$SHELL", "bash"),
        ];
        for (input, expected) in cases {
            assert_eq!(expand(input).as_deref(), Ok(expected), "input {input:?}");
        }
    }

    #[test]
    fn process_word_reads_special_and_positional_names() {
        let pairs = env(&[
            ("@", "at"),
            ("*", "star"),
            ("#", "hash"),
            ("?", "question"),
            ("-", "dash"),
            ("$", "dollar"),
            ("!", "bang"),
            ("0", "zero"),
            ("1", "one"),
            ("001", "leading"),
        ]);
        let lexer = Lexer::new('\\');
        let cases = [
            ("$@@", "at@"),
            ("${*}", "star"),
            ("$#x", "hashx"),
            ("${#}", "hash"),
            ("$?", "question"),
            ("$-", "dash"),
            ("$$", "dollar"),
            ("$!", "bang"),
            ("$0x", "zerox"),
            ("$1x", "onex"),
            ("${001}", "leading"),
            ("$12", ""),
            ("$٣", ""),
            ("$x٣y", ""),
            ("$²", "$²"),
        ];
        for (input, expected) in cases {
            let value = lexer.process_word(input, &pairs).map(|e| e.value);
            assert_eq!(value.as_deref(), Ok(expected), "input {input:?}");
        }
    }

    #[test]
    fn process_word_reports_every_error() {
        let cases = [
            (
                "he'llo",
                2,
                "unexpected end of statement while looking for matching single-quote",
            ),
            (
                "\"hello",
                0,
                "unexpected end of statement while looking for matching double-quote",
            ),
            (
                "\"hello\\\"",
                0,
                "unexpected end of statement while looking for matching double-quote",
            ),
            (
                "\"a\\",
                0,
                "unexpected end of statement while looking for matching double-quote",
            ),
            ("x${}", 1, "syntax error: bad substitution"),
            ("${:x}", 0, "syntax error: bad substitution"),
            ("${{x}", 0, "syntax error: bad substitution"),
            ("${", 0, "syntax error: missing '}'"),
            (
                "${PWD",
                0,
                "unsupported modifier (\u{FFFD}) in substitution",
            ),
            ("${PWD:", 0, "syntax error: missing '}'"),
            ("${A:-b", 0, "syntax error: missing '}'"),
            ("${A:-\"b}", 0, "syntax error: missing '}'"),
            ("${A:-b ${c}", 0, "syntax error: missing '}'"),
            ("a${.}", 1, "unsupported modifier (.) in substitution"),
            ("${A B}", 0, "unsupported modifier ( ) in substitution"),
            ("${PWD:=x}", 0, "unsupported modifier (:=) in substitution"),
            ("${PWD=x}", 0, "unsupported modifier (=) in substitution"),
            ("${PWD:YYY}", 0, "unsupported modifier (:Y) in substitution"),
            ("${PWD:#x}", 0, "unsupported modifier (:#) in substitution"),
            ("${PWD:%%x}", 0, "unsupported modifier (:%) in substitution"),
            ("${PWD:}x}", 0, "unsupported modifier (:}) in substitution"),
            ("${#PWD}", 0, "unsupported modifier (P) in substitution"),
            ("${UNSET?}", 0, "UNSET: is not allowed to be unset"),
            ("${UNSET:?}", 0, "UNSET: is not allowed to be unset"),
            ("${NULL:?}", 0, "NULL: is not allowed to be empty"),
            ("x${UNSET?set $SHELL}", 1, "UNSET: set bash"),
            ("${NULL:?must be set}", 0, "NULL: must be set"),
            ("${A:-${UNSET?no}}", 5, "UNSET: no"),
            ("${A:-${UNSET?no}", 0, "syntax error: missing '}'"),
            ("${PWD/x}", 0, "syntax error: missing '/' in ${}"),
            ("${PWD//x}", 0, "syntax error: missing '/' in ${}"),
            ("${PWD/x/y", 0, "syntax error: missing '}'"),
            ("${SHELL//}", 0, "syntax error: missing '/' in ${}"),
            (
                "${PWD#a\\x}",
                0,
                "invalid pattern (a\\x) in substitution: invalid escape '\\x'",
            ),
            (
                "${PWD%a\\x}",
                0,
                "invalid pattern (\\xa) in substitution: invalid escape '\\x'",
            ),
            (
                "${PWD#'\\'}",
                0,
                "invalid pattern (\\) in substitution: invalid escape '\\\u{FFFD}'",
            ),
            (
                "${PWD/\\x/y}",
                0,
                "invalid pattern (\\x) in substitution: invalid escape '\\x'",
            ),
        ];
        for (input, offset, message) in cases {
            let expected = ExpandError::new(message, offset);
            assert_eq!(expand_error(input), Some(expected), "input {input:?}");
        }
    }

    #[test]
    fn error_offsets_count_bytes() {
        let error = expand_error("안녕${}");
        assert_eq!(error.map(|e| e.offset), Some("안녕".len()));
    }

    #[test]
    fn nesting_limit_rejects_deep_input() {
        let depth = MAX_NESTING + 1;
        let input = format!("{}x{}", "${A:-".repeat(depth), "}".repeat(depth));
        let error = expand_error(&input);
        assert!(
            error.is_some_and(|e| e.message.contains("nested more than")),
            "input of depth {depth}"
        );

        let input = format!(
            "{}x{}",
            "${A:-".repeat(MAX_NESTING),
            "}".repeat(MAX_NESTING)
        );
        assert_eq!(expand(&input).as_deref(), Ok("x"));
    }

    #[test]
    fn process_word_reports_lookups() {
        let lexer = Lexer::new('\\');
        let pairs = env(&[("FOO", "xxx"), ("BAR", "")]);
        let expansion = lexer.process_word("${FOO:-$A} ${BAR+b} ${BAZ:-$FOO} $A", &pairs);
        let expansion = expansion.unwrap_or_default();
        assert_eq!(expansion.value, "xxx b xxx ");
        assert_eq!(expansion.matched, ["FOO", "BAR"]);
        assert_eq!(expansion.unmatched, ["A", "BAZ"]);
    }

    #[test]
    fn escape_character_can_be_backtick() {
        let lexer = Lexer::new('`');
        let pairs = standard_env();
        for (input, expected) in [
            ("C:\\path`$PWD", "C:\\path$PWD"),
            ("\"a`\"b\"", "a\"b"),
            ("a``b", "a`b"),
            // A pattern keeps the escape character and reads a backtick literally.
            ("${FILE#*`.}", "archive.tar.gz"),
            ("\\$PWD", "\\/home"),
        ] {
            let value = lexer.process_word(input, &pairs).map(|e| e.value);
            assert_eq!(value.as_deref(), Ok(expected), "input {input:?}");
        }
    }

    #[test]
    fn raw_quotes_keep_quote_characters() {
        let lexer = Lexer {
            raw_quotes: true,
            ..Lexer::default()
        };
        let pairs = standard_env();
        for (input, expected) in [
            ("'$PWD' \"$SHELL\"", "'$PWD' \"bash\""),
            ("a\"\"b", "a\"\"b"),
            ("${A:-'x'}", "'x'"),
        ] {
            let value = lexer.process_word(input, &pairs).map(|e| e.value);
            assert_eq!(value.as_deref(), Ok(expected), "input {input:?}");
        }
    }

    #[test]
    fn raw_escapes_keep_escape_characters() {
        let lexer = Lexer {
            raw_escapes: true,
            ..Lexer::default()
        };
        let pairs = standard_env();
        for (input, expected) in [
            ("a\\$PWD", "a\\$PWD"),
            ("a\\ b", "a\\ b"),
            ("\"\\$PWD\"", "\\$PWD"),
            // Before a character it cannot escape, the escape is written twice.
            ("\"\\t\"", "\\\\t"),
            // A default word drops escapes even then.
            ("${A:-\\$x}", "$x"),
            ("end\\", "end\\"),
        ] {
            let value = lexer.process_word(input, &pairs).map(|e| e.value);
            assert_eq!(value.as_deref(), Ok(expected), "input {input:?}");
        }
    }

    #[test]
    fn skip_unset_env_keeps_substitutions() {
        let lexer = Lexer {
            skip_unset_env: true,
            ..Lexer::default()
        };
        let pairs = standard_env();
        for (input, expected) in [
            ("$UNSET $PWD", "$UNSET /home"),
            ("${UNSET}", "${UNSET}"),
            ("${UNSET:-$PWD}", "${UNSET:-/home}"),
            ("${UNSET:=x}", "${UNSET:=x}"),
            ("${UNSET?}", "${UNSET?}"),
            ("${UNSET//a/b}", "${UNSET/a/b}"),
            ("${NULL:-d}", "d"),
        ] {
            let value = lexer.process_word(input, &pairs).map(|e| e.value);
            assert_eq!(value.as_deref(), Ok(expected), "input {input:?}");
        }
    }

    #[test]
    fn skip_process_quotes_reads_quotes_literally() {
        let lexer = Lexer {
            skip_process_quotes: true,
            ..Lexer::default()
        };
        let pairs = standard_env();
        for (input, expected) in [("'$SHELL'", "'bash'"), ("\"a b", "\"a b")] {
            let value = lexer.process_word(input, &pairs).map(|e| e.value);
            assert_eq!(value.as_deref(), Ok(expected), "input {input:?}");
        }
    }

    #[test]
    fn process_words_splits_on_unquoted_whitespace() {
        let lexer = Lexer::new('\\');
        let pairs = env(&[
            ("space", "abc  def"),
            ("leading", "  ab c"),
            ("trailing", "ab c   "),
            ("hi", "hi"),
        ]);
        let cases: [(&str, &[&str]); 17] = [
            ("hello", &["hello"]),
            ("hello there   ", &["hello", "there"]),
            ("  ", &[]),
            ("", &[]),
            ("hello${hi}bye", &["hellohibye"]),
            ("hello${space}bye", &["helloabc", "defbye"]),
            ("hello\"${space}\"bye", &["helloabc  defbye"]),
            ("hello${leading}def", &["hello", "ab", "cdef"]),
            ("hello${trailing}d", &["helloab", "c", "d"]),
            ("hel\"lo${trailing}\"", &["helloab c   "]),
            ("hello\\ there", &["hello there"]),
            ("hello\\\" there", &["hello\"", "there"]),
            ("a \"\" b", &["a", "b"]),
            ("a '' b", &["a", "b"]),
            ("cat << EOF", &["cat", "<< EOF"]),
            // BuildKit drops the part of a word before a substitution with a word.
            ("pre${unset:-post} next", &["post", "next"]),
            ("pre${hi#h}", &["i"]),
        ];
        for (input, expected) in cases {
            let words = lexer.process_words(input, &pairs);
            assert_eq!(words, Ok(strings(expected)), "input {input:?}");
        }

        let error = lexer.process_words("hello\" there", &pairs).err();
        assert_eq!(error.map(|e| e.offset), Some(5));
    }

    #[test]
    fn process_words_keeps_raw_quotes() {
        let lexer = Lexer {
            raw_quotes: true,
            skip_unset_env: true,
            ..Lexer::default()
        };
        let words = lexer.process_words("a \"\" '$x' ${y}", &env(&[]));
        assert_eq!(words, Ok(strings(&["a", "\"\"", "'$x'", "${y}"])));
    }

    #[test]
    fn variable_references_lists_names_with_ranges() {
        let input = "a$B ${C:-$D} '$E' \"$F\" \\$G ${H?} ${I#$J} ${K/x/$L} $1";
        let references = variable_references(input, '\\');
        let found: Vec<(&str, &str)> = references
            .iter()
            .map(|(name, range)| (name.as_str(), &input[range.clone()]))
            .collect();
        assert_eq!(
            found,
            [
                ("B", "$B"),
                ("C", "${C:-$D}"),
                ("D", "$D"),
                ("F", "$F"),
                ("H", "${H?}"),
                ("I", "${I#$J}"),
                ("J", "$J"),
                ("K", "${K/x/$L}"),
                ("L", "$L"),
                ("1", "$1"),
            ]
        );
    }

    #[test]
    fn variable_references_stop_at_syntax_error() {
        let references = variable_references("$A ${B:=x} $C", '\\');
        let names: Vec<&str> = references.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["A", "B"]);

        let references = variable_references("`$A $B", '`');
        let names: Vec<&str> = references.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["B"]);
    }

    #[test]
    fn malformed_input_never_panics() {
        let lexer = Lexer::new('\\');
        let pairs = standard_env();
        let pieces = [
            "$", "{", "}", ":", "-", "#", "%", "/", "\\", "'", "\"", "?", "*", "PWD", "안", "\n",
            "<", " ", "`", "+", "=",
        ];
        // Every sequence of three pieces.
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let input = format!("{a}{b}{c}${{PWD{a}{b}{c}}}");
                    let _ = lexer.process_word(&input, &pairs);
                    let _ = lexer.process_words(&input, &pairs);
                    let _ = variable_references(&input, '`');
                }
            }
        }
    }
}
