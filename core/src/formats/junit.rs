//! JUnit XML, as Jenkins, GitLab and Azure Pipelines read test reports.

use std::fmt::Write as _;

use super::xml::{DECLARATION, escape};
use super::{Artifact, Finding};

/// Renders one `<testsuite>` per artifact, named by its path, with one failed `<testcase>`
/// per finding. An artifact without findings gets one passing test case, so that a report
/// of clean files still counts tests: Jenkins fails a build whose test reports hold none.
///
/// A test case is named `CODE at line:column` (`CODE` alone without a range) and its class
/// name is the artifact's path, so that CI pages group the findings by file. The failure's
/// `type` is the severity and its text repeats the finding with the rule name and fix. No
/// time is measured: every `time` is 0, and the document contains no timestamp, so equal
/// findings give identical reports.
pub(super) fn render(artifacts: &[Artifact]) -> String {
    let findings: usize = artifacts
        .iter()
        .map(|artifact| artifact.findings.len())
        .sum();
    let tests: usize = artifacts.iter().map(test_count).sum();

    let mut out = String::from(DECLARATION);
    let _ = writeln!(
        out,
        "<testsuites name=\"plimsoll\" tests=\"{tests}\" failures=\"{findings}\" errors=\"0\" time=\"0\">"
    );
    for artifact in artifacts {
        render_suite(&mut out, artifact);
    }
    out.push_str("</testsuites>\n");
    out
}

fn test_count(artifact: &Artifact) -> usize {
    artifact.findings.len().max(1)
}

fn render_suite(out: &mut String, artifact: &Artifact) {
    let path = escape(&artifact.path);
    let _ = writeln!(
        out,
        "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" time=\"0\">",
        test_count(artifact),
        artifact.findings.len(),
    );
    if artifact.findings.is_empty() {
        let _ = writeln!(
            out,
            "    <testcase name=\"plimsoll\" classname=\"{path}\" time=\"0\"/>"
        );
    }
    for finding in &artifact.findings {
        render_case(out, artifact, finding);
    }
    out.push_str("  </testsuite>\n");
}

fn render_case(out: &mut String, artifact: &Artifact, finding: &Finding) {
    let name = match finding.range {
        Some(range) => format!(
            "{} at {}:{}",
            finding.code, range.start_line, range.start_column
        ),
        None => finding.code.clone(),
    };
    let location = match finding.range {
        Some(range) => format!(
            "{}:{}:{}",
            artifact.path, range.start_line, range.start_column
        ),
        None => artifact.path.clone(),
    };

    let mut details = format!(
        "{location}: {} {}: {}\nRule: {} {}\n",
        finding.code, finding.severity, finding.message, finding.code, finding.name,
    );
    if let Some(fix) = &finding.fix {
        let _ = writeln!(details, "Fix: {}", fix.message);
    }

    let _ = writeln!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\" time=\"0\">",
        escape(&name),
        escape(&artifact.path),
    );
    let _ = writeln!(
        out,
        "      <failure type=\"{}\" message=\"{}\">{}</failure>",
        finding.severity,
        escape(&finding.message),
        escape_text(&details),
    );
    out.push_str("    </testcase>\n");
}

/// Escapes character data, keeping line feeds as they are so that the text reads as lines.
fn escape_text(text: &str) -> String {
    escape(text).replace("&#10;", "\n")
}
