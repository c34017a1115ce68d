//! Walks brush's syntax tree and builds the commands of a script.

use std::borrow::Cow;
use std::ops::Range;

use brush_parser::ast;

use super::parse::{self, Failure, MAX_NESTING, MAX_SUBSTITUTION_DEPTH, Position};
use super::scan::{self, ScanError, Substitution, SubstitutionKind};
use super::{Command, Nesting, Pipeline, Redirect, RedirectOperator, Script, Separator, ShellWord};

/// A script that could not be analysed: the message and a byte offset in the script.
pub(super) struct WalkFailure {
    pub message: String,
    pub offset: usize,
    /// True for a syntax error, false for input beyond a nesting limit.
    pub syntax: bool,
}

type Walked = Result<Option<Range<usize>>, WalkFailure>;

/// Analyses `script`, letting brush parse `parse_text`, a copy of the script with the same
/// length in which some blanks may have been rewritten.
pub(super) fn analyze_text(script: &str, parse_text: &str) -> Result<Script, WalkFailure> {
    let frame = Frame::new(
        Cow::Borrowed(parse_text),
        Cow::Borrowed(script),
        Offsets::Shift(0),
    );
    let mut walker = Walker {
        script,
        commands: Vec::new(),
        pipelines: Vec::new(),
        pipefail: vec![false],
        nesting: Nesting::default(),
        depth: 0,
        substitution_depth: 0,
    };
    walker.frame(&frame)?;

    walker.commands.sort_by_key(|command| command.span.start);
    walker.pipelines.sort_by_key(|pipeline| pipeline.span.start);
    Ok(Script {
        commands: walker.commands,
        pipelines: walker.pipelines,
    })
}

/// A text given to brush: the whole script or the body of a command substitution.
struct Frame<'t> {
    /// The text brush parses.
    parse: Cow<'t, str>,
    /// The text words are read from, with the same length as `parse`.
    source: Cow<'t, str>,
    offsets: Offsets,
    /// For text that is not ASCII, the byte offset of each character and of the end, because
    /// brush counts positions in characters.
    char_offsets: Option<Vec<usize>>,
}

/// Maps byte offsets in a frame to byte offsets in the script.
enum Offsets {
    /// The frame is a slice of the script that starts at this offset.
    Shift(usize),
    /// The script offset of each byte of the frame and of its end, for a backquoted body whose
    /// escapes were removed.
    Table(Vec<usize>),
}

impl<'t> Frame<'t> {
    fn new(parse: Cow<'t, str>, source: Cow<'t, str>, offsets: Offsets) -> Self {
        let char_offsets = (!parse.is_ascii()).then(|| {
            parse
                .char_indices()
                .map(|(offset, _)| offset)
                .chain([parse.len()])
                .collect()
        });
        Frame {
            parse,
            source,
            offsets,
            char_offsets,
        }
    }

    /// Converts a byte offset in the frame to a byte offset in the script.
    fn absolute(&self, offset: usize) -> usize {
        match &self.offsets {
            Offsets::Shift(start) => start + offset,
            Offsets::Table(table) => table[offset.min(table.len() - 1)],
        }
    }

    fn absolute_range(&self, range: &Range<usize>) -> Range<usize> {
        self.absolute(range.start)..self.absolute(range.end)
    }

    /// Converts a position reported by brush to a byte offset in the frame.
    fn byte(&self, position: &brush_parser::SourcePosition) -> usize {
        parse::byte_offset(
            Position::Char(position.index),
            &self.parse,
            self.char_offsets.as_deref(),
        )
    }

    /// Returns the byte range in the frame of a span reported by brush.
    fn range(&self, span: &brush_parser::SourceSpan) -> Range<usize> {
        let start = self.byte(&span.start);
        start..self.byte(&span.end).max(start)
    }

