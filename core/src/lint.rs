//! The lint entry point: parse, build the model, run the rules, filter and sort.

use std::collections::HashMap;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::config::codes::{self, Resolved};
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::{Error, ErrorKind};
use crate::image::config::ImageConfig;
use crate::model::Model;
use crate::pragma::{CHECK_BUILD_ARG, CheckOptions, Pragmas};
use crate::rules::{Context, RULES, RuleMeta, find_rule};
use crate::source::Span;
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
    /// Makes ignore pragmas (`# hadolint ignore=`, `# plimsoll ignore=`, their `global` and
    /// `stage` forms) and `check=skip` have no effect. Shell pragmas and `check=error` still apply.
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
/// cannot be used: an unknown rule code, a `target` that names no stage, or an invalid
/// `BUILDKIT_DOCKERFILE_CHECK` build argument.
///
/// Codes of hadolint, ShellCheck and BuildKit rules that plimsoll does not implement are
/// accepted in the options and have no effect.
pub fn lint(source: &[u8], options: &LintOptions) -> Result<LintResult, Error> {
    let ignore = resolve_codes(&options.ignore)?;
    let select = resolve_codes(&options.select)?;
    let mut overrides = Vec::with_capacity(options.severity_overrides.len());
    for (code, severity) in &options.severity_overrides {
        if let Some(code) = resolve_code(code)? {
            overrides.push((code, *severity));
        }
    }

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

    let context = Context::new(&dockerfile, &model, options);
    let effects = PragmaEffects::new(context.pragmas(), options)?;
    let enabled = |meta: &RuleMeta| {
        if ignore.contains(&meta.code) || effects.skipped_in_file(meta) {
            return false;
        }
        if select.is_empty() {
            meta.enabled_by_default
                || overrides.iter().any(|(code, _)| *code == meta.code)
                || effects.experimental_in_file(meta)
        } else {
            select.contains(&meta.code)
        }
    };
    // Rules that only a `check=experimental=` comment above one instruction turns on run
    // for the whole file; their findings elsewhere are dropped below.
    let runs = |meta: &RuleMeta| {
        enabled(meta)
            || (select.is_empty()
                && !ignore.contains(&meta.code)
                && effects.experimental_in_instruction(meta))
    };

    let mut diagnostics = dockerfile.diagnostics.clone();
    for rule in RULES.iter() {
        if runs(rule.meta()) {
            rule.check(&context, &mut diagnostics);
        }
    }

    diagnostics.retain(|diagnostic| match find_rule(diagnostic.code) {
        None => true,
        Some(meta) if enabled(meta) => !effects.suppresses(&dockerfile, meta, diagnostic),
        Some(meta) => {
            runs(meta)
                && effects.experimental_at(&dockerfile, meta, diagnostic.span.start)
                && !effects.suppresses(&dockerfile, meta, diagnostic)
        }
    });
    for diagnostic in &mut diagnostics {
        if let Some((_, severity)) = overrides.iter().find(|(code, _)| *code == diagnostic.code) {
            diagnostic.severity = *severity;
        }
    }
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
    let failed_threshold = options.failure_threshold.is_some_and(|threshold| {
        diagnostics
            .iter()
            .any(|diagnostic| diagnostic.severity <= threshold)
    });
    // `# check=error=true` fails the build when any BuildKit check fires.
    let failed_check = context.pragmas().check.error
        && diagnostics.iter().any(|diagnostic| {
            find_rule(diagnostic.code).is_some_and(|meta| buildkit_check(meta).is_some())
        });
    let failed = failed_threshold || failed_check;
    drop(context);
    Ok(LintResult {
        dockerfile,
        model,
        diagnostics,
        failed,
    })
}

/// Resolves a code, name or alias to the rule's code. A code of another tool that plimsoll
/// does not implement resolves to `None`.
fn resolve_code(code: &str) -> Result<Option<&'static str>, Error> {
    match codes::resolve(code.trim()) {
        Resolved::Rule(meta) => Ok(Some(meta.code)),
        Resolved::Foreign => Ok(None),
        Resolved::Unknown => Err(Error::new(
            ErrorKind::InvalidOption,
            format!(
                "unknown rule `{code}`{}: run `plimsoll rules` to list the codes",
                codes::suggestion(code.trim())
            ),
        )),
    }
}

fn resolve_codes(codes: &[String]) -> Result<Vec<&'static str>, Error> {
    let mut resolved = Vec::with_capacity(codes.len());
    for code in codes {
        if let Some(code) = resolve_code(code)? {
            resolved.push(code);
        }
    }
    Ok(resolved)
}

