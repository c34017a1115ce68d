//! The syntax tree of a Dockerfile, in BuildKit's terms, with byte ranges into the source.

use crate::diagnostic::Diagnostic;
use crate::source::{LineIndex, Span};

/// A parsed Dockerfile: its text, parser directives, instructions and parse diagnostics.
#[derive(Clone, Debug)]
pub struct Dockerfile {
    /// The decoded text. Byte offsets of every span refer to it. Invalid UTF-8 sequences are
    /// replaced by U+FFFD and reported, so offsets after one differ from the raw bytes.
    pub text: String,
    pub line_index: LineIndex,
    pub directives: Vec<ParserDirective>,
    pub instructions: Vec<Instruction>,
    /// Every comment line outside instructions and heredoc bodies, directives excluded.
    pub comments: Vec<Comment>,
    /// Parse errors and warnings, in source order.
    pub diagnostics: Vec<Diagnostic>,
    /// The escape character: `\` unless an `escape` parser directive sets `` ` ``.
    pub escape: char,
}

impl Dockerfile {
    /// Returns the source text covered by `span`.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }

    /// Returns the 1-based line of byte `offset`.
    pub fn line_of(&self, offset: usize) -> u32 {
        self.line_index.line_of(offset) as u32 + 1
    }

    /// Returns the value of parser directive `name` (lower-case), if the file sets it.
    pub fn directive(&self, name: &str) -> Option<&ParserDirective> {
        self.directives
            .iter()
            .find(|directive| directive.name == name)
    }

    /// Returns true if any parse diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|diagnostic| diagnostic.severity == crate::Severity::Error)
    }
}

/// A parser directive such as `# syntax=docker/dockerfile:1`, read only at the top of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParserDirective {
    /// Lower-case key: `syntax`, `escape` or `check`.
    pub name: String,
    pub value: String,
    pub span: Span,
}

/// A comment line. `text` has the `#` and surrounding whitespace removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}

/// The 18 instruction keywords BuildKit defines, plus any other word in keyword position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    Unknown,
}

impl Keyword {
    pub const KNOWN: [(&'static str, Keyword); 18] = [
        ("ADD", Keyword::Add),
        ("ARG", Keyword::Arg),
        ("CMD", Keyword::Cmd),
        ("COPY", Keyword::Copy),
        ("ENTRYPOINT", Keyword::Entrypoint),
        ("ENV", Keyword::Env),
        ("EXPOSE", Keyword::Expose),
        ("FROM", Keyword::From),
        ("HEALTHCHECK", Keyword::Healthcheck),
        ("LABEL", Keyword::Label),
        ("MAINTAINER", Keyword::Maintainer),
        ("ONBUILD", Keyword::Onbuild),
        ("RUN", Keyword::Run),
        ("SHELL", Keyword::Shell),
        ("STOPSIGNAL", Keyword::Stopsignal),
        ("USER", Keyword::User),
        ("VOLUME", Keyword::Volume),
        ("WORKDIR", Keyword::Workdir),
    ];

    /// Looks up a keyword case-insensitively.
    pub fn from_word(word: &str) -> Keyword {
        Self::KNOWN
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(word))
            .map_or(Keyword::Unknown, |(_, keyword)| *keyword)
    }

    /// Returns the upper-case keyword, or `None` for `Unknown`.
    pub fn as_str(self) -> Option<&'static str> {
        Self::KNOWN
            .iter()
            .find(|(_, keyword)| *keyword == self)
            .map(|(name, _)| *name)
    }
}

/// A piece of instruction text with the byte range it came from.
///
/// `value` is BuildKit's reading of the piece (quotes kept where BuildKit keeps them). `span`
/// covers the source bytes it was read from; for text joined across continuation lines the span
/// runs from the first byte to the last and includes the removed continuation characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub value: String,
    pub span: Span,
}

/// A builder flag such as `--mount=type=cache,target=/root/.cache`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    /// The flag as BuildKit records it: quotes and escapes processed, `--` kept.
    pub raw: String,
    /// The name without the leading `--`.
    pub name: String,
    /// The text after the first `=`, if there is one.
    pub value: Option<String>,
    pub span: Span,
}

/// One `key=value` pair of ENV or LABEL, or the single pair of the legacy `ENV key value` form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyValue {
    pub key: Word,
    pub value: Word,
    /// False for the legacy form without `=`.
    pub has_equals: bool,
}

/// A heredoc attached to RUN, COPY or ADD.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter with quotes removed.
    pub name: String,
    pub file_descriptor: u32,
    /// False when any part of the delimiter is quoted, which turns expansion off.
    pub expand: bool,
    /// True for `<<-`, which strips leading tabs from the body.
    pub chomp: bool,
    /// The body, every line with its line ending, terminator excluded.
    pub content: String,
    /// Source range of the body.
    pub content_span: Span,
    /// Source range of the `<<WORD` opener in the instruction line.
    pub opener_span: Span,
}

/// The logical line of an instruction: its physical lines joined as BuildKit joins them, with
/// a map from logical offsets back to source offsets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogicalLine {
    pub text: String,
    /// Pieces of `text`, in order: `(logical_start, source_start, len)`. Each piece is a
    /// contiguous run of source bytes.
    pub pieces: Vec<(usize, usize, usize)>,
}

impl LogicalLine {
    /// Maps a byte offset of `text` to a byte offset of the source. The end of the text maps
    /// to the end of the last piece.
    pub fn to_source(&self, offset: usize) -> usize {
        let index = self
            .pieces
            .partition_point(|(logical_start, _, _)| *logical_start <= offset);
        if index == 0 {
            return self.pieces.first().map_or(0, |piece| piece.1);
        }
        let (logical_start, source_start, len) = self.pieces[index - 1];
        source_start + (offset - logical_start).min(len)
    }