    /// Returns the frame of a command substitution whose body is `body`.
    fn substitution(&self, kind: SubstitutionKind, body: Range<usize>) -> Frame<'_> {
        match kind {
            SubstitutionKind::Dollar => {
                let offsets = match &self.offsets {
                    Offsets::Shift(start) => Offsets::Shift(start + body.start),
                    Offsets::Table(table) => Offsets::Table(table[body.start..=body.end].to_vec()),
                };
                Frame::new(
                    Cow::Borrowed(&self.parse[body.clone()]),
                    Cow::Borrowed(&self.source[body]),
                    offsets,
                )
            }
            SubstitutionKind::Backquote { in_double_quotes } => {
                let (parse, source, relative) = scan::unescape_backquoted(
                    &self.parse[body.clone()],
                    &self.source[body.clone()],
                    in_double_quotes,
                );
                let table = relative
                    .iter()
                    .map(|offset| self.absolute(body.start + offset))
                    .collect();
                Frame::new(Cow::Owned(parse), Cow::Owned(source), Offsets::Table(table))
            }
        }
    }
}

/// A construct in a command that contains commands of its own.
enum Nested<'a> {
    /// A command substitution, with its body range in the frame.
    Substitution(Substitution),
    /// A process substitution `<( … )` or `>( … )`.
    Process(&'a ast::SubshellCommand),
}

struct Walker<'s> {
    script: &'s str,
    commands: Vec<Command>,
    pipelines: Vec<Pipeline>,
    /// Whether `set -o pipefail` is in effect, for each enclosing shell process, innermost last.
    pipefail: Vec<bool>,
    nesting: Nesting,
    /// Compound commands and command substitutions open around the current point.
    depth: usize,
    /// Command substitutions open around the current point.
    substitution_depth: usize,
}

