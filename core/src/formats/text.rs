//! Text for a reader, without source lines: the form for artifacts whose text is not at hand,
//! such as images. The CLI renders Dockerfiles with their source lines through
//! [`crate::report::render_text`].

use std::fmt::Write as _;

use super::{Artifact, RenderOptions, all_findings};
use crate::diagnostic::{Applicability, Severity};

/// Renders one line per finding, `path:line:column: CODE severity: message`, or
/// `path: CODE severity: message` for a finding without a range, and a `= fix:` line under
/// a finding with a fix. Control characters in paths and messages become their Unicode
/// control pictures, as in [`crate::report::render_text`].
pub(super) fn render(artifacts: &[Artifact], options: &RenderOptions) -> String {
    let mut out = String::new();
    for (artifact, finding) in all_findings(artifacts) {
        let location = match finding.range {
            Some(range) => format!(
                "{}:{}:{}:",
                printable(&artifact.path),
                range.start_line,
                range.start_column
            ),
            None => format!("{}:", printable(&artifact.path)),
        };
        let style = severity_style(finding.severity);
        let _ = writeln!(
            out,
            "{} {} {} {}",
            paint(options.color, "1", &location),
            paint(options.color, style, &finding.code),
            paint(options.color, style, &format!("{}:", finding.severity)),
            printable(&finding.message),
        );
        if let Some(fix) = &finding.fix {
            let _ = writeln!(
                out,
                "  {} {} ({})",
                paint(options.color, "1", "= fix:"),
                printable(&fix.message),
                applicability_name(fix.applicability),
            );
        }
    }
    out
}

fn severity_style(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
        Severity::Style => "1;35",
    }
}

fn paint(color: bool, style: &str, text: &str) -> String {
    if color {
        format!("\x1b[{style}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

fn applicability_name(applicability: Applicability) -> &'static str {
    match applicability {
        Applicability::Safe => "safe",
        Applicability::Unsafe => "unsafe",
        Applicability::DisplayOnly => "display-only",
    }
}

/// Replaces C0 controls and DEL with their control pictures and C1 controls with U+FFFD, so
/// that a message cannot send escape sequences to a terminal.
fn printable(text: &str) -> String {
    text.chars()
        .map(|character| match character {
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + character as u32).unwrap_or('\u{fffd}'),
            '\u{7f}' => '\u{2421}',
            '\u{80}'..='\u{9f}' => '\u{fffd}',
            other => other,
        })
        .collect()
}
