//! One-line formats: GNU error messages and GitHub Actions workflow commands.

use std::fmt::Write as _;

use super::{Artifact, RenderOptions, all_findings, report_path};
use crate::diagnostic::Severity;

/// Renders `file:line:column: severity: CODE message` per finding, as the GNU Coding
/// Standards describe error messages, so that Emacs, Vim's quickfix list and other editors
/// jump to the place. A finding without a range is written as `file: severity: CODE message`.
///
/// The severity is `error`, `warning`, or `note` for info and style findings, the words that
/// GCC uses and editors recognize. Line breaks in messages become spaces, so that each finding
/// stays on one line.
pub(super) fn render(artifacts: &[Artifact]) -> String {
    let mut out = String::new();
    for (artifact, finding) in all_findings(artifacts) {
        let path = one_line(&artifact.path);
        let severity = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Style => "note",
        };
        let message = one_line(&finding.message);
        let _ = match finding.range {
            Some(range) => writeln!(
                out,
                "{path}:{}:{}: {severity}: {} {message}",
                range.start_line, range.start_column, finding.code
            ),
            None => writeln!(out, "{path}: {severity}: {} {message}", finding.code),
        };
    }
    out
}

fn one_line(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\n', '\r'], " ")
}

/// Renders one GitHub Actions workflow command per finding, such as
/// `::error file=Dockerfile,line=2,col=1,endLine=2,endColumn=5,title=DL3007::message`, which
/// GitHub shows as an annotation on the file. Info and style findings use `notice`.
///
/// Paths are made relative to the base directory, as annotations need paths relative to the
/// repository root. A finding without a range names only the file. In the message `%`, CR
/// and LF are percent-encoded; in properties also `:` and `,`, as the runner decodes them.
pub(super) fn render_github(artifacts: &[Artifact], options: &RenderOptions) -> String {
    let mut out = String::new();
    for (artifact, finding) in all_findings(artifacts) {
        let command = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Style => "notice",
        };
        let mut properties = format!(
            "file={}",
            escape_property(&report_path(&artifact.path, options))
        );
        if let Some(range) = finding.range {
            let _ = write!(
                properties,
                ",line={},col={},endLine={},endColumn={}",
                range.start_line, range.start_column, range.end_line, range.end_column
            );
        }
        let _ = write!(properties, ",title={}", escape_property(&finding.code));
        let _ = writeln!(
            out,
            "::{command} {properties}::{}",
            escape_data(&finding.message)
        );
    }
    out
}

/// Escapes the message of a workflow command.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_data_escapes_percent_first() {
        assert_eq!(escape_data("100%\r\nx"), "100%25%0D%0Ax");
    }

    #[test]
    fn github_property_escapes_separators() {
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn gnu_message_on_one_line() {
        assert_eq!(one_line("a\r\nb\nc\rd"), "a b c d");
    }
}
