//! The output of a lint run: the versioned JSON report that every consumer reads, the text
//! rendering for terminals, and the rule listing.
//!
//! The JSON report is the one wire format of plimsoll. The CLI's `--format json` prints it, and
//! the C ABI and the language bindings return it, so its shape only changes together with
//! [`SCHEMA_VERSION`]. Positions are computed here from the byte spans of the findings: lines
//! are 1-based, columns are 1-based and counted in Unicode scalar values, and offsets are UTF-8
//! byte offsets into the decoded text ([`Dockerfile::text`]).

use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::image::report::ImageReport;
use crate::lint::LintResult;
use crate::model::{Base, Model};
use crate::rules::{ALL_RULES, RuleMeta};
use crate::source::{LineIndex, Span};
use crate::syntax::ast::Dockerfile;

/// Version of the JSON report's schema. It changes when a field is added, removed or changes
/// meaning, and is independent of the tool's version.
pub const SCHEMA_VERSION: u32 = 2;

/// Display width of a tab stop in text output.
const TAB_WIDTH: usize = 4;

/// The JSON report of one run over any number of files.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    /// Schema version, [`SCHEMA_VERSION`].
    pub version: u32,
    pub tool: Tool,
    /// Files in the order they were given.
    pub files: Vec<FileReport>,
    /// Images in the order they were given. Left out when there are none, so that reports
    /// of Dockerfiles keep their shape.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<ImageReport>,
}

/// Name and version of the program that wrote a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

/// Findings of one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FileReport {
    /// The path as the caller named the file; `-` stands for standard input in the CLI.
    pub path: String,
    /// True if a finding is at or above the failure threshold of the run.
    pub failed: bool,
    pub metadata: FileMetadata,
    /// Findings ordered by start offset, then code.
    pub diagnostics: Vec<DiagnosticReport>,
}

/// Facts about the input file: its size, instructions and stages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FileMetadata {
    /// Size of the input in bytes.
    pub bytes: usize,
    /// Number of lines: line feeds, plus one if the last line has none.
    pub lines: usize,
    pub instructions: usize,
    pub stages: Vec<StageReport>,
    /// Index of the stage that is built: `--target`, or the last stage. `null` without stages.
    pub target_stage: Option<usize>,
}

/// One build stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct StageReport {
    pub index: usize,
    /// Lower-cased stage name, `null` for a stage without `AS name`.
    pub name: Option<String>,
    /// The base image after build-argument expansion, or the name of the stage it builds on.
    pub base: String,
    /// Line of the stage's FROM.
    pub line: u32,
    /// True if building the target stage builds this stage.
    pub reachable: bool,
}

/// One finding with its positions computed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DiagnosticReport {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub message: String,
    pub start: Position,
    /// Exclusive end of the finding's range.
    pub end: Position,
    /// `null` in JSON when the finding has no fix.
    pub fix: Option<FixReport>,
}

/// A fix with its positions computed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FixReport {
    pub message: String,
    pub applicability: Applicability,
    pub edits: Vec<EditReport>,
}

/// One replacement of the range `[start, end)` of the source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EditReport {
    pub start: Position,
    pub end: Position,
    pub replacement: String,
}

/// A position in the source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Position {
    /// 1-based line.
    pub line: u32,
    /// 1-based column in Unicode scalar values.
    pub column: u32,
    /// UTF-8 byte offset from the start of the text.
    pub offset: usize,
}

impl Report {
    /// Creates a report of `files`, stamped with the schema version and this crate's version.
    pub fn new(files: Vec<FileReport>) -> Self {
        Report {
            version: SCHEMA_VERSION,
            tool: Tool {
                name: "plimsoll".to_string(),
                version: crate::VERSION.to_string(),
            },
            files,
            images: Vec::new(),
        }
    }

    /// Creates a report of `images`, stamped as [`Report::new`] does.
    pub fn of_images(images: Vec<ImageReport>) -> Self {
        Report {
            images,
            ..Report::new(Vec::new())
        }
    }

    /// Serializes the report as JSON indented by two spaces, keys in the order of the struct
    /// fields, without a trailing newline. Equal reports give identical bytes.
    pub fn to_json(&self) -> String {
        // Serializing cannot fail: every field is a string, a number, a list or a struct, and
        // none has a custom `Serialize` implementation that returns an error.
        serde_json::to_string_pretty(self).expect("a report always serializes")
    }
}

