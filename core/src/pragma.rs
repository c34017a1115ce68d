//! In-file pragmas: hadolint's and plimsoll's comment pragmas, BuildKit's `check` parser
//! directive and the `check=` comments BuildKit reads above single instructions.
//!
//! Grammar of a comment pragma (`TOOL` is `hadolint` or `plimsoll`):
//!
//! ```text
//! # TOOL ignore=CODE[,CODE...] [# reason | reason]     next instruction
//! # TOOL global ignore=CODE[,CODE...] [reason]          whole file
//! # TOOL stage ignore=CODE[,CODE...] [reason]           rest of the stage
//! # TOOL shell=NAME [# reason]                          shell of later RUNs
//! ```
//!
//! Spaces and tabs may stand around `=` and `,`. A code is a rule code, name or alias. A
//! comment that starts with the tool's name but does not follow the grammar is reported
//! instead of being ignored.

use crate::config::codes::is_shellcheck_code;
use crate::lint::LintOptions;
use crate::rules::find_rule;
use crate::source::Span;
use crate::syntax::ast::{Dockerfile, Keyword};

/// The build argument that replaces the `check` parser directive, as in BuildKit.
pub const CHECK_BUILD_ARG: &str = "BUILDKIT_DOCKERFILE_CHECK";

/// The tool whose pragma syntax a comment uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PragmaTool {
    Hadolint,
    Plimsoll,
}

/// The part of the file an ignore pragma covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IgnoreScope {
    /// The instruction below the pragma.
    Next,
    /// From the instruction below the pragma to the end of its stage.
    Stage,
    /// The whole file.
    Global,
}

/// A rule code as written in a pragma, with its source range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeRef {
    pub code: String,
    pub span: Span,
}

/// An `ignore=` pragma.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IgnorePragma {
    pub tool: PragmaTool,
    pub scope: IgnoreScope,
    pub codes: Vec<CodeRef>,
    /// The text after the code list, `#` removed.
    pub reason: Option<String>,
    /// The comment line.
    pub span: Span,
    /// The source range whose findings the pragma suppresses; `None` when a blank line or the
    /// end of the file leaves it with no instruction.
    pub covers: Option<Span>,
}

/// A `shell=` pragma.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellPragma {
    pub name: String,
    pub span: Span,
}

/// A comment that starts like a pragma but does not follow the grammar, or an ignore pragma
/// that applies to no instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidPragma {
    pub span: Span,
    pub message: String,
}

/// BuildKit's check options, from `# check=`, the build argument or an instruction comment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckOptions {
    pub skip_all: bool,
    pub skip: Vec<CodeRef>,
    pub experimental_all: bool,
    pub experimental: Vec<CodeRef>,
    /// `error=true`: any BuildKit check finding fails the file.
    pub error: bool,
}

/// Every pragma of one Dockerfile.
#[derive(Clone, Debug, Default)]
pub struct Pragmas {
    pub ignores: Vec<IgnorePragma>,
    pub shells: Vec<ShellPragma>,
    pub invalid: Vec<InvalidPragma>,
    /// The file's check options: the build argument when given, else the directive.
    pub check: CheckOptions,
    /// The `check` directive's value cannot be parsed; BuildKit fails the build.
    pub check_directive_error: Option<InvalidPragma>,
    /// The build argument's value cannot be parsed.
    pub check_build_arg_error: Option<String>,
    /// `check=` comments above single instructions, by instruction index.
    pub instruction_checks: Vec<(usize, CheckOptions)>,
}

impl Pragmas {
    /// Reads the pragmas of `dockerfile`. The build arguments of `options` may replace the
    /// `check` directive.
    pub fn read(dockerfile: &Dockerfile, options: &LintOptions) -> Pragmas {
        let mut pragmas = Pragmas::default();
        let mut layout = Layout::new(dockerfile);
        for comment in &dockerfile.comments {
            let raw = dockerfile.slice(comment.span);
            match parse_comment(raw, comment.span.start) {
                None => {}
                Some(Err(message)) => pragmas.invalid.push(InvalidPragma {
                    span: comment.span,
                    message,
                }),
                Some(Ok(Parsed::Shell(name))) => pragmas.shells.push(ShellPragma {
                    name,
                    span: comment.span,
                }),
                Some(Ok(Parsed::Ignore {
                    tool,
                    scope,
                    codes,
                    reason,
                })) => {
                    let covers = layout.coverage(comment.span, scope);
                    if covers.is_none() {
                        pragmas.invalid.push(InvalidPragma {
                            span: comment.span,
                            message: "this ignore pragma applies to no instruction: a blank line \
                                      or the end of the file follows it; put it on the line \
                                      right above the instruction"
                                .to_string(),
                        });
                    }
                    pragmas.ignores.push(IgnorePragma {
                        tool,
                        scope,
                        codes,
                        reason,
                        span: comment.span,
                        covers,
                    });
                }
            }
        }
        pragmas.read_check(dockerfile, options);
        pragmas.read_instruction_checks(dockerfile);
        pragmas
    }