impl Walker<'_> {
    fn frame(&mut self, frame: &Frame<'_>) -> Result<(), WalkFailure> {
        let program = parse::parse(&frame.parse, self.depth)
            .map_err(|failure| self.failure(frame, failure))?;
        let items: Vec<&ast::CompoundListItem> = program
            .complete_commands
            .iter()
            .flat_map(|list| list.0.iter())
            .collect();
        self.items(frame, &items)?;
        Ok(())
    }

    fn failure(&self, frame: &Frame<'_>, failure: Failure) -> WalkFailure {
        let offset = parse::byte_offset(failure.at, &frame.parse, frame.char_offsets.as_deref());
        WalkFailure {
            message: failure.message,
            offset: frame.absolute(offset),
            syntax: failure.syntax,
        }
    }

    fn scan_failure(&self, frame: &Frame<'_>, error: ScanError, base: usize) -> WalkFailure {
        let (message, at, syntax) = match error {
            ScanError::Unterminated(at) => {
                ("unterminated quote or substitution".to_owned(), at, true)
            }
            ScanError::TooDeep(at) => (
                format!(
                    "substitutions nested deeper than {MAX_SUBSTITUTION_DEPTH} levels are not analysed"
                ),
                at,
                false,
            ),
        };
        WalkFailure {
            message,
            offset: frame.absolute(base + at),
            syntax,
        }
    }

    /// Starts a shell process that inherits the pipefail setting of the current one.
    fn push_process(&mut self) {
        let current = self.pipefail_in_effect();
        self.pipefail.push(current);
    }

    fn pop_process(&mut self) {
        self.pipefail.pop();
    }

    fn pipefail_in_effect(&self) -> bool {
        self.pipefail.last().copied().unwrap_or(false)
    }

    fn items(&mut self, frame: &Frame<'_>, items: &[&ast::CompoundListItem]) -> Walked {
        let mut span = None;
        for (index, item) in items.iter().enumerate() {
            let background = matches!(item.1, ast::SeparatorOperator::Async);
            let separator = if background {
                Separator::Background
            } else if index + 1 == items.len() {
                Separator::End
            } else {
                Separator::Sequence
            };
            span = cover(span, self.and_or(frame, &item.0, separator, background)?);
        }
        Ok(span)
    }

    fn list(&mut self, frame: &Frame<'_>, list: &ast::CompoundList) -> Walked {
        let items: Vec<&ast::CompoundListItem> = list.0.iter().collect();
        self.items(frame, &items)
    }

    fn and_or(
        &mut self,
        frame: &Frame<'_>,
        list: &ast::AndOrList,
        last: Separator,
        background: bool,
    ) -> Walked {
        let saved = self.nesting;
        if background {
            self.nesting.in_background = true;
            self.push_process();
        }

        let mut span = None;
        let mut current = &list.first;
        for next in &list.additional {
            let (separator, pipeline) = match next {
                ast::AndOr::And(pipeline) => (Separator::And, pipeline),
                ast::AndOr::Or(pipeline) => (Separator::Or, pipeline),
            };
            span = cover(span, self.pipeline(frame, current, separator)?);
            current = pipeline;
        }
        span = cover(span, self.pipeline(frame, current, last)?);

        if background {
            self.pop_process();
        }
        self.nesting = saved;
        Ok(span)
    }

    fn pipeline(&mut self, frame: &Frame<'_>, pipeline: &ast::Pipeline, last: Separator) -> Walked {
        if let [command] = pipeline.seq.as_slice() {
            return self.command(frame, command, last);
        }

        let saved = self.nesting;
        let pipefail = self.pipefail_in_effect();
        self.nesting.in_pipeline = true;
        let mut span = None;
        for (index, command) in pipeline.seq.iter().enumerate() {
            let separator = if index + 1 < pipeline.seq.len() {
                Separator::Pipe
            } else {
                last
            };
            // Each element of a pipeline runs in its own subshell.
            self.push_process();
            span = cover(span, self.command(frame, command, separator)?);
            self.pop_process();
        }
        self.nesting = saved;

        if let Some(span) = &span {
            self.pipelines.push(Pipeline {
                span: span.clone(),
                negated: pipeline.bang,
                pipefail,
                nesting: saved,
            });
        }
        Ok(span)
    }

    fn command(
        &mut self,
        frame: &Frame<'_>,
        command: &ast::Command,
        separator: Separator,
    ) -> Walked {
        match command {
            ast::Command::Simple(simple) => self.simple(frame, simple, separator),
            ast::Command::Compound(compound, redirects) => {
                // NOTE: redirects of a compound command, as in `{ a; b; } > log`, are not
                // attached to any command; only their substitutions are analysed.
                let span = self.compound(frame, compound)?;
                Ok(cover(span, self.redirect_list(frame, redirects.as_ref())?))
            }
            ast::Command::Function(function) => {
                let saved = self.nesting;
                self.nesting.in_function = true;
                self.depth += 1;
                self.push_process();
                let body = self.compound(frame, &function.body.0)?;
                let redirects = self.redirect_list(frame, function.body.1.as_ref())?;
                self.pop_process();
                self.depth -= 1;
                self.nesting = saved;

                let name = function
                    .fname
                    .loc
                    .as_ref()
                    .map(|loc| frame.absolute_range(&frame.range(loc)));
                Ok(cover(cover(name, body), redirects))
            }
            ast::Command::ExtendedTest(test, redirects) => {
                let span = self.extended_test(frame, test, separator)?;
                Ok(cover(span, self.redirect_list(frame, redirects.as_ref())?))
            }
        }
    }

    fn compound(&mut self, frame: &Frame<'_>, compound: &ast::CompoundCommand) -> Walked {
        let saved = self.nesting;
        self.depth += 1;
        let span = match compound {
            ast::CompoundCommand::BraceGroup(group) => {
                let span = self.list(frame, &group.list)?;
                cover(span, Some(frame.absolute_range(&frame.range(&group.loc))))
            }
            ast::CompoundCommand::Subshell(subshell) => self.subshell(frame, subshell)?,
            ast::CompoundCommand::ForClause(for_clause) => {
                for word in for_clause.values.iter().flatten() {
                    self.substitutions_of(frame, word)?;
                }
                self.nesting.in_loop = true;
                let span = self.list(frame, &for_clause.body.list)?;
                cover(
                    span,
                    Some(frame.absolute_range(&frame.range(&for_clause.loc))),
                )
            }
            ast::CompoundCommand::ArithmeticForClause(for_clause) => {
                // brush keeps the three expressions without positions, so the substitutions
                // are looked for in the text from `for` to `do`.
                let loop_start = frame.range(&for_clause.loc).start;
                let body_start = frame.range(&for_clause.body.loc).start;
                self.substitutions_in_text(frame, loop_start..body_start.max(loop_start))?;
                self.nesting.in_loop = true;
                let span = self.list(frame, &for_clause.body.list)?;
                cover(
                    span,
                    Some(frame.absolute_range(&frame.range(&for_clause.loc))),
                )
            }
            ast::CompoundCommand::CaseClause(case) => {
                self.substitutions_of(frame, &case.value)?;
                let mut span = Some(frame.absolute_range(&frame.range(&case.loc)));
                for item in &case.cases {
                    for pattern in &item.patterns {
                        self.substitutions_of(frame, pattern)?;
                    }
                    if let Some(commands) = &item.cmd {
                        self.nesting.in_branch = true;
                        span = cover(span, self.list(frame, commands)?);
                        self.nesting = saved;
                    }
                }
                span
            }
            ast::CompoundCommand::IfClause(if_clause) => {
                let mut span = Some(frame.absolute_range(&frame.range(&if_clause.loc)));
                span = cover(span, self.condition(frame, &if_clause.condition)?);
                span = cover(span, self.branch(frame, &if_clause.then)?);
                for clause in if_clause.elses.iter().flatten() {
                    if let Some(condition) = &clause.condition {
                        span = cover(span, self.condition(frame, condition)?);
                    }
                    span = cover(span, self.branch(frame, &clause.body)?);
                }
                span
            }
            ast::CompoundCommand::WhileClause(clause)
            | ast::CompoundCommand::UntilClause(clause) => {
                self.nesting.in_loop = true;
                let mut span = Some(frame.absolute_range(&frame.range(&clause.2)));
                span = cover(span, self.condition(frame, &clause.0)?);
                span = cover(span, self.list(frame, &clause.1.list)?);
                span
            }
            ast::CompoundCommand::Arithmetic(arithmetic) => {
                let range = frame.range(&arithmetic.loc);
                self.substitutions_in_text(frame, range.clone())?;
                Some(frame.absolute_range(&range))
            }
            ast::CompoundCommand::Coprocess(coprocess) => {
                self.nesting.in_subshell = true;
                self.push_process();
                let span = self.command(frame, &coprocess.body, Separator::End)?;
                self.pop_process();
                cover(
                    span,
                    Some(frame.absolute_range(&frame.range(&coprocess.loc))),
                )
            }
        };
        self.depth -= 1;
        self.nesting = saved;
        Ok(span)
    }

    fn condition(&mut self, frame: &Frame<'_>, list: &ast::CompoundList) -> Walked {
        let saved = self.nesting;
        self.nesting.in_condition = true;
        let span = self.list(frame, list)?;
        self.nesting = saved;
        Ok(span)
    }

    fn branch(&mut self, frame: &Frame<'_>, list: &ast::CompoundList) -> Walked {
        let saved = self.nesting;
        self.nesting.in_branch = true;
        let span = self.list(frame, list)?;
        self.nesting = saved;
        Ok(span)
    }

    fn subshell(&mut self, frame: &Frame<'_>, subshell: &ast::SubshellCommand) -> Walked {
        let saved = self.nesting;
        self.nesting.in_subshell = true;
        self.push_process();
        let span = self.list(frame, &subshell.list)?;
        self.pop_process();
        self.nesting = saved;
        Ok(cover(
            span,
            Some(frame.absolute_range(&frame.range(&subshell.loc))),
        ))
    }

    fn simple(
        &mut self,
        frame: &Frame<'_>,
        simple: &ast::SimpleCommand,
        separator: Separator,
    ) -> Walked {
        let mut argv = Vec::new();
        let mut assignments = Vec::new();
        let mut redirects = Vec::new();
        let mut nested = Vec::new();
        let mut span = None;

        let prefix = simple.prefix.iter().flat_map(|prefix| prefix.0.iter());
        let suffix = simple.suffix.iter().flat_map(|suffix| suffix.0.iter());
        for item in prefix {
            self.item(
                frame,
                item,
                &mut assignments,
                &mut redirects,
                &mut nested,
                &mut span,
            )?;
        }
        if let Some(word) = &simple.word_or_name
            && let Some(word) = self.word(frame, word, &mut nested)?
        {
            span = cover(span, Some(word.span.clone()));
            argv.push(word);
        }
        for item in suffix {
            self.item(
                frame,
                item,
                &mut argv,
                &mut redirects,
                &mut nested,
                &mut span,
            )?;
        }

        let Some(span) = span else {
            return Ok(None);
        };
        self.emit(Command {
            argv,
            assignments,
            redirects,
            separator,
            span: span.clone(),
            nesting: self.nesting,
            pipefail: self.pipefail_in_effect(),
        });
        self.nested(frame, nested)?;
        Ok(Some(span))
    }

    /// Reads one prefix or suffix item of a simple command. Words go to `words`: the
    /// assignments before the program, or the arguments after it.
    fn item<'a>(
        &mut self,
        frame: &Frame<'_>,
        item: &'a ast::CommandPrefixOrSuffixItem,
        words: &mut Vec<ShellWord>,
        redirects: &mut Vec<Redirect>,
        nested: &mut Vec<Nested<'a>>,
        span: &mut Option<Range<usize>>,
    ) -> Result<(), WalkFailure> {
        match item {
            ast::CommandPrefixOrSuffixItem::Word(word)
            | ast::CommandPrefixOrSuffixItem::AssignmentWord(_, word) => {
                if let Some(word) = self.word(frame, word, nested)? {
                    *span = cover(span.take(), Some(word.span.clone()));
                    words.push(word);
                }
            }
            ast::CommandPrefixOrSuffixItem::IoRedirect(redirect) => {
                if let Some(redirect) = self.redirect(frame, redirect, nested)? {
                    *span = cover(span.take(), Some(redirect.span.clone()));
                    redirects.push(redirect);
                }
            }
            ast::CommandPrefixOrSuffixItem::ProcessSubstitution(_, subshell) => {
                // bash passes a path such as `/dev/fd/63` in place of `<( … )`; the word keeps
                // the construct as written, like other expansions.
                let mut range = frame.range(&subshell.loc);
                range.start = operator_start(frame.parse.as_bytes(), range.start, false);
                let absolute = frame.absolute_range(&range);
                let raw = self.script[absolute.clone()].to_owned();
                *span = cover(span.take(), Some(absolute.clone()));
                words.push(ShellWord {
                    value: frame.source[range].to_owned(),
                    raw,
                    span: absolute,
                });
                nested.push(Nested::Process(subshell));
            }
        }
        Ok(())
    }

    /// Adds a command, and applies it if it is a `set` that changes pipefail.
    fn emit(&mut self, command: Command) {
        if command.name() == Some("set")
            && let Some(enabled) = pipefail_setting(&command.argv[1..])
            && let Some(current) = self.pipefail.last_mut()
        {
            *current = enabled;
        }
        self.commands.push(command);
    }

    fn nested(&mut self, frame: &Frame<'_>, nested: Vec<Nested<'_>>) -> Result<(), WalkFailure> {
        for construct in nested {
            match construct {
                Nested::Substitution(substitution) => self.substitution(frame, substitution)?,
                Nested::Process(subshell) => {
                    self.subshell(frame, subshell)?;
                }
            }
        }
        Ok(())
    }

    fn substitution(
        &mut self,
        frame: &Frame<'_>,
        substitution: Substitution,
    ) -> Result<(), WalkFailure> {
        if self.substitution_depth >= MAX_SUBSTITUTION_DEPTH || self.depth >= MAX_NESTING {
            return Err(WalkFailure {
                message: format!(
                    "substitutions nested deeper than {MAX_SUBSTITUTION_DEPTH} levels are not analysed"
                ),
                offset: frame.absolute(substitution.body.start),
                syntax: false,
            });
        }

        let inner = frame.substitution(substitution.kind, substitution.body);
        let saved = self.nesting;
        self.nesting.in_command_substitution = true;
        self.substitution_depth += 1;
        self.depth += 1;
        self.push_process();
        self.frame(&inner)?;
        self.pop_process();
        self.depth -= 1;
        self.substitution_depth -= 1;
        self.nesting = saved;
        Ok(())
    }

    /// Reads a word: removes its quotes and collects its command substitutions into `nested`.
    fn word(
        &mut self,
        frame: &Frame<'_>,
        word: &ast::Word,
        nested: &mut Vec<Nested<'_>>,
    ) -> Result<Option<ShellWord>, WalkFailure> {
        match word_range(frame, word) {
            Some(range) => self.word_at(frame, range, nested).map(Some),
            None => Ok(None),
        }
    }

    fn word_at(
        &mut self,
        frame: &Frame<'_>,
        range: Range<usize>,
        nested: &mut Vec<Nested<'_>>,
    ) -> Result<ShellWord, WalkFailure> {
        let (value, substitutions) = scan::unquote(
            &frame.parse[range.clone()],
            &frame.source[range.clone()],
            MAX_SUBSTITUTION_DEPTH,
        )
        .map_err(|error| self.scan_failure(frame, error, range.start))?;

        nested.extend(substitutions.into_iter().map(|substitution| {
            Nested::Substitution(Substitution {
                kind: substitution.kind,
                body: range.start + substitution.body.start..range.start + substitution.body.end,
            })
        }));
        let span = frame.absolute_range(&range);
        Ok(ShellWord {
            value,
            raw: self.script[span.clone()].to_owned(),
            span,
        })
    }

    /// Analyses the command substitutions of a word that is not part of a command, such as
    /// the subject of a `case` or the list of a `for`.
    fn substitutions_of(&mut self, frame: &Frame<'_>, word: &ast::Word) -> Result<(), WalkFailure> {
        let mut nested = Vec::new();
        self.word(frame, word, &mut nested)?;
        self.nested(frame, nested)
    }

    fn substitutions_in_text(
        &mut self,
        frame: &Frame<'_>,
        range: Range<usize>,
    ) -> Result<(), WalkFailure> {
        let mut nested = Vec::new();
        self.word_at(frame, range, &mut nested)?;
        self.nested(frame, nested)
    }

    fn redirect_list(&mut self, frame: &Frame<'_>, list: Option<&ast::RedirectList>) -> Walked {
        let mut span = None;
        let mut nested = Vec::new();
        for redirect in list.iter().flat_map(|list| list.0.iter()) {
            if let Some(redirect) = self.redirect(frame, redirect, &mut nested)? {
                span = cover(span, Some(redirect.span));
            }
        }
        self.nested(frame, nested)?;
        Ok(span)
    }

    fn redirect<'a>(
        &mut self,
        frame: &Frame<'_>,
        redirect: &'a ast::IoRedirect,
        nested: &mut Vec<Nested<'a>>,
    ) -> Result<Option<Redirect>, WalkFailure> {
        let (fd, operator, target) = match redirect {
            ast::IoRedirect::File(fd, kind, target) => {
                let operator = match kind {
                    ast::IoFileRedirectKind::Read => RedirectOperator::Read,
                    ast::IoFileRedirectKind::Write => RedirectOperator::Write,
                    ast::IoFileRedirectKind::Append => RedirectOperator::Append,
                    ast::IoFileRedirectKind::ReadAndWrite => RedirectOperator::ReadWrite,
                    ast::IoFileRedirectKind::Clobber => RedirectOperator::Clobber,
                    ast::IoFileRedirectKind::DuplicateInput => RedirectOperator::DuplicateInput,
                    ast::IoFileRedirectKind::DuplicateOutput => RedirectOperator::DuplicateOutput,
                };
                match target {
                    ast::IoFileRedirectTarget::Filename(word)
                    | ast::IoFileRedirectTarget::Duplicate(word) => (*fd, operator, Some(word)),
                    ast::IoFileRedirectTarget::ProcessSubstitution(_, subshell) => {
                        nested.push(Nested::Process(subshell));
                        let range = frame.range(&subshell.loc);
                        let bytes = frame.parse.as_bytes();
                        let substitution_start = operator_start(bytes, range.start, false);
                        let start = operator_start(bytes, substitution_start, fd.is_some());
                        return Ok(Some(Redirect {
                            fd: fd.and_then(|fd| u32::try_from(fd).ok()),
                            operator,
                            target: None,
                            span: frame.absolute_range(&(start..range.end)),
                        }));
                    }
                    // Only the `2>&1` that brush adds for `|&`, which has no position.
                    ast::IoFileRedirectTarget::Fd(_) => return Ok(None),
                }
            }
            ast::IoRedirect::HereDocument(fd, heredoc) => {
                return self.heredoc(frame, *fd, heredoc, nested);
            }
            ast::IoRedirect::HereString(fd, word) => {
                (*fd, RedirectOperator::HereString, Some(word))
            }
            ast::IoRedirect::OutputAndError(word, append) => {
                let operator = if *append {
                    RedirectOperator::AppendOutputAndError
                } else {
                    RedirectOperator::OutputAndError
                };
                (None, operator, Some(word))
            }
        };

        let Some(range) = target.and_then(|word| word_range(frame, word)) else {
            return Ok(None);
        };
        let start = frame.absolute(operator_start(
            frame.parse.as_bytes(),
            range.start,
            fd.is_some(),
        ));
        let target = self.word_at(frame, range, nested)?;
        Ok(Some(Redirect {
            fd: fd.and_then(|fd| u32::try_from(fd).ok()),
            operator,
            span: start..target.span.end,
            target: Some(target),
        }))
    }

    fn heredoc<'a>(
        &mut self,
        frame: &Frame<'_>,
        fd: Option<i32>,
        heredoc: &'a ast::IoHereDocument,
        nested: &mut Vec<Nested<'a>>,
    ) -> Result<Option<Redirect>, WalkFailure> {
        let Some(tag) = heredoc.here_end.loc.as_ref() else {
            return Ok(None);
        };
        let tag = frame.range(tag);
        let start = operator_start(frame.parse.as_bytes(), tag.start, fd.is_some());
        let operator = if heredoc.remove_tabs {
            RedirectOperator::HereDocumentStripTabs
        } else {
            RedirectOperator::HereDocument
        };

        let target = match &heredoc.doc.loc {
            Some(loc) => {
                let body = heredoc_body(&frame.parse, frame.range(loc));
                if heredoc.requires_expansion {
                    let substitutions = scan::heredoc_substitutions(
                        &frame.parse[body.clone()],
                        MAX_SUBSTITUTION_DEPTH,
                    )
                    .map_err(|error| self.scan_failure(frame, error, body.start))?;
                    nested.extend(substitutions.into_iter().map(|substitution| {
                        Nested::Substitution(Substitution {
                            kind: substitution.kind,
                            body: body.start + substitution.body.start
                                ..body.start + substitution.body.end,
                        })
                    }));
                }
                let span = frame.absolute_range(&body);
                Some(ShellWord {
                    value: heredoc.doc.value.clone(),
                    raw: self.script[span.clone()].to_owned(),
                    span,
                })
            }
            None => None,
        };

        Ok(Some(Redirect {
            fd: fd.and_then(|fd| u32::try_from(fd).ok()),
            operator,
            target,
            span: frame.absolute_range(&(start..tag.end)),
        }))
    }

    fn extended_test(
        &mut self,
        frame: &Frame<'_>,
        test: &ast::ExtendedTestExprCommand,
        separator: Separator,
    ) -> Walked {
        let range = frame.range(&test.loc);
        let mut nested = Vec::new();
        let mut argv = Vec::new();
        // TODO: words are split at blanks only, so `[[ -f a&&-f b ]]` yields `a&&-f`.
        for word in scan::split_words(&frame.parse[range.clone()], MAX_SUBSTITUTION_DEPTH) {
            let word = word.start + range.start..word.end + range.start;
            argv.push(self.word_at(frame, word, &mut nested)?);
        }

        let span = frame.absolute_range(&range);
        self.emit(Command {
            argv,
            assignments: Vec::new(),
            redirects: Vec::new(),
            separator,
            span: span.clone(),
            nesting: self.nesting,
            pipefail: self.pipefail_in_effect(),
        });
        self.nested(frame, nested)?;
        Ok(Some(span))
    }
}