/// Computes the positions of every finding of `result` and returns them as the report of the
/// file called `path`.
///
/// Offsets past the end of the text are clamped to the end, an offset inside a multi-byte
/// character moves to the start of that character, and an end before its start is moved to
/// the start. Positions therefore always name a real place in the text, and line, column and
/// offset always agree.
pub fn file_report(path: &str, result: &LintResult) -> FileReport {
    let mut report = dockerfile_report(path, &result.dockerfile, &result.diagnostics);
    report.failed = result.failed;
    report.metadata = metadata(&result.dockerfile, Some(&result.model));
    report
}

/// Computes the positions of `diagnostics`, which refer to `dockerfile`, and returns them as
/// the report of the file called `path`, with no stage metadata and `failed` false.
/// [`file_report`] explains how positions are normalized.
pub fn dockerfile_report(
    path: &str,
    dockerfile: &Dockerfile,
    diagnostics: &[Diagnostic],
) -> FileReport {
    let diagnostics = diagnostics
        .iter()
        .map(|diagnostic| diagnostic_report(dockerfile, diagnostic))
        .collect();
    FileReport {
        path: path.to_string(),
        failed: false,
        metadata: metadata(dockerfile, None),
        diagnostics,
    }
}

fn metadata(dockerfile: &Dockerfile, model: Option<&Model>) -> FileMetadata {
    let text = &dockerfile.text;
    let lines = text.bytes().filter(|&byte| byte == b'\n').count()
        + usize::from(!text.is_empty() && !text.ends_with('\n'));
    let stages = model.map_or_else(Vec::new, |model| {
        model
            .stages
            .iter()
            .map(|stage| StageReport {
                index: stage.index,
                name: stage.name.clone(),
                base: match &stage.base {
                    Base::Stage(parent) => model.stages[*parent]
                        .name
                        .clone()
                        .unwrap_or_else(|| parent.to_string()),
                    _ => stage.image_expanded.clone(),
                },
                line: dockerfile.instructions[stage.from].start_line,
                reachable: model.reachable.get(stage.index).copied().unwrap_or(false),
            })
            .collect()
    });
    FileMetadata {
        bytes: text.len(),
        lines,
        instructions: dockerfile.instructions.len(),
        stages,
        target_stage: model.and_then(|model| model.target),
    }
}

fn diagnostic_report(dockerfile: &Dockerfile, diagnostic: &Diagnostic) -> DiagnosticReport {
    let (start, end) = span_positions(dockerfile, diagnostic.span);
    let fix = diagnostic.fix.as_ref().map(|fix| FixReport {
        message: fix.message.clone(),
        applicability: fix.applicability,
        edits: fix
            .edits
            .iter()
            .map(|edit| {
                let (start, end) = span_positions(dockerfile, edit.span);
                EditReport {
                    start,
                    end,
                    replacement: edit.replacement.clone(),
                }
            })
            .collect(),
    });
    DiagnosticReport {
        code: diagnostic.code.to_string(),
        name: diagnostic.name.to_string(),
        severity: diagnostic.severity,
        message: diagnostic.message.clone(),
        start,
        end,
        fix,
    }
}

fn span_positions(dockerfile: &Dockerfile, span: Span) -> (Position, Position) {
    let text = dockerfile.text.as_str();
    let start = position(text, &dockerfile.line_index, span.start);
    let end = position(text, &dockerfile.line_index, span.end.max(start.offset));
    (start, end)
}

fn position(text: &str, index: &LineIndex, offset: usize) -> Position {
    let offset = floor_char_boundary(text, offset);
    let line_column = index.line_column(text, offset);
    Position {
        line: line_column.line,
        column: line_column.column,
        offset,
    }
}

/// Returns `offset` clamped to the text and moved back to the start of its character.
fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Renders the findings of `result` for a terminal, one block per finding:
///
/// ```text
/// Dockerfile:1:6: DL3007 warning: Using latest is prone to errors
///   |
/// 1 | FROM ubuntu:latest
///   |      ^^^^^^^^^^^^^
///   = fix: Pin the image version (unsafe)
/// ```
///
/// Every block ends with an empty line, so renderings of several files can be concatenated.
/// The markers underline the part of the finding on its first line, and at least one column.
/// Tabs expand to stops every 4 columns, and control characters are shown as their Unicode
/// control pictures so that the source cannot send escape sequences to the terminal. A line
/// longer than 200 characters is cut to that many around the finding, `…` marking each cut.
/// `color` adds ANSI escape sequences.
pub fn render_text(path: &str, result: &LintResult, color: bool) -> String {
    render_diagnostics(path, &result.dockerfile, &result.diagnostics, color)
}