    fn read_check(&mut self, dockerfile: &Dockerfile, options: &LintOptions) {
        let build_arg = options
            .build_args
            .iter()
            .rev()
            .find(|(key, _)| key == CHECK_BUILD_ARG);
        if let Some((_, value)) = build_arg {
            // The build argument has no place in the file; its codes point at the file start.
            match parse_check_options(value, None) {
                Ok(check) => self.check = check,
                Err(message) => {
                    self.check_build_arg_error = Some(format!(
                        "invalid build argument {CHECK_BUILD_ARG}: {message}"
                    ));
                }
            }
            return;
        }
        let Some(directive) = dockerfile.directive("check") else {
            return;
        };
        let raw = dockerfile.slice(directive.span);
        let value_offset = raw
            .find('=')
            .and_then(|eq| raw[eq + 1..].find(&directive.value).map(|at| eq + 1 + at))
            .map_or(directive.span.start, |at| directive.span.start + at);
        // BuildKit keeps the directive's value up to the first space.
        let value = directive.value.split(' ').next().unwrap_or_default();
        match parse_check_options(value, Some(value_offset)) {
            Ok(check) => self.check = check,
            Err(message) => {
                self.check_directive_error = Some(InvalidPragma {
                    span: directive.span,
                    message: format!("failed to parse check options: {message}"),
                });
            }
        }
    }

    /// Reads the first `check=` comment of each instruction's comment block, as BuildKit
    /// merges it into the checks of that instruction only. An unparsable one is ignored.
    fn read_instruction_checks(&mut self, dockerfile: &Dockerfile) {
        let mut previous_end = 0;
        // Comments are in source order, as are the instructions: a cursor finds each
        // instruction's block without scanning from the start.
        let mut cursor = 0;
        for (index, instruction) in dockerfile.instructions.iter().enumerate() {
            let block_start = previous_end;
            previous_end = instruction.span.end;
            let Some(text) = instruction
                .comments_above
                .iter()
                .find_map(|comment| check_comment_value(comment))
            else {
                continue;
            };
            let comments = &dockerfile.comments;
            cursor +=
                comments[cursor..].partition_point(|comment| comment.span.start < block_start);
            let located = comments[cursor..]
                .iter()
                .take_while(|comment| comment.span.start < instruction.span.start)
                .find(|comment| {
                    comment.span.end <= instruction.span.start && comment.text.contains(text)
                });
            let offset = located.and_then(|comment| {
                dockerfile
                    .slice(comment.span)
                    .find(text)
                    .map(|at| comment.span.start + at)
            });
            let value = text.split(' ').next().unwrap_or_default();
            if let Ok(check) = parse_check_options(value, offset) {
                self.instruction_checks.push((index, check));
            }
        }
    }

    /// Returns every code named in a pragma, for the unknown-code check.
    pub fn code_refs(&self) -> impl Iterator<Item = &CodeRef> {
        let checks = std::iter::once(&self.check)
            .chain(self.instruction_checks.iter().map(|(_, check)| check));
        self.ignores
            .iter()
            .flat_map(|pragma| pragma.codes.iter())
            .chain(checks.flat_map(|check| check.skip.iter().chain(&check.experimental)))
    }
}