    /// Maps a source offset inside one of the pieces to an offset of `text`. An offset between
    /// pieces maps to the start of the next piece.
    pub fn to_logical(&self, source: usize) -> usize {
        for &(logical_start, source_start, len) in &self.pieces {
            if source < source_start {
                return logical_start;
            }
            if source < source_start + len {
                return logical_start + (source - source_start);
            }
        }
        self.text.len()
    }

    /// Maps the source end of a range to an offset of `text`: an offset at the end of a piece
    /// stays in that piece.
    pub fn to_logical_end(&self, source: usize) -> usize {
        for &(logical_start, source_start, len) in &self.pieces {
            if source <= source_start + len && source >= source_start {
                return logical_start + (source - source_start);
            }
            if source < source_start {
                return logical_start;
            }
        }
        self.text.len()
    }

    /// Appends the part `range` of another logical line, keeping its mapping.
    pub fn push_mapped(&mut self, other: &LogicalLine, range: std::ops::Range<usize>) {
        for &(logical_start, source_start, len) in &other.pieces {
            let start = logical_start.max(range.start);
            let end = (logical_start + len).min(range.end);
            if start < end {
                self.pieces.push((
                    self.text.len(),
                    source_start + (start - logical_start),
                    end - start,
                ));
                self.text.push_str(&other.text[start..end]);
            }
        }
    }

    /// Appends the source text of `span`.
    pub fn push_source(&mut self, source: &str, span: Span) {
        if span.is_empty() {
            return;
        }
        self.pieces.push((self.text.len(), span.start, span.len()));
        self.text.push_str(&source[span.start..span.end]);
    }

    /// Appends text that is not in the source; its offsets map to `at`.
    pub fn push_synthetic(&mut self, text: &str, at: usize) {
        if text.is_empty() {
            return;
        }
        self.pieces.push((self.text.len(), at, 0));
        self.text.push_str(text);
    }

    /// Maps a byte range of `text` to a source range.
    pub fn span_to_source(&self, start: usize, end: usize) -> Span {
        if end <= start {
            let at = self.to_source(start);
            return Span::new(at, at);
        }
        // The end maps through the last byte so that a range ending at a piece boundary does
        // not stretch over the continuation characters that follow it.
        Span::new(self.to_source(start), self.to_source(end - 1) + 1)
    }
}

/// The arguments of an instruction, by the form BuildKit parsed them in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arguments {
    /// No arguments.
    None,
    /// Exec form: the elements of a JSON array of strings.
    Exec(Vec<Word>),
    /// Shell form, or the rest of the line for MAINTAINER, USER, WORKDIR, STOPSIGNAL.
    Text(Word),
    /// Whitespace-separated words: ADD, COPY, VOLUME in non-JSON form, EXPOSE, FROM; for ARG
    /// the words as BuildKit splits them, quotes kept.
    Words(Vec<Word>),
    /// ENV and LABEL pairs.
    Pairs(Vec<KeyValue>),
    /// HEALTHCHECK: the type word (`CMD`, `NONE`, or anything else written there) and, for a
    /// command, its arguments in exec or shell form.
    Healthcheck { kind: Word, command: Box<Arguments> },
    /// ONBUILD: the trigger instruction.
    Onbuild(Box<Instruction>),
}

/// One instruction with everything BuildKit's parser records about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    pub keyword: Keyword,
    /// The keyword as written (`From` stays `From`).
    pub keyword_text: Word,
    pub flags: Vec<Flag>,
    pub arguments: Arguments,
    /// True for the exec (JSON array) form.
    pub json: bool,
    pub heredocs: Vec<Heredoc>,
    /// The logical line, without heredoc bodies.
    pub line: LogicalLine,
    /// From the first byte of the keyword to the end of the last line, heredocs included,
    /// line ending excluded.
    pub span: Span,
    /// 1-based physical lines, heredoc bodies and terminators included.
    pub start_line: u32,
    pub end_line: u32,
    /// The comment lines directly above, as BuildKit attaches them (an empty `#` clears them).
    pub comments_above: Vec<String>,
}

impl Instruction {
    /// Returns the keyword in upper case, as written for unknown instructions.
    pub fn name(&self) -> String {
        match self.keyword.as_str() {
            Some(name) => name.to_string(),
            None => self.keyword_text.value.to_ascii_uppercase(),
        }
    }

    /// Returns the first flag called `name`.
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|flag| flag.name == name)
    }

    /// Returns the instruction an ONBUILD wraps, or `self`.
    pub fn effective(&self) -> &Instruction {
        match &self.arguments {
            Arguments::Onbuild(inner) => inner,
            _ => self,
        }
    }

    /// Returns BuildKit's value list: the strings its AST node chain holds, with ENV and
    /// LABEL separators omitted.
    pub fn value_list(&self) -> Vec<String> {
        arguments_values(&self.arguments)
    }
}

fn arguments_values(arguments: &Arguments) -> Vec<String> {
    match arguments {
        Arguments::None => Vec::new(),
        Arguments::Exec(words) | Arguments::Words(words) => {
            words.iter().map(|word| word.value.clone()).collect()
        }
        Arguments::Text(word) => vec![word.value.clone()],
        Arguments::Pairs(pairs) => pairs
            .iter()
            .flat_map(|pair| [pair.key.value.clone(), pair.value.value.clone()])
            .collect(),
        Arguments::Healthcheck { kind, command } => {
            let mut values = vec![kind.value.clone()];
            values.extend(arguments_values(command));
            values
        }
        Arguments::Onbuild(inner) => inner.value_list(),
    }
}