/// Renders `diagnostics`, which refer to `dockerfile`, as [`render_text`] does.
pub fn render_diagnostics(
    path: &str,
    dockerfile: &Dockerfile,
    diagnostics: &[Diagnostic],
    color: bool,
) -> String {
    let palette = Palette { enabled: color };
    let mut out = String::new();
    for diagnostic in diagnostics {
        render_diagnostic(&mut out, path, dockerfile, diagnostic, palette);
    }
    out
}

fn render_diagnostic(
    out: &mut String,
    path: &str,
    dockerfile: &Dockerfile,
    diagnostic: &Diagnostic,
    palette: Palette,
) {
    let (start, end) = span_positions(dockerfile, diagnostic.span);
    let severity_style = severity_style(diagnostic.severity);

    let location = format!("{}:{}:{}:", printable(path), start.line, start.column);
    let _ = writeln!(
        out,
        "{} {} {} {}",
        palette.paint(BOLD, &location),
        palette.paint(severity_style, diagnostic.code),
        palette.paint(severity_style, &format!("{}:", diagnostic.severity)),
        printable(&diagnostic.message),
    );

    let line_number = start.line.to_string();
    let gutter = " ".repeat(line_number.len());
    let bar = palette.paint(GUTTER, "|");
    let (source, marker_indent, marker_width) = source_line(dockerfile, start, end);

    let _ = writeln!(out, "{gutter} {bar}");
    if source.is_empty() {
        let _ = writeln!(out, "{} {bar}", palette.paint(GUTTER, &line_number));
    } else {
        let _ = writeln!(
            out,
            "{} {bar} {source}",
            palette.paint(GUTTER, &line_number)
        );
    }
    let _ = writeln!(
        out,
        "{gutter} {bar} {}{}",
        " ".repeat(marker_indent),
        palette.paint(severity_style, &"^".repeat(marker_width)),
    );
    if let Some(fix) = &diagnostic.fix {
        let _ = writeln!(
            out,
            "{gutter} {} {} {} ({})",
            palette.paint(GUTTER, "="),
            palette.paint(BOLD, "fix:"),
            printable(&fix.message),
            applicability_name(fix.applicability),
        );
    }
    out.push('\n');
}

/// The characters of a long source line shown before the start of a finding.
const CONTEXT_BEFORE: usize = 80;

/// The characters of a long source line shown in all.
const WINDOW: usize = 200;

/// Returns the first line of a finding as it is displayed, and the display column and width
/// of the markers under it.
fn source_line(dockerfile: &Dockerfile, start: Position, end: Position) -> (String, usize, usize) {
    let text = dockerfile.text.as_str();
    let line = start.line as usize - 1;
    let line_start = dockerfile.line_index.line_start(line);
    let content = dockerfile.line_index.line_text(text, line);

    // A finding can start on the `\r` of a CRLF ending or continue on later lines. Either way
    // the markers stop at the end of the line's content.
    let marked_start = (start.offset - line_start).min(content.len());
    let marked_end = (end.offset - line_start).min(content.len());

    // A long line is shown as a window around the start of the finding, so that findings on
    // a huge line do not print it whole each time.
    let before: Vec<usize> = content[..marked_start]
        .char_indices()
        .rev()
        .take(CONTEXT_BEFORE + 1)
        .map(|(index, _)| index)
        .collect();
    let from = match before.get(CONTEXT_BEFORE) {
        Some(_) => before[CONTEXT_BEFORE - 1],
        None => 0,
    };
    let to = content[from..]
        .char_indices()
        .nth(WINDOW)
        .map_or(content.len(), |(index, _)| from + index);

    let mut displayed = String::with_capacity(to - from + 8);
    let mut column = 0;
    if from > 0 {
        displayed.push('…');
        column += 1;
    }
    let mut marker_indent = None;
    let mut marker_end = None;
    for (index, character) in content[from..to]
        .char_indices()
        .map(|(index, character)| (from + index, character))
    {
        if index == marked_start {
            marker_indent = Some(column);
        }
        if index == marked_end {
            marker_end = Some(column);
        }
        if character == '\u{feff}' {
            // A byte order mark has no width, and some terminals draw it as a box.
            continue;
        }
        if character == '\t' {
            let width = TAB_WIDTH - column % TAB_WIDTH;
            displayed.extend(std::iter::repeat_n(' ', width));
            column += width;
        } else {
            let character = printable_char(character);
            displayed.push(character);
            column += char_width(character);
        }
    }

    let marker_indent = marker_indent.unwrap_or(column);
    let marker_end = marker_end.unwrap_or(column);
    if to < content.len() {
        displayed.push('…');
    }
    let marker_width = marker_end.saturating_sub(marker_indent).max(1);
    (displayed, marker_indent, marker_width)
}

