//! GitLab Code Quality and Code Climate issues, which share the Code Climate engine
//! specification's issue object.

use std::collections::HashMap;

use serde::Serialize;

use super::{Artifact, Finding, Range, RenderOptions, all_findings, report_path};
use crate::diagnostic::Severity;

/// Renders a JSON array of GitLab Code Quality issues: `description`, `check_name`,
/// `fingerprint`, `severity` and `location` with `path` and `lines.begin`, plus the Code
/// Climate fields `type` and `categories`. A finding without a range is put on line 1.
pub(super) fn render_gitlab(artifacts: &[Artifact], options: &RenderOptions) -> String {
    let issues = issues(artifacts, options, LocationKind::Lines);
    // Serializing cannot fail: these derived types contain only strings, numbers, lists and
    // structs, with no map keys that are not strings.
    serde_json::to_string_pretty(&issues).expect("issues always serialize") + "\n"
}

/// Renders Code Climate engine output: each issue as one line of JSON followed by a NUL byte,
/// as the engine specification requires and hadolint writes. A finding with a range is located
/// by `positions` (line and column), a finding without one by `lines` on line 1.
///
/// hadolint writes no `remediation_points`, and neither does plimsoll: the specification
/// makes the field optional, and no rule has an estimate of the effort a fix takes.
pub(super) fn render_codeclimate(artifacts: &[Artifact], options: &RenderOptions) -> String {
    let mut out = String::new();
    for issue in issues(artifacts, options, LocationKind::Positions) {
        // Serializing cannot fail: these derived types contain only strings, numbers, lists and
        // structs, with no map keys that are not strings.
        out.push_str(&serde_json::to_string(&issue).expect("an issue always serializes"));
        out.push('\0');
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum LocationKind {
    Lines,
    Positions,
}

fn issues(artifacts: &[Artifact], options: &RenderOptions, kind: LocationKind) -> Vec<Issue> {
    // Identical findings (same path, code, line and message) would get the same fingerprint,
    // and GitLab shows only one issue per fingerprint, so repeats count up a suffix.
    let mut seen: HashMap<String, usize> = HashMap::new();
    all_findings(artifacts)
        .map(|(artifact, finding)| {
            let path = report_path(&artifact.path, options);
            let line = finding.range.unwrap_or(Range::FIRST_LINE).start_line;
            let key = fingerprint_input(&path, &finding.code, line, &finding.message);
            let repeat = seen.entry(key.clone()).or_insert(0);
            let fingerprint = if *repeat == 0 {
                fingerprint(&key)
            } else {
                fingerprint(&format!("{key}\0{repeat}"))
            };
            *repeat += 1;
            issue(finding, path, fingerprint, kind)
        })
        .collect()
}

fn fingerprint_input(path: &str, code: &str, line: u32, message: &str) -> String {
    format!("{path}\0{code}\0{line}\0{message}")
}

fn issue(finding: &Finding, path: String, fingerprint: String, kind: LocationKind) -> Issue {
    let location = match (kind, finding.range) {
        (LocationKind::Positions, Some(range)) => Location {
            path,
            lines: None,
            positions: Some(Positions {
                begin: Position {
                    line: range.start_line,
                    column: range.start_column,
                },
                end: Position {
                    line: range.end_line,
                    column: range.end_column,
                },
            }),
        },
        (_, range) => {
            let range = range.unwrap_or(Range::FIRST_LINE);
            Location {
                path,
                lines: Some(Lines {
                    begin: range.start_line,
                    end: range.end_line.max(range.start_line),
                }),
                positions: None,
            }
        }
    };
    Issue {
        kind: "issue",
        check_name: finding.code.clone(),
        description: finding.message.clone(),
        categories: vec![category(finding.severity)],
        location,
        severity: severity_name(finding.severity),
        fingerprint,
    }
}

/// Maps severities as hadolint does for error and warning. hadolint ranks style (`minor`)
/// above info (`info`); plimsoll ranks info above style, as its own severities do.
fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "blocker",
        Severity::Warning => "major",
        Severity::Info => "minor",
        Severity::Style => "info",
    }
}

/// Returns the Code Climate category. hadolint files every issue under `Bug Risk`; plimsoll
/// files style findings under `Style` and info findings under `Clarity`.
fn category(severity: Severity) -> &'static str {
    match severity {
        Severity::Error | Severity::Warning => "Bug Risk",
        Severity::Info => "Clarity",
        Severity::Style => "Style",
    }
}

/// Returns a stable 128-bit hash of `text` as 32 lowercase hexadecimal digits.
///
/// The hash is FNV-1a (128-bit parameters), chosen because it is defined by its constants
/// alone and so never changes between releases or platforms. It identifies an issue across
/// runs; it is not a cryptographic digest.
pub fn fingerprint(text: &str) -> String {
    const OFFSET_BASIS: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013b;
    let hash = text.bytes().fold(OFFSET_BASIS, |hash, byte| {
        (hash ^ u128::from(byte)).wrapping_mul(PRIME)
    });
    format!("{hash:032x}")
}

#[derive(Serialize)]
struct Issue {
    #[serde(rename = "type")]
    kind: &'static str,
    check_name: String,
    description: String,
    categories: Vec<&'static str>,
    location: Location,
    severity: &'static str,
    fingerprint: String,
}

#[derive(Serialize)]
struct Location {
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    lines: Option<Lines>,
    #[serde(skip_serializing_if = "Option::is_none")]
    positions: Option<Positions>,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

#[derive(Serialize)]
struct Positions {
    begin: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: u32,
    column: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_matches_fnv1a_vectors() {
        // Published FNV-1a 128-bit test vectors.
        assert_eq!(fingerprint(""), "6c62272e07bb014262b821756295c58d");
        assert_eq!(fingerprint("a"), "d228cb696f1a8caf78912b704e4a8964");
    }

    #[test]
    fn fingerprint_differs_by_line() {
        assert_ne!(
            fingerprint(&fingerprint_input("D", "DL3007", 1, "m")),
            fingerprint(&fingerprint_input("D", "DL3007", 2, "m"))
        );
    }
}
