//! Helpers for the pass/fail cases inside rule files.

use crate::lint::{LintOptions, lint};

/// Lints `text` with only rule `code` enabled and returns the 1-based line and column of each
/// finding.
pub fn findings(code: &str, text: &str) -> Vec<(u32, u32)> {
    findings_with(code, text, LintOptions::default())
}

/// Like [`findings`], with options.
pub fn findings_with(code: &str, text: &str, mut options: LintOptions) -> Vec<(u32, u32)> {
    options.select = vec![code.to_string()];
    let result = lint(text.as_bytes(), &options).expect("the options are valid");
    result
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.code == code)
        .map(|diagnostic| {
            let position = result
                .dockerfile
                .line_index
                .line_column(&result.dockerfile.text, diagnostic.span.start);
            (position.line, position.column)
        })
        .collect()
}