/// Replaces control characters so that text from the source cannot move the cursor or send
/// escape sequences to a terminal: C0 controls and DEL become their control pictures
/// (U+2400 block), C1 controls become U+FFFD.
fn printable_char(character: char) -> char {
    match character {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + character as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        '\u{80}'..='\u{9f}' => '\u{fffd}',
        _ => character,
    }
}

/// Returns `text` on one line: tabs become spaces, other control characters as in
/// [`printable_char`].
pub(crate) fn printable(text: &str) -> String {
    text.chars()
        .map(|character| match character {
            '\t' => ' ',
            other => printable_char(other),
        })
        .collect()
}

/// Returns the number of terminal columns `character` takes.
///
/// NOTE: this covers combining marks, zero-width characters and the common East Asian wide
/// and emoji ranges, not the full Unicode width tables, so rarer wide characters count as one
/// column and the markers after them shift left.
fn char_width(character: char) -> usize {
    match character as u32 {
        0x0300..=0x036f
        | 0x1ab0..=0x1aff
        | 0x1dc0..=0x1dff
        | 0x200b..=0x200f
        | 0x20d0..=0x20ff
        | 0xfe00..=0xfe0f
        | 0xfe20..=0xfe2f
        | 0xfeff => 0,
        0x1100..=0x115f
        | 0x231a..=0x231b
        | 0x2329..=0x232a
        | 0x2e80..=0x303e
        | 0x3041..=0x33ff
        | 0x3400..=0x4dbf
        | 0x4e00..=0x9fff
        | 0xa000..=0xa4cf
        | 0xac00..=0xd7a3
        | 0xf900..=0xfaff
        | 0xfe30..=0xfe4f
        | 0xff00..=0xff60
        | 0xffe0..=0xffe6
        | 0x1f300..=0x1f64f
        | 0x1f900..=0x1f9ff
        | 0x20000..=0x2fffd
        | 0x30000..=0x3fffd => 2,
        _ => 1,
    }
}

fn applicability_name(applicability: Applicability) -> &'static str {
    match applicability {
        Applicability::Safe => "safe",
        Applicability::Unsafe => "unsafe",
        Applicability::DisplayOnly => "display-only",
    }
}

/// SGR parameters of the text styles.
const BOLD: &str = "1";
const GUTTER: &str = "1;34";

fn severity_style(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
        Severity::Style => "1;35",
    }
}

/// Wraps text in ANSI escape sequences when color is enabled.
#[derive(Clone, Copy)]
struct Palette {
    enabled: bool,
}