/// Returns the byte range of a word in the frame.
fn word_range(frame: &Frame<'_>, word: &ast::Word) -> Option<Range<usize>> {
    let mut range = frame.range(word.loc.as_ref()?);
    // brush-parser 0.4.0 can start a word at the blank before it when a here-document operator
    // is earlier on the same line. A word never starts with an unquoted blank, so it is skipped.
    let bytes = frame.parse.as_bytes();
    while range.start < range.end && matches!(bytes[range.start], b' ' | b'\t') {
        range.start += 1;
    }
    Some(range)
}

/// Returns the smallest range that covers both.
fn cover(first: Option<Range<usize>>, second: Option<Range<usize>>) -> Option<Range<usize>> {
    match (first, second) {
        (Some(first), Some(second)) => {
            Some(first.start.min(second.start)..first.end.max(second.end))
        }
        (first, second) => first.or(second),
    }
}

/// Returns where the redirect operator before `target` starts, with its file descriptor if it
/// has one: brush reports no position for redirect operators.
fn operator_start(text: &[u8], target: usize, has_fd: bool) -> usize {
    let mut start = target.min(text.len());
    while start > 0 && matches!(text[start - 1], b' ' | b'\t') {
        start -= 1;
    }
    let operator_end = start;
    while start > 0 && matches!(text[start - 1], b'<' | b'>' | b'&' | b'|' | b'-') {
        start -= 1;
    }
    if start == operator_end {
        return target;
    }
    while has_fd && start > 0 && text[start - 1].is_ascii_digit() {
        start -= 1;
    }
    start
}