/// Returns the BuildKit check name among a rule's aliases, with true if the check is
/// experimental.
fn buildkit_check(meta: &RuleMeta) -> Option<(&'static str, bool)> {
    codes::BUILDKIT_CHECKS
        .iter()
        .find(|(name, _)| meta.aliases.contains(name))
        .copied()
}

/// The effects of a file's pragmas on rules and findings, with their codes resolved.
struct PragmaEffects {
    /// Ignore pragmas: the covered source ranges of each rule code.
    ignores: HashMap<&'static str, Ranges>,
    file_check: ResolvedCheck,
    /// `check=` comments above instructions: the instruction's index and its options.
    instruction_checks: Vec<(usize, ResolvedCheck)>,
}

/// BuildKit check options with rule codes in place of names.
#[derive(Default)]
struct ResolvedCheck {
    skip_all: bool,
    skip: Vec<&'static str>,
    experimental_all: bool,
    experimental: Vec<&'static str>,
}

impl ResolvedCheck {
    fn new(check: &CheckOptions) -> Self {
        let resolve = |codes: &[crate::pragma::CodeRef]| {
            codes
                .iter()
                .filter_map(|code| find_rule(&code.code).map(|meta| meta.code))
                .collect()
        };
        ResolvedCheck {
            skip_all: check.skip_all,
            skip: resolve(&check.skip),
            experimental_all: check.experimental_all,
            experimental: resolve(&check.experimental),
        }
    }

    /// `skip=all` covers BuildKit's checks except the experimental ones, which only
    /// `experimental=` controls.
    fn skips(&self, meta: &RuleMeta) -> bool {
        self.skip.contains(&meta.code)
            || (self.skip_all
                && buildkit_check(meta).is_some_and(|(_, experimental)| !experimental))
    }

    fn enables(&self, meta: &RuleMeta) -> bool {
        self.experimental.contains(&meta.code)
            || (self.experimental_all
                && buildkit_check(meta).is_some_and(|(_, experimental)| experimental))
    }
}

impl PragmaEffects {
    fn new(pragmas: &Pragmas, options: &LintOptions) -> Result<Self, Error> {
        if let Some(message) = &pragmas.check_build_arg_error {
            return Err(Error::new(ErrorKind::InvalidOption, message.clone()));
        }
        let from_build_arg = options
            .build_args
            .iter()
            .any(|(key, _)| key == CHECK_BUILD_ARG);
        if from_build_arg {
            // Codes in the build argument have no source position to report them at.
            for code in pragmas.check.skip.iter().chain(&pragmas.check.experimental) {
                resolve_code(&code.code)?;
            }
        }

        let mut effects = PragmaEffects {
            ignores: HashMap::new(),
            file_check: ResolvedCheck::new(&pragmas.check),
            instruction_checks: Vec::new(),
        };
        if options.disable_ignore_pragma {
            effects.file_check.skip_all = false;
            effects.file_check.skip.clear();
        } else {
            let mut ignores: HashMap<&'static str, Vec<Span>> = HashMap::new();
            for pragma in &pragmas.ignores {
                let Some(covers) = pragma.covers else {
                    continue;
                };
                for code in &pragma.codes {
                    if let Some(meta) = find_rule(&code.code) {
                        ignores.entry(meta.code).or_default().push(covers);
                    }
                }
            }
            effects.ignores = ignores
                .into_iter()
                .map(|(code, spans)| (code, Ranges::new(spans)))
                .collect();
        }
        for (index, check) in &pragmas.instruction_checks {
            let mut resolved = ResolvedCheck::new(check);
            if options.disable_ignore_pragma {
                resolved.skip_all = false;
                resolved.skip.clear();
            }
            effects.instruction_checks.push((*index, resolved));
        }
        Ok(effects)
    }

    fn skipped_in_file(&self, meta: &RuleMeta) -> bool {
        self.file_check.skips(meta)
    }

    fn experimental_in_file(&self, meta: &RuleMeta) -> bool {
        self.file_check.enables(meta)
    }

    fn experimental_in_instruction(&self, meta: &RuleMeta) -> bool {
        self.instruction_checks
            .iter()
            .any(|(_, check)| check.enables(meta))
    }

    /// Returns true if a `check=experimental=` comment turns `meta` on for the instruction at
    /// `offset`.
    fn experimental_at(&self, dockerfile: &Dockerfile, meta: &RuleMeta, offset: usize) -> bool {
        self.checks_at(dockerfile, offset)
            .any(|check| check.enables(meta))
    }