impl Palette {
    fn paint(self, style: &str, text: &str) -> String {
        if self.enabled {
            format!("\x1b[{style}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// The metadata of one rule, as `plimsoll rules --format json` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleSummary {
    pub code: &'static str,
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub severity: Severity,
    pub fixable: bool,
    /// False for rules that run only when selected or given a severity.
    pub enabled_by_default: bool,
}

/// Returns the metadata of every rule, in code order.
pub fn rule_summaries() -> Vec<RuleSummary> {
    ALL_RULES
        .iter()
        .map(|meta| RuleSummary {
            code: meta.code,
            name: meta.name,
            aliases: meta.aliases,
            severity: meta.severity,
            fixable: meta.fixable,
            enabled_by_default: meta.enabled_by_default,
        })
        .collect()
}

/// Returns a rule's documentation as Markdown, with the indentation that doc comments put
/// before every line (the space after `///`) removed.
pub fn rule_markdown(meta: &RuleMeta) -> String {
    let indent = meta
        .doc
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);

    let mut markdown = String::with_capacity(meta.doc.len());
    for line in meta.doc.lines() {
        // Blank lines can be shorter than the indentation.
        markdown.push_str(line.get(indent..).unwrap_or(""));
        markdown.push('\n');
    }
    markdown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Edit, Fix};
    use crate::parse;

    /// A parsed text with findings made up by the test.
    struct Findings {
        dockerfile: Dockerfile,
        diagnostics: Vec<Diagnostic>,
    }

    fn findings_of(text: &str, diagnostics: Vec<Diagnostic>) -> Findings {
        Findings {
            dockerfile: parse(text.as_bytes()),
            diagnostics,
        }
    }

    fn report_of(path: &str, findings: &Findings) -> FileReport {
        dockerfile_report(path, &findings.dockerfile, &findings.diagnostics)
    }

    fn render(path: &str, findings: &Findings, color: bool) -> String {
        render_diagnostics(path, &findings.dockerfile, &findings.diagnostics, color)
    }

    fn finding(code: &'static str, severity: Severity, span: Span, message: &str) -> Diagnostic {
        Diagnostic {
            code,
            name: "test-rule",
            severity,
            message: message.to_string(),
            span,
            fix: None,
        }
    }

    fn span_of(text: &str, needle: &str) -> Span {
        let start = text.find(needle).expect("needle is in the text");
        Span::new(start, start + needle.len())
    }

    #[test]
    fn json_shape_with_fix() {
        let text = "FROM ubuntu:latest\nRUN apt-get install curl\n";
        let mut latest = finding(
            "DL3007",
            Severity::Warning,
            span_of(text, "ubuntu:latest"),
            "Using latest is prone to errors",
        );
        latest.fix = Some(Fix {
            message: "Pin the image version".to_string(),
            applicability: Applicability::Unsafe,
            edits: vec![Edit {
                span: span_of(text, "latest"),
                replacement: "24.04".to_string(),
            }],
        });
        let findings = findings_of(text, vec![latest]);

        let json = Report::new(vec![report_of("Dockerfile", &findings)]).to_json();

        let expected = format!(
            r#"{{
  "version": 2,
  "tool": {{
    "name": "plimsoll",
    "version": "{version}"
  }},
  "files": [
    {{
      "path": "Dockerfile",
      "failed": false,
      "metadata": {{
        "bytes": 44,
        "lines": 2,
        "instructions": 2,
        "stages": [],
        "target_stage": null
      }},
      "diagnostics": [
        {{
          "code": "DL3007",
          "name": "test-rule",
          "severity": "warning",
          "message": "Using latest is prone to errors",
          "start": {{
            "line": 1,
            "column": 6,
            "offset": 5
          }},
          "end": {{
            "line": 1,
            "column": 19,
            "offset": 18
          }},
          "fix": {{
            "message": "Pin the image version",
            "applicability": "unsafe",
            "edits": [
              {{
                "start": {{
                  "line": 1,
                  "column": 13,
                  "offset": 12
                }},
                "end": {{
                  "line": 1,
                  "column": 19,
                  "offset": 18
                }},
                "replacement": "24.04"
              }}
            ]
          }}
        }}
      ]
    }}
  ]
}}"#,
            version = crate::VERSION
        );
        assert_eq!(json, expected);
    }

    #[test]
    fn json_fix_null_and_empty_files() {
        let text = "FROM a\n";
        let findings = findings_of(
            text,
            vec![finding("PL0001", Severity::Error, Span::new(0, 4), "bad")],
        );
        let report = Report::new(vec![
            report_of("a/Dockerfile", &findings),
            report_of("-", &findings_of("", Vec::new())),
        ]);

        let value: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();

        assert_eq!(value["version"], SCHEMA_VERSION);
        assert_eq!(
            value["files"][0]["diagnostics"][0]["fix"],
            serde_json::Value::Null
        );
        assert_eq!(value["files"][0]["diagnostics"][0]["severity"], "error");
        assert_eq!(value["files"][1]["path"], "-");
        assert_eq!(value["files"][1]["diagnostics"], serde_json::json!([]));
    }

    #[test]
    fn json_display_only_applicability() {
        let text = "FROM a\n";
        let mut diagnostic = finding("PL0001", Severity::Style, Span::new(0, 4), "m");
        diagnostic.fix = Some(Fix {
            message: "f".to_string(),
            applicability: Applicability::DisplayOnly,
            edits: Vec::new(),
        });
        let report = Report::new(vec![report_of("D", &findings_of(text, vec![diagnostic]))]);

        let value: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();

        let fix = &value["files"][0]["diagnostics"][0]["fix"];
        assert_eq!(fix["applicability"], "display-only");
        assert_eq!(fix["edits"], serde_json::json!([]));
    }

    #[test]
    fn positions_count_scalar_values() {
        let text = "LABEL a=\"é😀\" b=1\n";
        let findings = findings_of(
            text,
            vec![finding("X", Severity::Info, span_of(text, "b=1"), "m")],
        );

        let report = report_of("D", &findings);

        let diagnostic = &report.diagnostics[0];
        assert_eq!(
            diagnostic.start,
            Position {
                line: 1,
                column: 14,
                offset: 17
            }
        );
        assert_eq!(
            diagnostic.end,
            Position {
                line: 1,
                column: 17,
                offset: 20
            }
        );
    }

    #[test]
    fn positions_after_crlf() {
        let text = "FROM a\r\nRUN b\r\n";
        let findings = findings_of(
            text,
            vec![finding("X", Severity::Info, span_of(text, "b"), "m")],
        );

        let report = report_of("D", &findings);

        assert_eq!(
            report.diagnostics[0].start,
            Position {
                line: 2,
                column: 5,
                offset: 12
            }
        );
    }

    #[test]
    fn positions_clamp_out_of_range_spans() {
        let text = "FROM é\n";
        let past_end = finding("X", Severity::Info, Span::new(100, 200), "m");
        let inside_character = finding("Y", Severity::Info, Span::new(6, 7), "m");
        let reversed = finding("Z", Severity::Info, Span::new(4, 2), "m");
        let findings = findings_of(text, vec![past_end, inside_character, reversed]);

        let report = report_of("D", &findings);

        let end_of_text = Position {
            line: 2,
            column: 1,
            offset: 8,
        };
        assert_eq!(report.diagnostics[0].start, end_of_text);
        assert_eq!(report.diagnostics[0].end, end_of_text);
        assert_eq!(
            report.diagnostics[1].start,
            Position {
                line: 1,
                column: 6,
                offset: 5
            }
        );
        assert_eq!(
            report.diagnostics[1].end,
            Position {
                line: 1,
                column: 7,
                offset: 7
            }
        );
        assert_eq!(report.diagnostics[2].start.offset, 4);
        assert_eq!(report.diagnostics[2].end.offset, 4);
    }

    #[test]
    fn json_is_deterministic() {
        let text = "FROM a\n";
        let findings = findings_of(
            text,
            vec![finding("X", Severity::Info, Span::new(0, 4), "m")],
        );
        let first = Report::new(vec![report_of("D", &findings)]).to_json();
        let second = Report::new(vec![report_of("D", &findings)]).to_json();
        assert_eq!(first, second);
    }

    #[test]
    fn text_block_with_fix() {
        let text = "FROM ubuntu:latest\n";
        let mut diagnostic = finding(
            "DL3007",
            Severity::Warning,
            span_of(text, "ubuntu:latest"),
            "Using latest is prone to errors",
        );
        diagnostic.fix = Some(Fix {
            message: "Pin the image version".to_string(),
            applicability: Applicability::Unsafe,
            edits: Vec::new(),
        });

        let rendered = render("Dockerfile", &findings_of(text, vec![diagnostic]), false);

        assert_eq!(
            rendered,
            "Dockerfile:1:6: DL3007 warning: Using latest is prone to errors\n\
             \x20 |\n\
             1 | FROM ubuntu:latest\n\
             \x20 |      ^^^^^^^^^^^^^\n\
             \x20 = fix: Pin the image version (unsafe)\n\
             \n"
        );
    }

    #[test]
    fn text_blocks_in_order_without_fix() {
        let text = "FROM a\nRUN b\n";
        let diagnostics = vec![
            finding("PL0001", Severity::Error, span_of(text, "FROM"), "first"),
            finding("DL3000", Severity::Style, span_of(text, "b"), "second"),
        ];

        let rendered = render("D", &findings_of(text, diagnostics), false);

        assert_eq!(
            rendered,
            "D:1:1: PL0001 error: first\n\
             \x20 |\n\
             1 | FROM a\n\
             \x20 | ^^^^\n\
             \n\
             D:2:5: DL3000 style: second\n\
             \x20 |\n\
             2 | RUN b\n\
             \x20 |     ^\n\
             \n"
        );
    }

    #[test]
    fn text_gutter_widens_with_line_number() {
        let text = format!("{}RUN x\n", "\n".repeat(11));
        let span = span_of(&text, "x");

        let rendered = render(
            "D",
            &findings_of(&text, vec![finding("X", Severity::Info, span, "m")]),
            false,
        );

        assert_eq!(
            rendered,
            "D:12:5: X info: m\n\
             \x20  |\n\
             12 | RUN x\n\
             \x20  |     ^\n\
             \n"
        );
    }

    #[test]
    fn text_crlf_line_has_no_carriage_return() {
        let text = "FROM a\r\nRUN b\r\n";
        let span = span_of(text, "RUN b");

        let rendered = render(
            "D",
            &findings_of(text, vec![finding("X", Severity::Info, span, "m")]),
            false,
        );

        assert_eq!(rendered, "D:2:1: X info: m\n  |\n2 | RUN b\n  | ^^^^^\n\n");
    }

    #[test]
    fn text_tabs_expand_to_stops() {
        let text = "RUN\ta\tb\n";
        let span = span_of(text, "b");

        let rendered = render(
            "D",
            &findings_of(text, vec![finding("X", Severity::Info, span, "m")]),
            false,
        );

        assert_eq!(
            rendered,
            "D:1:7: X info: m\n  |\n1 | RUN a   b\n  |         ^\n\n"
        );
    }

    #[test]
    fn text_marks_span_over_tab() {
        let text = "RUN a\tb\n";
        let span = span_of(text, "a\tb");

        let rendered = render(
            "D",
            &findings_of(text, vec![finding("X", Severity::Info, span, "m")]),
            false,
        );

        assert_eq!(
            rendered,
            "D:1:5: X info: m\n  |\n1 | RUN a   b\n  |     ^^^^^\n\n"
        );
    }

    #[test]
    fn text_multibyte_and_wide_characters() {
        let text = "LABEL é=漢字 x=1\n";
        let span = span_of(text, "x=1");

        let rendered = render(
            "D",
            &findings_of(text, vec![finding("X", Severity::Info, span, "m")]),
            false,
        );

        // `é` is one column and each of the two CJK characters is two.
        assert_eq!(
            rendered,
            "D:1:12: X info: m\n  |\n1 | LABEL é=漢字 x=1\n  |              ^^^\n\n"
        );
    }

    #[test]
    fn text_empty_span_has_one_marker() {
        let text = "FROM a\n";

        let rendered = render(
            "D",
            &findings_of(
                text,
                vec![finding("X", Severity::Info, Span::empty(5), "m")],
            ),
            false,
        );

        assert_eq!(
            rendered,
            "D:1:6: X info: m\n  |\n1 | FROM a\n  |      ^\n\n"
        );
    }

    #[test]
    fn text_span_past_end_marks_end() {
        let text = "FROM a";

        let rendered = render(
            "D",
            &findings_of(
                text,
                vec![finding("X", Severity::Info, Span::new(50, 60), "m")],
            ),
            false,
        );

        assert_eq!(
            rendered,
            "D:1:7: X info: m\n  |\n1 | FROM a\n  |       ^\n\n"
        );
    }

    #[test]
    fn text_span_at_final_newline_shows_empty_line() {
        let text = "FROM a\n";

        let rendered = render(
            "D",
            &findings_of(
                text,
                vec![finding("X", Severity::Info, Span::empty(7), "m")],
            ),
            false,
        );

        assert_eq!(rendered, "D:2:1: X info: m\n  |\n2 |\n  | ^\n\n");
    }

    #[test]
    fn text_multiline_span_marks_first_line() {
        let text = "RUN a \\\n  b\n";
        let span = Span::new(4, text.len() - 1);

        let rendered = render(
            "D",
            &findings_of(text, vec![finding("X", Severity::Info, span, "m")]),
            false,
        );

        assert_eq!(
            rendered,
            "D:1:5: X info: m\n  |\n1 | RUN a \\\n  |     ^^^\n\n"
        );
    }

    #[test]
    fn text_span_on_carriage_return() {
        let text = "FROM a\r\n";
        let at_carriage_return = Span::new(6, 8);

        let rendered = render(
            "D",
            &findings_of(
                text,
                vec![finding("X", Severity::Info, at_carriage_return, "m")],
            ),
            false,
        );

        assert_eq!(
            rendered,
            "D:1:7: X info: m\n  |\n1 | FROM a\n  |       ^\n\n"
        );
    }

    #[test]
    fn byte_order_mark_is_not_displayed() {
        let text = "\u{feff}FROMM x\n";
        let span = span_of(text, "FROMM");
        let findings = findings_of(text, vec![finding("X", Severity::Error, span, "m")]);

        let start = report_of("D", &findings).diagnostics[0].start;
        let rendered = render("D", &findings, false);

        assert_eq!(
            start,
            Position {
                line: 1,
                column: 1,
                offset: 3
            }
        );
        assert_eq!(
            rendered,
            "D:1:1: X error: m\n  |\n1 | FROMM x\n  | ^^^^^\n\n"
        );
    }

    #[test]
    fn text_control_characters_are_replaced() {
        let text = "RUN \x1b[31mx\n";
        let span = span_of(text, "x");
        let diagnostic = finding("X", Severity::Info, span, "bad\nmessage\x07");

        let rendered = render("a\tb", &findings_of(text, vec![diagnostic]), false);

        assert_eq!(
            rendered,
            "a b:1:10: X info: bad\u{240a}message\u{2407}\n  |\n1 | RUN \u{241b}[31mx\n  |          ^\n\n"
        );
    }

    #[test]
    fn text_color_wraps_parts() {
        let text = "FROM a\n";
        let diagnostic = finding("X", Severity::Error, Span::new(0, 4), "m");

        let rendered = render("D", &findings_of(text, vec![diagnostic]), true);

        assert_eq!(
            rendered,
            "\x1b[1mD:1:1:\x1b[0m \x1b[1;31mX\x1b[0m \x1b[1;31merror:\x1b[0m m\n\
             \x20 \x1b[1;34m|\x1b[0m\n\
             \x1b[1;34m1\x1b[0m \x1b[1;34m|\x1b[0m FROM a\n\
             \x20 \x1b[1;34m|\x1b[0m \x1b[1;31m^^^^\x1b[0m\n\
             \n"
        );
    }

    #[test]
    fn text_long_line_shows_window_around_finding() {
        let text = format!("RUN {}needle{}\n", "a".repeat(1000), "b".repeat(1000));
        let span = span_of(&text, "needle");

        let rendered = render(
            "D",
            &findings_of(&text, vec![finding("X", Severity::Info, span, "m")]),
            false,
        );

        let shown = format!(
            "1 | …{}needle{}…\n",
            "a".repeat(CONTEXT_BEFORE),
            "b".repeat(WINDOW - CONTEXT_BEFORE - 6)
        );
        let markers = format!("  | {}^^^^^^\n", " ".repeat(CONTEXT_BEFORE + 1));
        assert_eq!(
            rendered,
            format!("D:1:1005: X info: m\n  |\n{shown}{markers}\n")
        );
    }

    #[test]
    fn text_marker_stops_at_window_end() {
        let text = format!("RUN {}\n", "a".repeat(10_000));
        let span = Span::new(4, text.len() - 1);

        let rendered = render(
            "D",
            &findings_of(&text, vec![finding("X", Severity::Info, span, "m")]),
            false,
        );

        let shown = format!("1 | RUN {}…\n", "a".repeat(WINDOW - 4));
        let markers = format!("  |     {}\n", "^".repeat(WINDOW - 4));
        assert_eq!(
            rendered,
            format!("D:1:5: X info: m\n  |\n{shown}{markers}\n")
        );
    }

    #[test]
    fn text_without_findings_is_empty() {
        assert_eq!(render("D", &findings_of("FROM a\n", Vec::new()), true), "");
    }

    #[test]
    fn rule_markdown_removes_doc_comment_indent() {
        let meta = RuleMeta {
            code: "PL9999",
            name: "example",
            aliases: &[],
            severity: Severity::Info,
            doc: " ## What it does\n\n Flags things.\n ```dockerfile\n     RUN x\n ```\n",
            fixable: false,
            enabled_by_default: true,
        };

        assert_eq!(
            rule_markdown(&meta),
            "## What it does\n\nFlags things.\n```dockerfile\n    RUN x\n```\n"
        );
    }
}
