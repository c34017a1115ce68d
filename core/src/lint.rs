//! The lint entry point: parse, build the model, run the rules, filter and sort.

use crate::diagnostic::Diagnostic;
use crate::rules::{Context, RULES};
use crate::syntax::{ast::Dockerfile, parse};

/// Options of one lint run.
#[derive(Clone, Debug, Default)]
pub struct LintOptions {
    /// `--build-arg` values, which override ARG defaults.
    pub build_args: Vec<(String, String)>,
    /// The stage to build; the last stage when `None`.
    pub target: Option<String>,
    /// Codes, names or aliases of rules to turn off.
    pub ignore: Vec<String>,
}

/// The result of linting one Dockerfile.
#[derive(Clone, Debug)]
pub struct LintResult {
    pub dockerfile: Dockerfile,
    /// Parse diagnostics and rule findings, ordered by start offset, then code.
    pub diagnostics: Vec<Diagnostic>,
}

/// Lints Dockerfile bytes. Findings are data; this never fails.
pub fn lint(source: &[u8], options: &LintOptions) -> LintResult {
    let dockerfile = parse(source);
    let mut diagnostics = dockerfile.diagnostics.clone();

    let context = Context {
        dockerfile: &dockerfile,
        options,
    };
    for rule in RULES {
        let meta = rule.meta();
        if options.ignore.iter().any(|code| meta.is_named(code)) {
            continue;
        }
        rule.check(&context, &mut diagnostics);
    }

    diagnostics.retain(|diagnostic| {
        !options
            .ignore
            .iter()
            .any(|code| code.eq_ignore_ascii_case(diagnostic.code))
    });
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    LintResult {
        dockerfile,
        diagnostics,
    }
}