    /// Returns the `check=` comments of the instructions that contain `offset`.
    fn checks_at<'s>(
        &'s self,
        dockerfile: &'s Dockerfile,
        offset: usize,
    ) -> impl Iterator<Item = &'s ResolvedCheck> {
        // Instructions are in source order and do not overlap; at most the two that meet at
        // `offset` contain it.
        let instructions = &dockerfile.instructions;
        let first = instructions.partition_point(|instruction| instruction.span.end < offset);
        let containing = instructions[first..]
            .iter()
            .take_while(move |instruction| instruction.span.start <= offset)
            .enumerate()
            .map(move |(at, _)| first + at);
        containing.filter_map(move |index| {
            let found = self
                .instruction_checks
                .binary_search_by_key(&index, |(index, _)| *index)
                .ok()?;
            Some(&self.instruction_checks[found].1)
        })
    }

    /// Returns true if an ignore pragma or a `check=skip=` comment covers the finding.
    fn suppresses(
        &self,
        dockerfile: &Dockerfile,
        meta: &RuleMeta,
        diagnostic: &Diagnostic,
    ) -> bool {
        let offset = diagnostic.span.start;
        let ignored = self
            .ignores
            .get(meta.code)
            .is_some_and(|ranges| ranges.contains(offset));
        ignored
            || self
                .checks_at(dockerfile, offset)
                .any(|check| check.skips(meta))
    }
}

/// Source ranges, sorted by start, that find whether one contains an offset in logarithmic
/// time.
struct Ranges {
    spans: Vec<Span>,
    /// Per range: the greatest end among it and the ranges before it.
    reach: Vec<usize>,
}

impl Ranges {
    fn new(mut spans: Vec<Span>) -> Self {
        spans.sort_unstable_by_key(|span| span.start);
        let reach = spans
            .iter()
            .scan(0, |reach, span| {
                *reach = span.end.max(*reach);
                Some(*reach)
            })
            .collect();
        Ranges { spans, reach }
    }

