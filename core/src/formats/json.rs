//! JSON formats of code-quality services: SonarQube's generic issue import and Codacy's tool
//! results.

use serde::Serialize;

use super::{Artifact, Range, RenderOptions, all_findings, report_path};
use crate::diagnostic::Severity;

/// Renders SonarQube's generic issue import format: `{"issues": [...]}`, each issue with
/// `engineId`, `ruleId`, `severity`, `type` and a `primaryLocation` with the message, file
/// path and text range, as hadolint writes it.
///
/// Severities map as in hadolint: error is `CRITICAL` and a `BUG`, warning `MAJOR`, info
/// `MINOR` and style `INFO`, all three `CODE_SMELL`. SonarQube counts columns from 0, so a
/// range's columns are written one less than plimsoll's. A finding without a range is put on
/// line 1, and an empty range covers its whole line, without columns.
///
/// NOTE: SonarQube counts columns in UTF-16 code units, plimsoll in Unicode scalar values, so
/// columns after a character outside the Basic Multilingual Plane (an emoji) are off by one
/// per such character. SonarQube also rejects a range past the file's last line, which a
/// finding at the very end of a file that ends with a line feed has.
pub(super) fn render_sonarqube(artifacts: &[Artifact], options: &RenderOptions) -> String {
    let issues = all_findings(artifacts)
        .map(|(artifact, finding)| {
            let text_range = match finding.range {
                // SonarQube rejects a range whose end is not after its start, so an empty
                // range marks its whole line.
                Some(range) if is_empty(range) => TextRange {
                    start_line: range.start_line,
                    end_line: range.start_line,
                    start_column: None,
                    end_column: None,
                },
                Some(range) => TextRange {
                    start_line: range.start_line,
                    end_line: range.end_line.max(range.start_line),
                    start_column: Some(range.start_column.saturating_sub(1)),
                    end_column: Some(range.end_column.saturating_sub(1)),
                },
                None => TextRange {
                    start_line: Range::FIRST_LINE.start_line,
                    end_line: Range::FIRST_LINE.end_line,
                    start_column: None,
                    end_column: None,
                },
            };
            SonarIssue {
                engine_id: "plimsoll",
                rule_id: finding.code.clone(),
                severity: match finding.severity {
                    Severity::Error => "CRITICAL",
                    Severity::Warning => "MAJOR",
                    Severity::Info => "MINOR",
                    Severity::Style => "INFO",
                },
                kind: match finding.severity {
                    Severity::Error => "BUG",
                    _ => "CODE_SMELL",
                },
                primary_location: SonarLocation {
                    message: finding.message.clone(),
                    file_path: report_path(&artifact.path, options),
                    text_range,
                },
            }
        })
        .collect();
    // Serializing cannot fail: these derived types contain only strings, numbers, lists and
    // structs, with no map keys that are not strings.
    serde_json::to_string_pretty(&SonarReport { issues }).expect("issues always serialize") + "\n"
}

fn is_empty(range: Range) -> bool {
    range.end_line < range.start_line
        || (range.end_line == range.start_line && range.end_column <= range.start_column)
}

/// Renders Codacy's tool result format, as hadolint's `codacy` format does: one JSON object
/// per finding and line, with `filename`, `patternId` (the code), `message` and `line`. A
/// finding without a range is put on line 1.
pub(super) fn render_codacy(artifacts: &[Artifact], options: &RenderOptions) -> String {
    let mut out = String::new();
    for (artifact, finding) in all_findings(artifacts) {
        let result = CodacyResult {
            filename: report_path(&artifact.path, options),
            pattern_id: finding.code.clone(),
            message: finding.message.clone(),
            line: finding.range.unwrap_or(Range::FIRST_LINE).start_line,
        };
        // Serializing cannot fail: these derived types contain only strings, numbers, lists and
        // structs, with no map keys that are not strings.
        out.push_str(&serde_json::to_string(&result).expect("a result always serializes"));
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct SonarReport {
    issues: Vec<SonarIssue>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SonarIssue {
    engine_id: &'static str,
    rule_id: String,
    severity: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    primary_location: SonarLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SonarLocation {
    message: String,
    file_path: String,
    text_range: TextRange,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TextRange {
    start_line: u32,
    end_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CodacyResult {
    filename: String,
    pattern_id: String,
    message: String,
    line: u32,
}
