//! The lint entry point: parse, build the model, run the rules, filter and sort.

use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Severity};
use crate::error::{Error, ErrorKind};
use crate::image::config::ImageConfig;
use crate::model::Model;
use crate::rules::{Context, RULES, RuleMeta, find_rule};
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
    /// If not empty, only these rules run (codes, names or aliases).
    pub select: Vec<String>,
    /// Severities that replace a rule's default, by code, name or alias.
    pub severity_overrides: Vec<(String, Severity)>,
    /// Findings at or above this severity make [`LintResult::failed`] true; `None` never fails.
    pub failure_threshold: Option<Severity>,
    /// Registries that base images and `COPY --from` images may come from; empty allows all.
    pub trusted_registries: Vec<String>,
    /// Labels every stage must set, with the type of their values.
    pub label_schema: Vec<(String, LabelType)>,
    /// Reports labels that are not in [`LintOptions::label_schema`].
    pub strict_labels: bool,
    /// Makes in-file pragmas (`# hadolint ignore=`, `# plimsoll ignore=`, `# check=`) have no effect.
    pub disable_ignore_pragma: bool,
    /// The configuration of the image the first stage builds on, for rules that read its
    /// environment, shell, user or working directory.
    pub base_image: Option<Arc<ImageConfig>>,
    /// The text of the `.dockerignore` of the build context, if it has one.
    pub dockerignore: Option<String>,
}

/// The type of a label value in hadolint's `label-schema`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LabelType {
    Text,
    Url,
    Semver,
    Hash,
    Rfc3339,
    Spdx,
    Email,
}

/// The result of linting one Dockerfile.
#[derive(Clone, Debug)]
pub struct LintResult {
    pub dockerfile: Dockerfile,
    pub model: Model,
    /// Parse diagnostics and rule findings, ordered by start offset, then code.
    pub diagnostics: Vec<Diagnostic>,
    /// True if a finding is at or above [`LintOptions::failure_threshold`].
    pub failed: bool,
}

impl LintResult {
    /// Returns true if a finding is at least as severe as `threshold`.
    pub fn fails(&self, threshold: Severity) -> bool {
        self.diagnostics
            .iter()
            .any(|diagnostic| diagnostic.severity <= threshold)
    }
}

/// Lints Dockerfile bytes.
///
/// Findings, including parse errors, are data in the result. An `Err` means the options
/// cannot be used: an unknown rule code, or a `target` that names no stage.
pub fn lint(source: &[u8], options: &LintOptions) -> Result<LintResult, Error> {
    let ignore = resolve_codes(&options.ignore)?;
    let select = resolve_codes(&options.select)?;
    let overrides = options
        .severity_overrides
        .iter()
        .map(|(code, severity)| Ok((resolve_code(code)?, *severity)))
        .collect::<Result<Vec<_>, Error>>()?;
    let enabled = |meta: &RuleMeta| {
        if ignore.contains(&meta.code) {
            return false;
        }
        if select.is_empty() {
            meta.enabled_by_default || overrides.iter().any(|(code, _)| *code == meta.code)
        } else {
            select.contains(&meta.code)
        }
    };

    let dockerfile = parse(source);
    let model = Model::build(&dockerfile, &options.build_args, options.target.as_deref()).map_err(
        |unknown| {
            let known = if unknown.stages.is_empty() {
                "the Dockerfile has no named stages".to_string()
            } else {
                format!("stages: {}", unknown.stages.join(", "))
            };
            Error::new(
                ErrorKind::InvalidOption,
                format!("target stage `{}` not found ({known})", unknown.target),
            )
        },
    )?;

    let mut diagnostics = dockerfile.diagnostics.clone();
    let context = Context::new(&dockerfile, &model, options);
    for rule in RULES.iter() {
        if enabled(rule.meta()) {
            rule.check(&context, &mut diagnostics);
        }
    }

    diagnostics.retain(|diagnostic| find_rule(diagnostic.code).is_none_or(enabled));
    for diagnostic in &mut diagnostics {
        if let Some((_, severity)) = overrides.iter().find(|(code, _)| *code == diagnostic.code) {
            diagnostic.severity = *severity;
        }
    }
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
    let failed = options.failure_threshold.is_some_and(|threshold| {
        diagnostics
            .iter()
            .any(|diagnostic| diagnostic.severity <= threshold)
    });
    Ok(LintResult {
        dockerfile,
        model,
        diagnostics,
        failed,
    })
}

fn resolve_code(code: &str) -> Result<&'static str, Error> {
    find_rule(code).map(|meta| meta.code).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidOption,
            format!("unknown rule `{code}`: run `plimsoll rules` to list the codes"),
        )
    })
}

fn resolve_codes(codes: &[String]) -> Result<Vec<&'static str>, Error> {
    codes.iter().map(|code| resolve_code(code)).collect()
}