/// Returns the body of a here-document, given brush's range for it, which also covers the
/// delimiter line.
fn heredoc_body(text: &str, range: Range<usize>) -> Range<usize> {
    let covered = &text[range.clone()];
    let without_newline = covered.strip_suffix('\n').unwrap_or(covered);
    let body_end = without_newline.rfind('\n').map_or(0, |newline| newline + 1);
    range.start..range.start + body_end
}

/// Reads the arguments of `set` and returns the last pipefail setting they make: `-o pipefail`
/// or a group such as `-euxo pipefail` enables it, `+o pipefail` disables it.
fn pipefail_setting(args: &[ShellWord]) -> Option<bool> {
    let mut setting = None;
    let mut index = 0;
    while index < args.len() {
        let arg = args[index].value.as_str();
        let (enable, letters) = match arg.as_bytes().first() {
            Some(b'-') => (true, &arg[1..]),
            Some(b'+') => (false, &arg[1..]),
            _ => break,
        };
        if letters.is_empty() || letters == "-" {
            break;
        }
        index += 1;
        for letter in letters.chars() {
            if letter != 'o' {
                continue;
            }
            if let Some(name) = args.get(index) {
                if name.value == "pipefail" {
                    setting = Some(enable);
                }
                index += 1;
            }
        }
    }
    setting
}