/// Returns the value of a BuildKit `check` directive written in an instruction's comment (the
/// comment text without `#`), if the comment is one.
fn check_comment_value(comment: &str) -> Option<&str> {
    let name_end = comment
        .find(|ch: char| !ch.is_ascii_alphanumeric())
        .unwrap_or(comment.len());
    let name = &comment[..name_end];
    if !name.eq_ignore_ascii_case("check") {
        return None;
    }
    let value = comment[name_end..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start()
        .trim_end();
    (!value.is_empty()).then_some(value)
}

/// Parses BuildKit's check options (`skip=A,B;error=true;experimental=all`) as BuildKit's
/// `linter.ParseLintOptions` does: at most three `;`-separated parts, each `key=value`.
/// `offset` is the source offset of `text`, for the spans of the codes.
pub fn parse_check_options(text: &str, offset: Option<usize>) -> Result<CheckOptions, String> {
    let mut options = CheckOptions::default();
    let leading = text.len() - text.trim_start().len();
    let text = text.trim();
    let base = offset.map(|offset| offset + leading);
    if text.is_empty() {
        return Ok(options);
    }
    for (part_start, part) in split_n(text, ';', 3) {
        let Some((key, value)) = part.split_once('=') else {
            return Err(format!("invalid check option `{part}`: expected key=value"));
        };
        let value_start = part_start + key.len() + 1;
        match key.trim() {
            "skip" | "experimental" => {
                let all = value.trim() == "all";
                let codes: Vec<CodeRef> = if all {
                    Vec::new()
                } else {
                    split_n(value, ',', usize::MAX)
                        .filter_map(|(start, name)| {
                            let trimmed = name.trim();
                            let leading = name.len() - name.trim_start().len();
                            let at = base.map_or(0, |base| base + value_start + start + leading);
                            (!trimmed.is_empty()).then(|| CodeRef {
                                code: trimmed.to_string(),
                                span: Span::new(at, at + trimmed.len()),
                            })
                        })
                        .collect()
                };
                if key.trim() == "skip" {
                    options.skip_all |= all;
                    options.skip.extend(codes);
                } else {
                    options.experimental_all |= all;
                    options.experimental.extend(codes);
                }
            }
            "error" => {
                options.error = parse_go_bool(value.trim()).ok_or_else(|| {
                    format!(
                        "invalid check option `{part}`: `{}` is not a boolean (true, false, 1, 0)",
                        value.trim()
                    )
                })?;
            }
            other => {
                return Err(format!(
                    "invalid check option `{other}`: expected skip, error or experimental"
                ));
            }
        }
    }
    Ok(options)
}

/// Splits like Go's `strings.SplitN`: at most `n` pieces, the last one keeping any further
/// separators. Yields each piece with its byte offset.
fn split_n(text: &str, separator: char, n: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = Some((0, text));
    let mut count = 0;
    std::iter::from_fn(move || {
        let (start, remaining) = rest?;
        count += 1;
        if count < n
            && let Some(at) = remaining.find(separator)
        {
            rest = Some((start + at + 1, &remaining[at + 1..]));
            return Some((start, &remaining[..at]));
        }
        rest = None;
        Some((start, remaining))
    })
}

/// Go's `strconv.ParseBool`.
fn parse_go_bool(text: &str) -> Option<bool> {
    match text {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Positions of a file's instructions that ignore pragmas need, computed once so that a
/// file with many pragmas takes linear time.
struct Layout<'a> {
    dockerfile: &'a Dockerfile,
    /// Per instruction: the start of the next `FROM` after it, or the end of the file.
    stage_ends: Vec<usize>,
    /// Per instruction, once asked: the start of the run of comment lines right above the
    /// line the instruction starts on.
    comment_blocks: Vec<Option<usize>>,
}

impl<'a> Layout<'a> {
    fn new(dockerfile: &'a Dockerfile) -> Self {
        let instructions = &dockerfile.instructions;
        let mut stage_ends = vec![dockerfile.text.len(); instructions.len()];
        for index in (0..instructions.len().saturating_sub(1)).rev() {
            let next = &instructions[index + 1];
            stage_ends[index] = if next.keyword == Keyword::From {
                next.span.start
            } else {
                stage_ends[index + 1]
            };
        }
        Layout {
            dockerfile,
            stage_ends,
            comment_blocks: vec![None; instructions.len()],
        }
    }

    /// Returns the source range an ignore pragma on the comment `comment` covers.
    fn coverage(&mut self, comment: Span, scope: IgnoreScope) -> Option<Span> {
        let dockerfile = self.dockerfile;
        if scope == IgnoreScope::Global {
            return Some(Span::new(0, dockerfile.text.len()));
        }
        let instructions = &dockerfile.instructions;
        // Instructions are in source order and do not overlap, so their ends are sorted.
        let next = instructions.partition_point(|instruction| instruction.span.end < comment.end);
        let instruction = instructions.get(next)?;
        // A pragma inside a continued instruction covers that instruction.
        let inside = instruction.span.start < comment.start;
        if !inside && !self.only_comments_between(comment.end, next) {
            return None;
        }
        match scope {
            IgnoreScope::Next => Some(instruction.span),
            _ => Some(Span::new(
                instruction.span.start.min(comment.start),
                self.stage_ends[next],
            )),
        }
    }

    /// Returns true if every line strictly between the line ending at `from` and the line
    /// holding instruction `index` is a comment line, as hadolint requires the pragma to sit
    /// right above the instruction.
    fn only_comments_between(&mut self, from: usize, index: usize) -> bool {
        let text = &self.dockerfile.text;
        let to = self.dockerfile.instructions[index].span.start;
        let Some(gap) = text.get(from..to) else {
            return false;
        };
        // The first line after the pragma's line; none means the instruction is on that line.
        let Some(newline) = gap.find('\n') else {
            return true;
        };
        from + newline + 1 >= self.comment_block(index)
    }

    /// Returns the start of the run of comment lines right above the line holding
    /// instruction `index`, or the start of that line when no comment line is above it.
    fn comment_block(&mut self, index: usize) -> usize {
        if let Some(start) = self.comment_blocks[index] {
            return start;
        }
        let text = &self.dockerfile.text;
        let to = self.dockerfile.instructions[index]
            .span
            .start
            .min(text.len());
        let before = text.get(..to).unwrap_or_default();
        let mut start = before.rfind('\n').map_or(0, |at| at + 1);
        while start > 0 {
            let line_start = text[..start - 1].rfind('\n').map_or(0, |at| at + 1);
            if !text[line_start..start - 1].trim_start().starts_with('#') {
                break;
            }
            start = line_start;
        }
        self.comment_blocks[index] = Some(start);
        start
    }
}

/// A comment that follows the pragma grammar.
#[derive(Debug, PartialEq, Eq)]
enum Parsed {
    Ignore {
        tool: PragmaTool,
        scope: IgnoreScope,
        codes: Vec<CodeRef>,
        reason: Option<String>,
    },
    Shell(String),
}

/// Parses one comment line, `raw` starting at its `#` and `offset` being where it starts in
/// the source. Returns `None` for an ordinary comment.
fn parse_comment(raw: &str, offset: usize) -> Option<Result<Parsed, String>> {
    let mut cursor = Cursor {
        text: raw,
        position: raw.find('#')? + 1,
    };
    cursor.skip_blanks();
    let tool = if cursor.eat("hadolint") {
        PragmaTool::Hadolint
    } else if cursor.eat("plimsoll") {
        PragmaTool::Plimsoll
    } else {
        return None;
    };
    if cursor.skip_blanks() == 0 {
        return None;
    }
    let tool_name = match tool {
        PragmaTool::Hadolint => "hadolint",
        PragmaTool::Plimsoll => "plimsoll",
    };
    let keyword = cursor.take_while(|ch| ch.is_ascii_alphabetic());
    let scope = match keyword {
        "ignore" => IgnoreScope::Next,
        "global" | "stage" => {
            cursor.skip_blanks();
            if !cursor.eat("ignore") {
                return Some(Err(format!(
                    "invalid pragma: expected `ignore=` after `{tool_name} {keyword}`"
                )));
            }
            if keyword == "global" {
                IgnoreScope::Global
            } else {
                IgnoreScope::Stage
            }
        }
        "shell" => return Some(parse_shell(&mut cursor, tool_name)),
        _ => {
            // Prose such as `# hadolint is slow here` is an ordinary comment.
            if raw.contains('=') {
                return Some(Err(format!(
                    "invalid pragma: `{keyword}` is not a pragma; expected `{tool_name} \
                     ignore=`, `{tool_name} global ignore=`, `{tool_name} stage ignore=` or \
                     `{tool_name} shell=`"
                )));
            }
            return None;
        }
    };
    Some(parse_ignore(&mut cursor, offset, tool, scope, tool_name))
}

fn parse_shell(cursor: &mut Cursor<'_>, tool_name: &str) -> Result<Parsed, String> {
    cursor.skip_blanks();
    if !cursor.eat("=") {
        return Err(format!(
            "invalid pragma: expected `=` after `{tool_name} shell`"
        ));
    }
    cursor.skip_blanks();
    let name = cursor.take_while(|ch| !ch.is_whitespace());
    if name.is_empty() {
        return Err("invalid pragma: `shell=` names no shell".to_string());
    }
    cursor.skip_blanks();
    let rest = cursor.rest();
    if !rest.is_empty() && !rest.starts_with('#') {
        return Err(format!(
            "invalid pragma: unexpected `{rest}` after the shell name; start a reason with `#`"
        ));
    }
    Ok(Parsed::Shell(name.to_string()))
}

fn parse_ignore(
    cursor: &mut Cursor<'_>,
    offset: usize,
    tool: PragmaTool,
    scope: IgnoreScope,
    tool_name: &str,
) -> Result<Parsed, String> {
    cursor.skip_blanks();
    if !cursor.eat("=") {
        return Err(format!(
            "invalid pragma: expected `=` after `ignore`, as in `# {tool_name} ignore=DL3008`"
        ));
    }
    let mut codes = Vec::new();
    loop {
        cursor.skip_blanks();
        let start = cursor.position;
        let code = cursor.take_while(is_code_char);
        if code.is_empty() {
            return Err("invalid pragma: expected a rule code after `=` or `,`".to_string());
        }
        codes.push(CodeRef {
            code: code.to_string(),
            span: Span::new(offset + start, offset + cursor.position),
        });
        cursor.skip_blanks();
        if !cursor.eat(",") {
            break;
        }
    }
    let rest = cursor.rest().trim_end();
    let reason = rest.strip_prefix('#').unwrap_or(rest).trim();
    if !rest.starts_with('#') {
        // Free text after the list is a reason, unless it starts with a code, which means a
        // comma is missing and the code would silently not be ignored.
        let first_word = reason.split_whitespace().next().unwrap_or_default();
        let first_word = first_word.trim_end_matches(',');
        if !first_word.is_empty()
            && (find_rule(first_word).is_some() || is_shellcheck_code(first_word))
        {
            return Err(format!(
                "invalid pragma: `{first_word}` follows the code list without a comma; \
                 separate codes with commas"
            ));
        }
    }
    Ok(Parsed::Ignore {
        tool,
        scope,
        codes,
        reason: (!reason.is_empty()).then(|| reason.to_string()),
    })
}

/// Characters of rule codes, names and aliases: `DL3008`, `latest-base-image`,
/// `JSONArgsRecommended`, `CIS-DI-0001`.
fn is_code_char(ch: char) -> bool {
    ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '.')
}

struct Cursor<'a> {
    text: &'a str,
    position: usize,
}

