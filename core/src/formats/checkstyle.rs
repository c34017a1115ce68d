//! Checkstyle XML, in the shape hadolint writes and Jenkins' Warnings plugin reads.

use std::fmt::Write as _;

use super::xml::{DECLARATION, escape};
use super::{Artifact, Range};
use crate::diagnostic::Severity;

/// Renders one `<file>` per artifact, also for artifacts without findings, and one `<error>`
/// per finding with its line, column, severity, message and code as `source`.
///
/// Checkstyle has the severities error, warning and info, so style findings are written as
/// `info`. A finding without a range is put on line 1, column 1.
pub(super) fn render(artifacts: &[Artifact]) -> String {
    let mut out = String::from(DECLARATION);
    out.push_str("<checkstyle version=\"4.3\">\n");
    for artifact in artifacts {
        if artifact.findings.is_empty() {
            let _ = writeln!(out, "  <file name=\"{}\"/>", escape(&artifact.path));
            continue;
        }
        let _ = writeln!(out, "  <file name=\"{}\">", escape(&artifact.path));
        for finding in &artifact.findings {
            let range = finding.range.unwrap_or(Range::FIRST_LINE);
            let _ = writeln!(
                out,
                "    <error line=\"{}\" column=\"{}\" severity=\"{}\" message=\"{}\" source=\"{}\"/>",
                range.start_line,
                range.start_column,
                severity_name(finding.severity),
                escape(&finding.message),
                escape(&finding.code),
            );
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</checkstyle>\n");
    out
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "info",
    }
}