    /// Returns true if a range contains `offset`, ends included.
    fn contains(&self, offset: usize) -> bool {
        let starting_before = self.spans.partition_point(|span| span.start <= offset);
        starting_before
            .checked_sub(1)
            .is_some_and(|last| self.reach[last] >= offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules these tests look at, so that other rules' findings do not change them.
    const CODES_UNDER_TEST: [&str; 5] = ["DL3003", "DL3007", "DL3025", "DL4000", "PL0008"];

    fn codes_with(text: &str, options: &LintOptions) -> Vec<(u32, &'static str)> {
        let options = LintOptions {
            select: CODES_UNDER_TEST.map(String::from).to_vec(),
            ..options.clone()
        };
        let result = lint(text.as_bytes(), &options).expect("valid options");
        result
            .diagnostics
            .iter()
            .map(|diagnostic| {
                (
                    result.dockerfile.line_of(diagnostic.span.start),
                    diagnostic.code,
                )
            })
            .collect()
    }

    fn codes(text: &str) -> Vec<(u32, &'static str)> {
        codes_with(text, &LintOptions::default())
    }

    #[test]
    fn ranges_hold_offsets_of_overlapping_spans() {
        let ranges = Ranges::new(vec![Span::new(10, 50), Span::new(0, 5), Span::new(20, 30)]);
        let held: Vec<usize> = [0, 5, 6, 9, 10, 35, 50, 51]
            .into_iter()
            .filter(|offset| ranges.contains(*offset))
            .collect();
        assert_eq!(held, [0, 5, 10, 35, 50]);
        assert!(!Ranges::new(Vec::new()).contains(0));
    }

    #[test]
    fn check_comments_apply_to_their_instruction_only() {
        let text = "FROM a:1\n# check=skip=JSONArgsRecommended\nCMD x\nCMD y\n\
                    # check=skip=JSONArgsRecommended\nENTRYPOINT z\n";
        let result = lint(text.as_bytes(), &LintOptions::default()).unwrap();
        let lines: Vec<u32> = result
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.code == "DL3025")
            .map(|diagnostic| result.dockerfile.line_of(diagnostic.span.start))
            .collect();
        assert_eq!(lines, [4]);
    }

    #[test]
    fn ignore_pragma_covers_whole_next_instruction() {
        let text = "FROM a:1\n# hadolint ignore=DL3003\nRUN echo x \\\n && cd /x\nRUN cd /y\n";
        assert_eq!(codes(text), [(5, "DL3003")]);
    }

    #[test]
    fn ignore_pragma_accepts_names_and_aliases() {
        let text = "FROM a:1\n# plimsoll ignore=cd-in-run reason\nRUN cd /x\n\
                    # hadolint ignore=JSONArgsRecommended\nCMD run\n";
        assert_eq!(codes(text), []);
    }

    #[test]
    fn stacked_pragmas_combine() {
        let text = "FROM a:1\n# hadolint ignore=DL3003\n# hadolint ignore=DL3025\nCMD cd /x\n";
        assert_eq!(codes(text), []);
    }

    #[test]
    fn blank_line_breaks_pragma() {
        let text = "FROM a:1\n# hadolint ignore=DL3003\n\nRUN cd /x\n";
        assert_eq!(codes(text), [(2, "PL0008"), (4, "DL3003")]);
    }

    #[test]
    fn global_and_stage_pragmas() {
        let global = "FROM a:1\nRUN cd /x\n# hadolint global ignore=DL3003\nRUN cd /y\n";
        assert_eq!(codes(global), []);

        let stage = "# hadolint stage ignore=DL3003,DL3007\nFROM a:latest\nRUN cd /x\n\
                     FROM b:latest\nRUN cd /y\n";
        assert_eq!(codes(stage), [(4, "DL3007"), (5, "DL3003")]);
    }

    #[test]
    fn disable_ignore_pragma_keeps_findings() {
        let text = "# check=skip=JSONArgsRecommended\nFROM a:1\n# hadolint ignore=DL3003\n\
                    RUN cd /x\n# hadolint global ignore=DL3003\nCMD run\n";
        let options = LintOptions {
            disable_ignore_pragma: true,
            ..LintOptions::default()
        };
        assert_eq!(codes_with(text, &options), [(4, "DL3003"), (6, "DL3025")]);
    }

    #[test]
    fn check_directive_skips_buildkit_checks() {
        let named = "# check=skip=JSONArgsRecommended\nFROM a:1\nCMD run\nRUN cd /x\n";
        assert_eq!(codes(named), [(4, "DL3003")]);

        // `skip=all` covers BuildKit's checks only: DL3003 has no BuildKit name.
        let all = "# check=skip=all\nFROM a:1\nMAINTAINER me\nCMD run\nRUN cd /x\n";
        assert_eq!(codes(all), [(5, "DL3003")]);
    }

    #[test]
    fn instruction_check_comment_applies_to_one_instruction() {
        let text = "FROM a:1\n# check=skip=JSONArgsRecommended\nCMD run\nENTRYPOINT run\n";
        assert_eq!(codes(text), [(4, "DL3025")]);
    }

    #[test]
    fn check_error_fails_on_buildkit_finding() {
        let options = LintOptions::default();
        let failing = lint(b"# check=error=true\nFROM a:1\nCMD run\n", &options).unwrap();
        assert!(failing.failed);
        let only_dl3003 = LintOptions {
            select: vec!["DL3003".to_string()],
            ..LintOptions::default()
        };
        let clean = lint(b"# check=error=true\nFROM a:1\nRUN cd /x\n", &only_dl3003).unwrap();
        assert!(!clean.failed, "DL3003 is not a BuildKit check");
    }

    #[test]
    fn check_build_arg_replaces_directive() {
        let text = "# check=skip=JSONArgsRecommended\nFROM a:1\nCMD run\n";
        let options = LintOptions {
            build_args: vec![(CHECK_BUILD_ARG.to_string(), "error=true".to_string())],
            ..LintOptions::default()
        };
        let result = lint(text.as_bytes(), &options).unwrap();
        assert!(result.failed);
        assert!(result.diagnostics.iter().any(|d| d.code == "DL3025"));

        let invalid = LintOptions {
            build_args: vec![(CHECK_BUILD_ARG.to_string(), "skip".to_string())],
            ..LintOptions::default()
        };
        let error = lint(text.as_bytes(), &invalid).unwrap_err();
        assert_eq!(error.kind, ErrorKind::InvalidOption);
        assert!(error.message.contains(CHECK_BUILD_ARG), "{}", error.message);
    }

    #[test]
    fn shell_pragma_turns_shell_rules_off() {
        let windows = "# hadolint shell=pwsh\nFROM a:1\nRUN cd /x\nFROM b:1\nRUN cd /y\n";
        assert_eq!(codes(windows), []);

        // Inside a stage the pragma lasts until the stage ends.
        let in_stage = "FROM a:1\n# hadolint shell=cmd\nRUN cd /x\nFROM b:1\nRUN cd /y\n";
        assert_eq!(codes(in_stage), [(5, "DL3003")]);
    }

    #[test]
    fn foreign_codes_in_options_are_accepted() {
        let options = LintOptions {
            ignore: vec!["SC2086".to_string(), "DL3008".to_string()],
            ..LintOptions::default()
        };
        assert!(lint(b"FROM a:1\n", &options).is_ok());

        let unknown = LintOptions {
            ignore: vec!["DL3333".to_string()],
            ..LintOptions::default()
        };
        let error = lint(b"FROM a:1\n", &unknown).unwrap_err();
        assert!(error.message.contains("DL3333"), "{}", error.message);
    }
}