impl<'a> Cursor<'a> {
    /// Skips spaces and tabs and returns how many it skipped.
    fn skip_blanks(&mut self) -> usize {
        self.take_while(|ch| ch == ' ' || ch == '\t').len()
    }

    fn eat(&mut self, word: &str) -> bool {
        if self.rest().starts_with(word) {
            self.position += word.len();
            true
        } else {
            false
        }
    }

    fn take_while(&mut self, accept: impl Fn(char) -> bool) -> &'a str {
        let rest = self.rest();
        let len = rest
            .char_indices()
            .find(|(_, ch)| !accept(*ch))
            .map_or(rest.len(), |(index, _)| index);
        self.position += len;
        &rest[..len]
    }

    fn rest(&self) -> &'a str {
        &self.text[self.position..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn parsed(comment: &str) -> Option<Result<Parsed, String>> {
        parse_comment(comment, 0)
    }

    fn codes(comment: &str) -> Vec<String> {
        match parsed(comment) {
            Some(Ok(Parsed::Ignore { codes, .. })) => codes.into_iter().map(|c| c.code).collect(),
            other => panic!("`{comment}` is not an ignore pragma: {other:?}"),
        }
    }

    fn reason(comment: &str) -> Option<String> {
        match parsed(comment) {
            Some(Ok(Parsed::Ignore { reason, .. })) => reason,
            other => panic!("`{comment}` is not an ignore pragma: {other:?}"),
        }
    }

    fn read(text: &str) -> Pragmas {
        Pragmas::read(&parse(text.as_bytes()), &LintOptions::default())
    }

    #[test]
    fn ignore_lists_with_spacing() {
        assert_eq!(codes("# hadolint ignore=DL3008"), ["DL3008"]);
        assert_eq!(
            codes("#hadolint ignore = DL3008 , SC2086"),
            ["DL3008", "SC2086"]
        );
        assert_eq!(
            codes("#\thadolint\tignore=DL3008,DL3009"),
            ["DL3008", "DL3009"]
        );
        assert_eq!(
            codes("# plimsoll ignore=latest-base-image,JSONArgsRecommended"),
            ["latest-base-image", "JSONArgsRecommended"]
        );
    }

    #[test]
    fn code_spans_point_into_comment() {
        let Some(Ok(Parsed::Ignore { codes, .. })) =
            parse_comment("# hadolint ignore=DL3008, DL3009", 10)
        else {
            panic!("not parsed");
        };
        assert_eq!(codes[0].span, Span::new(28, 34));
        assert_eq!(codes[1].span, Span::new(36, 42));
    }

    #[test]
    fn reasons_after_list() {
        assert_eq!(
            reason("# hadolint ignore=DL3018  # build-only deps"),
            Some("build-only deps".to_string())
        );
        assert_eq!(
            reason("# plimsoll ignore=DL3018 versions float on purpose"),
            Some("versions float on purpose".to_string())
        );
        assert_eq!(reason("# hadolint ignore=DL3018"), None);
    }

    #[test]
    fn scopes() {
        let scope = |comment: &str| match parsed(comment) {
            Some(Ok(Parsed::Ignore { scope, .. })) => scope,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            scope("# hadolint global ignore=DL3008"),
            IgnoreScope::Global
        );
        assert_eq!(scope("# hadolint stage  ignore=DL3008"), IgnoreScope::Stage);
        assert_eq!(scope("# plimsoll ignore=DL3008"), IgnoreScope::Next);
    }

    #[test]
    fn ordinary_comments_are_not_pragmas() {
        assert_eq!(parsed("# install curl"), None);
        assert_eq!(parsed("# hadolint is slow on this file"), None);
        assert_eq!(parsed("# hadolintignore=DL3008"), None);
        assert_eq!(parsed("# Hadolint ignore=DL3008"), None);
    }

    #[test]
    fn malformed_pragmas_are_errors() {
        for comment in [
            "# hadolint ignore DL3008",
            "# hadolint ignore=",
            "# hadolint ignore=DL3008,",
            "# hadolint ignore=DL3008 DL3009",
            "# hadolint global DL3008",
            "# hadolint ignored=DL3008",
            "# hadolint shell=",
            "# hadolint shell=bash extra",
        ] {
            assert!(
                matches!(parsed(comment), Some(Err(_))),
                "`{comment}` should be invalid"
            );
        }
    }

    #[test]
    fn shell_pragma() {
        assert_eq!(
            parsed("# hadolint shell=powershell"),
            Some(Ok(Parsed::Shell("powershell".to_string())))
        );
        assert_eq!(
            parsed("# hadolint shell = /bin/bash # scripts use arrays"),
            Some(Ok(Parsed::Shell("/bin/bash".to_string())))
        );
    }

    #[test]
    fn next_pragma_covers_following_instruction() {
        let text = "FROM a:1\n# hadolint ignore=DL3003\nRUN cd /x \\\n && ls\nRUN ls\n";
        let pragmas = read(text);
        let covers = pragmas.ignores[0].covers.expect("attached");
        assert_eq!(&text[covers.start..covers.end], "RUN cd /x \\\n && ls");
        assert!(pragmas.invalid.is_empty());
    }

    #[test]
    fn stacked_pragmas_attach_to_same_instruction() {
        let text =
            "FROM a:1\n# hadolint ignore=DL3018\n# hadolint ignore=DL3019\nRUN apk add curl\n";
        let pragmas = read(text);
        assert_eq!(pragmas.ignores[0].covers, pragmas.ignores[1].covers);
        assert!(pragmas.ignores[0].covers.is_some());
    }

    #[test]
    fn blank_line_detaches_pragma() {
        let pragmas = read("FROM a:1\n# hadolint ignore=DL3003\n\nRUN cd /x\n");
        assert_eq!(pragmas.ignores[0].covers, None);
        assert_eq!(pragmas.invalid.len(), 1);
        assert!(pragmas.invalid[0].message.contains("blank line"));
    }

    #[test]
    fn pragma_above_comment_lines_attaches() {
        let text = "FROM a:1\n# hadolint ignore=DL3003\n# note\n  # indented\nRUN cd /x\n\
                    # hadolint ignore=DL3003\nRUN ls\n\n# x\nRUN cd /y\n";
        let pragmas = read(text);
        let covers = pragmas.ignores[0].covers.expect("attached");
        assert_eq!(&text[covers.start..covers.end], "RUN cd /x");
        let covers = pragmas.ignores[1].covers.expect("attached");
        assert_eq!(&text[covers.start..covers.end], "RUN ls");
        assert!(pragmas.invalid.is_empty());
    }

    #[test]
    fn instruction_check_comments_of_many_instructions() {
        let text = "FROM a:1\n# check=skip=A\nCMD x\nRUN y\n# other\n# check=skip=B\nCMD z\n";
        let pragmas = read(text);
        let found: Vec<(usize, &str, &str)> = pragmas
            .instruction_checks
            .iter()
            .map(|(index, check)| {
                let span = check.skip[0].span;
                (
                    *index,
                    check.skip[0].code.as_str(),
                    &text[span.start..span.end],
                )
            })
            .collect();
        assert_eq!(found, [(1, "A", "A"), (3, "B", "B")]);
    }

    #[test]
    fn stage_pragma_covers_to_next_from() {
        let text = "# hadolint stage ignore=DL3003\nFROM a:1\nRUN cd /x\nFROM b:1\nRUN cd /y\n";
        let pragmas = read(text);
        let covers = pragmas.ignores[0].covers.expect("attached");
        assert_eq!(
            &text[covers.start..covers.end],
            "# hadolint stage ignore=DL3003\nFROM a:1\nRUN cd /x\n"
        );
    }

    #[test]
    fn check_options_grammar() {
        let options =
            parse_check_options("skip=A, B;error=true;experimental=all", Some(0)).unwrap();
        assert_eq!(
            options
                .skip
                .iter()
                .map(|c| c.code.as_str())
                .collect::<Vec<_>>(),
            ["A", "B"]
        );
        assert_eq!(options.skip[1].span, Span::new(8, 9));
        assert!(options.error);
        assert!(options.experimental_all);
        assert!(parse_check_options("skip=all", None).unwrap().skip_all);
        assert!(parse_check_options("", None).unwrap() == CheckOptions::default());
        assert!(parse_check_options("error=maybe", None).is_err());
        assert!(parse_check_options("skip", None).is_err());
        assert!(parse_check_options("color=red", None).is_err());
        // The third part keeps further separators, as Go's SplitN does.
        let options = parse_check_options("error=false;skip=A;experimental=B;x", None).unwrap();
        assert_eq!(options.experimental[0].code, "B;x");
    }

    #[test]
    fn check_directive_and_build_arg() {
        let text = "# check=skip=JSONArgsRecommended\nFROM a:1\nCMD x\n";
        let pragmas = read(text);
        assert_eq!(pragmas.check.skip[0].code, "JSONArgsRecommended");
        let span = pragmas.check.skip[0].span;
        assert_eq!(&text[span.start..span.end], "JSONArgsRecommended");

        let options = LintOptions {
            build_args: vec![(CHECK_BUILD_ARG.to_string(), "error=true".to_string())],
            ..LintOptions::default()
        };
        let replaced = Pragmas::read(&parse(text.as_bytes()), &options);
        assert!(
            replaced.check.skip.is_empty(),
            "the build argument replaces the directive"
        );
        assert!(replaced.check.error);
    }

    #[test]
    fn malformed_check_directive() {
        let pragmas = read("# check=skip\nFROM a:1\n");
        assert!(pragmas.check_directive_error.is_some());
    }

    #[test]
    fn instruction_check_comment() {
        let text = "FROM a:1\n# check=skip=JSONArgsRecommended\nCMD x\n";
        let pragmas = read(text);
        assert_eq!(pragmas.instruction_checks.len(), 1);
        let (index, check) = &pragmas.instruction_checks[0];
        assert_eq!(*index, 1);
        let span = check.skip[0].span;
        assert_eq!(&text[span.start..span.end], "JSONArgsRecommended");
    }
}
