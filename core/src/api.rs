//! The entry points that every language binding wraps, with JSON in and JSON out.
//!
//! A binding converts its arguments, calls one of these functions and hands back the JSON or
//! maps the [`Error`] to its own error type. Options, defaults and the report format all live
//! here, so every language returns the same result for the same input.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::config::{self, Settings};
use crate::diagnostic::Severity;
use crate::error::{Error, ErrorKind};
use crate::image::analysis::ImageAnalysis;
use crate::image::config::ImageConfig;
use crate::image::rules::size::{is_disabled, parse_fraction, parse_size};
use crate::image::rules::{DiveThresholds, ImageLintOptions, lint_image};
use crate::image::{self, ImageOptions, analyze_path};
use crate::lint::{LabelType, LintOptions, lint};
use crate::report::{Report, dockerfile_report, file_report, rule_markdown};
use crate::rules::ALL_RULES;
use crate::syntax::{parse, to_buildkit_json};

/// The severity at or above which a file fails, or `none`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FailureThreshold {
    Error,
    Warning,
    /// hadolint's default, and plimsoll's.
    #[default]
    Info,
    Style,
    /// No finding makes the file fail.
    None,
}

impl FailureThreshold {
    pub fn severity(self) -> Option<Severity> {
        match self {
            FailureThreshold::Error => Some(Severity::Error),
            FailureThreshold::Warning => Some(Severity::Warning),
            FailureThreshold::Info => Some(Severity::Info),
            FailureThreshold::Style => Some(Severity::Style),
            FailureThreshold::None => None,
        }
    }
}

/// Lint options as the bindings pass them, in JSON: every field may be left out.
///
/// ```json
/// {"build_args": {"BASE": "debian:12"}, "target": "app", "ignore": ["DL3059"],
///  "select": [], "severity": {"DL3015": "warning"}, "failure_threshold": "warning",
///  "trusted_registries": ["docker.io"], "label_schema": {"maintainer": "email"},
///  "hadolint_config": "ignored: [DL3008]\n"}
/// ```
///
/// The texts of `hadolint_config` and `plimsoll_config` are read first, in that order, and
/// the other fields apply on top of them: a scalar given here wins, and lists are
/// concatenated, as the command line does with configuration files.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    /// Values for ARGs, as `--build-arg` gives them.
    pub build_args: BTreeMap<String, String>,
    /// The stage to build; the last stage when absent.
    pub target: Option<String>,
    /// Codes, names or aliases of rules to turn off.
    pub ignore: Vec<String>,
    /// If not empty, only these rules run.
    pub select: Vec<String>,
    /// Severities that replace rules' defaults, keyed by code, name or alias.
    pub severity: BTreeMap<String, Severity>,
    /// `info` when absent and no configuration text sets it.
    pub failure_threshold: Option<FailureThreshold>,
    /// Registries that base images may come from, as hadolint's `trustedRegistries`.
    pub trusted_registries: Vec<String>,
    /// Labels every stage must set, with the type of their values.
    pub label_schema: BTreeMap<String, LabelType>,
    /// Reports labels that `label_schema` does not list.
    pub strict_labels: Option<bool>,
    /// Makes in-file ignore pragmas and `check=skip` have no effect.
    pub disable_ignore_pragma: Option<bool>,
    /// The text of the build context's `.dockerignore`.
    pub dockerignore: Option<String>,
    /// The configuration of the image the first stage builds on: an image config blob or
    /// `docker inspect` output.
    pub base_config: Option<serde_json::Value>,
    /// The text of a `.hadolint.yaml`.
    pub hadolint_config: Option<String>,
    /// The text of a `plimsoll.toml`. Its `[[overrides]]` match the path given to the lint
    /// call.
    pub plimsoll_config: Option<String>,
}

impl Options {
    /// Reads options from JSON. An empty string means the defaults.
    pub fn from_json(json: &str) -> Result<Options, Error> {
        if json.trim().is_empty() {
            return Ok(Options::default());
        }
        serde_json::from_str(json).map_err(|error| {
            Error::new(
                ErrorKind::InvalidOption,
                format!("invalid options JSON: {error}"),
            )
        })
    }

    /// Converts to the options of [`lint`], ignoring `hadolint_config`, `plimsoll_config` and
    /// `base_config`; [`Options::to_lint_options_for`] reads them.
    pub fn to_lint_options(&self) -> LintOptions {
        lint_options(&self.settings(), self)
    }

    /// Converts to the options of [`lint`] for the file at `path`, reading the configuration
    /// texts and the base image configuration. An invalid text is an
    /// [`ErrorKind::InvalidOption`] error naming the file, line and key.
    pub fn to_lint_options_for(&self, path: &str) -> Result<LintOptions, Error> {
        let mut settings = Settings::default();
        if let Some(text) = &self.hadolint_config {
            settings = settings.merge(config::from_hadolint_yaml(text, ".hadolint.yaml")?);
        }
        if let Some(text) = &self.plimsoll_config {
            settings = settings.merge(config::from_plimsoll_toml(text, "plimsoll.toml")?);
        }
        let settings = settings.merge(self.settings()).for_path(path);
        let mut options = lint_options(&settings, self);
        if let Some(value) = &self.base_config {
            let config = ImageConfig::from_json(value.to_string().as_bytes())?;
            options.base_image = Some(Arc::new(config));
        }
        Ok(options)
    }

    /// Returns the fields that are settings, as the top configuration layer.
    fn settings(&self) -> Settings {
        Settings {
            build_args: self
                .build_args
                .iter()
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect(),
            ignore: self.ignore.clone(),
            select: self.select.clone(),
            severity: self
                .severity
                .iter()
                .map(|(code, severity)| (code.clone(), *severity))
                .collect(),
            failure_threshold: self.failure_threshold,
            trusted_registries: self.trusted_registries.clone(),
            label_schema: self
                .label_schema
                .iter()
                .map(|(label, kind)| (label.clone(), *kind))
                .collect(),
            strict_labels: self.strict_labels,
            disable_ignore_pragma: self.disable_ignore_pragma,
            ..Settings::default()
        }
    }
}

/// Converts settings, adding the fields of [`Options`] that are not settings.
fn lint_options(settings: &Settings, options: &Options) -> LintOptions {
    LintOptions {
        target: options.target.clone(),
        dockerignore: options.dockerignore.clone(),
        ..settings.to_lint_options()
    }
}

/// Lints one Dockerfile and returns the report, naming the file `path` in it.
pub fn lint_report(path: &str, source: &[u8], options: &Options) -> Result<Report, Error> {
    let result = lint(source, &options.to_lint_options_for(path)?)?;
    Ok(Report::new(vec![file_report(path, &result)]))
}

/// Lints one Dockerfile with options given as JSON and returns the report as JSON.
pub fn lint_json(path: &str, source: &[u8], options_json: &str) -> Result<String, Error> {
    let options = Options::from_json(options_json)?;
    lint_report(path, source, &options).map(|report| report.to_json())
}

/// The result of parsing, as [`parse_json`] returns it.
#[derive(Serialize)]
struct ParseOutput {
    version: u32,
    /// One object per instruction, in BuildKit's terms.
    instructions: serde_json::Value,
    /// Parse errors and warnings, positioned as in the lint report.
    diagnostics: Vec<crate::report::DiagnosticReport>,
}

/// Parses a Dockerfile and returns `{"version", "instructions", "diagnostics"}` as JSON.
pub fn parse_json(source: &[u8]) -> String {
    let dockerfile = parse(source);
    let report = dockerfile_report("", &dockerfile, &dockerfile.diagnostics);
    let output = ParseOutput {
        version: crate::report::SCHEMA_VERSION,
        instructions: to_buildkit_json(&dockerfile),
        diagnostics: report.diagnostics,
    };
    serde_json::to_string_pretty(&output).expect("parse output always serializes")
}

/// One rule with its documentation, as [`rules_json`] lists it.
#[derive(Serialize)]
struct RuleDocument {
    code: &'static str,
    name: &'static str,
    aliases: &'static [&'static str],
    severity: Severity,
    fixable: bool,
    /// Markdown.
    documentation: String,
}

/// Lists every rule with its documentation, as a JSON array.
pub fn rules_json() -> String {
    let rules: Vec<RuleDocument> = ALL_RULES
        .iter()
        .map(|meta| RuleDocument {
            code: meta.code,
            name: meta.name,
            aliases: meta.aliases,
            severity: meta.severity,
            fixable: meta.fixable,
            documentation: rule_markdown(meta),
        })
        .collect();
    serde_json::to_string_pretty(&rules).expect("rules always serialize")
}

/// Returns the reference of every rule as one Markdown page, which `docs/rules.md` holds.
pub fn rules_reference_markdown() -> String {
    let mut page = String::from(
        "# Rules\n\nGenerated by `plimsoll rules --format markdown`; do not edit by hand.\n\n\
         | Code | Name | Severity | Aliases | Fix |\n|---|---|---|---|---|\n",
    );
    for meta in ALL_RULES.iter() {
        page.push_str(&format!(
            "| [{code}](#{anchor}) | `{name}` | {severity} | {aliases} | {fix} |\n",
            code = meta.code,
            anchor = format!("{}-{}", meta.code, meta.name).to_ascii_lowercase(),
            name = meta.name,
            severity = meta.severity,
            aliases = meta.aliases.join(", "),
            fix = if meta.fixable { "yes" } else { "" },
        ));
    }
    for meta in ALL_RULES.iter() {
        page.push_str(&format!("\n## {} {}\n\n", meta.code, meta.name));
        page.push_str(&format!("Default severity: {}.", meta.severity));
        if !meta.aliases.is_empty() {
            page.push_str(&format!(" Aliases: {}.", meta.aliases.join(", ")));
        }
        page.push_str("\n\n");
        for line in rule_markdown(meta).lines() {
            // Each rule's own headings sit one level below the rule's heading.
            if line.starts_with("## ") {
                page.push('#');
            }
            page.push_str(line);
            page.push('\n');
        }
    }
    page
}

/// A number, or text such as `"100MB"`, `"0.9"` or `"disabled"`, for image options that
/// dive and the CLI write either way.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum NumberOrText {
    Number(f64),
    Text(String),
}

/// Image lint options as the bindings pass them, in JSON: every field may be left out.
///
/// ```json
/// {"image": "app:1", "platform": "linux/arm64", "max_size": "100MB",
///  "lowest_efficiency": 0.9, "highest_wasted_bytes": "20MB",
///  "highest_user_wasted_percent": "disabled", "ignore": ["CIS-DI-0006"],
///  "select": [], "severity": {"PL4001": "warning"}, "failure_threshold": "warning"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ImageApiOptions {
    /// The image to read from an archive that contains several: a tag, or `#N` (0-based).
    pub image: Option<String>,
    /// `os/arch[/variant]`, for an index that contains several platforms.
    pub platform: Option<String>,
    /// Largest uncompressed size that passes: bytes, or text with a unit (`100MB`, `1GiB`).
    pub max_size: Option<NumberOrText>,
    /// dive's `lowestEfficiency`: a fraction from 0 to 1, or `disabled`.
    pub lowest_efficiency: Option<NumberOrText>,
    /// dive's `highestWastedBytes`: bytes, text with a unit (`20MB`), or `disabled`.
    pub highest_wasted_bytes: Option<NumberOrText>,
    /// dive's `highestUserWastedPercent`: a fraction from 0 to 1, or `disabled`.
    pub highest_user_wasted_percent: Option<NumberOrText>,
    /// Codes, names or aliases of rules to turn off.
    pub ignore: Vec<String>,
    /// If not empty, only these rules run.
    pub select: Vec<String>,
    /// Severities that replace rules' defaults, keyed by code, name or alias.
    pub severity: BTreeMap<String, Severity>,
    pub failure_threshold: FailureThreshold,
}

impl ImageApiOptions {
    /// Reads options from JSON. An empty string means the defaults.
    pub fn from_json(json: &str) -> Result<ImageApiOptions, Error> {
        if json.trim().is_empty() {
            return Ok(ImageApiOptions::default());
        }
        serde_json::from_str(json).map_err(|error| {
            Error::new(
                ErrorKind::InvalidOption,
                format!("invalid image options JSON: {error}"),
            )
        })
    }

    /// Converts to the options of [`lint_image`], reading sizes and fractions.
    pub fn to_lint_options(&self) -> Result<ImageLintOptions, Error> {
        Ok(ImageLintOptions {
            ignore: self.ignore.clone(),
            select: self.select.clone(),
            severity_overrides: self
                .severity
                .iter()
                .map(|(code, severity)| (code.clone(), *severity))
                .collect(),
            failure_threshold: self.failure_threshold.severity(),
            max_size: size_option("max_size", self.max_size.as_ref())?,
            dive: DiveThresholds {
                lowest_efficiency: fraction_option(
                    "lowest_efficiency",
                    self.lowest_efficiency.as_ref(),
                )?,
                highest_wasted_bytes: size_option(
                    "highest_wasted_bytes",
                    self.highest_wasted_bytes.as_ref(),
                )?,
                highest_user_wasted_percent: fraction_option(
                    "highest_user_wasted_percent",
                    self.highest_user_wasted_percent.as_ref(),
                )?,
            },
        })
    }
}

fn option_error(name: &str, message: String) -> Error {
    Error::new(ErrorKind::InvalidOption, format!("`{name}`: {message}"))
}

/// Reads a byte size given as a number of bytes or as text; `disabled` turns it off.
fn size_option(name: &str, value: Option<&NumberOrText>) -> Result<Option<u64>, Error> {
    match value {
        None => Ok(None),
        Some(NumberOrText::Text(text)) if is_disabled(text) => Ok(None),
        Some(NumberOrText::Text(text)) => parse_size(text)
            .map(Some)
            .map_err(|message| option_error(name, message)),
        Some(NumberOrText::Number(number)) => {
            if number.is_finite() && *number >= 0.0 && number.fract() == 0.0 {
                Ok(Some(*number as u64))
            } else {
                Err(option_error(
                    name,
                    format!("invalid size {number}: expected a whole number of bytes"),
                ))
            }
        }
    }
}

/// Reads a fraction from 0 to 1 given as a number or as text; `disabled` turns it off.
fn fraction_option(name: &str, value: Option<&NumberOrText>) -> Result<Option<f64>, Error> {
    match value {
        None => Ok(None),
        Some(NumberOrText::Text(text)) if is_disabled(text) => Ok(None),
        Some(NumberOrText::Text(text)) => parse_fraction(text)
            .map(Some)
            .map_err(|message| option_error(name, message)),
        Some(NumberOrText::Number(number)) => parse_fraction(&number.to_string())
            .map(Some)
            .map_err(|message| option_error(name, message)),
    }
}

/// Reads the image at `path`. A file that starts with `{` or `[` is read as an image config
/// or `docker inspect` output. Anything else goes to the archive and layout reader.
pub fn read_image(path: &Path, options: &ImageOptions<'_>) -> Result<ImageAnalysis, Error> {
    let io_error = |error: std::io::Error| {
        Error::new(
            ErrorKind::Io,
            format!("failed to read `{}`: {error}", path.display()),
        )
    };
    if !path.is_dir() {
        let mut head = Vec::with_capacity(256);
        std::fs::File::open(path)
            .and_then(|file| file.take(256).read_to_end(&mut head))
            .map_err(io_error)?;
        let first = head.iter().find(|byte| !byte.is_ascii_whitespace());
        if matches!(first, Some(b'{' | b'[')) {
            // NOTE: the config digest of a bare config file is left unset, because core has
            // no SHA-256 implementation of its own.
            let bytes = std::fs::read(path).map_err(io_error)?;
            return Ok(ImageAnalysis {
                config: ImageConfig::from_json(&bytes)?,
                ..ImageAnalysis::default()
            });
        }
    }
    analyze_path(path, options)
}

/// Reads and lints the image at `path` and returns the report, naming the image `path`.
pub fn image_report(path: &Path, options: &ImageApiOptions) -> Result<Report, Error> {
    let lint_options = options.to_lint_options()?;
    let image_options = ImageOptions {
        image: options.image.clone(),
        platform: options.platform.clone(),
        progress: None,
        ..ImageOptions::default()
    };
    let analysis = read_image(path, &image_options)?;
    let result = lint_image(&analysis, &lint_options)?;
    let name = path.to_string_lossy();
    Ok(Report::of_images(vec![image::report::image_report(
        &name, &analysis, &result,
    )]))
}

/// Lints an image config blob or `docker inspect` output given as bytes, without reading
/// files, and returns the report, naming the image `name`.
pub fn image_config_report(
    name: &str,
    config_json: &[u8],
    options: &ImageApiOptions,
) -> Result<Report, Error> {
    let lint_options = options.to_lint_options()?;
    let analysis = ImageAnalysis {
        config: ImageConfig::from_json(config_json)?,
        ..ImageAnalysis::default()
    };
    let result = lint_image(&analysis, &lint_options)?;
    Ok(Report::of_images(vec![image::report::image_report(
        name, &analysis, &result,
    )]))
}

/// Reads and lints the image at `path` with options given as JSON and returns the report
/// as JSON.
pub fn image_json(path: &str, options_json: &str) -> Result<String, Error> {
    let options = ImageApiOptions::from_json(options_json)?;
    image_report(Path::new(path), &options).map(|report| report.to_json())
}

/// Lints an image config blob or `docker inspect` output given as bytes, with options given
/// as JSON, and returns the report as JSON, naming the image `name`. Reads no files.
pub fn image_config_json(
    name: &str,
    config_json: &[u8],
    options_json: &str,
) -> Result<String, Error> {
    let options = ImageApiOptions::from_json(options_json)?;
    image_config_report(name, config_json, &options).map(|report| report.to_json())
}

/// Returns `{"error": {"kind", "message"}}`, the JSON a binding returns for an error.
pub fn error_json(error: &Error) -> String {
    serde_json::json!({
        "error": {"kind": error.kind.as_str(), "message": error.message}
    })
    .to_string()
}

/// Runs `f`, turning a panic into an [`ErrorKind::Internal`] error, so that no panic crosses
/// into another language.
pub fn catch_panic<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|message| message.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".to_string());
            Err(Error::new(
                ErrorKind::Internal,
                format!("internal error (a bug in plimsoll, please report it): {detail}"),
            ))
        }
    }
}

/// Returns the JSON Schema of the report, which `schema/report.schema.json` holds.
pub fn report_schema() -> String {
    let schema = schemars::schema_for!(Report);
    let mut json = serde_json::to_string_pretty(&schema).expect("a schema always serializes");
    json.push('\n');
    json
}

/// Returns the JSON Schema of [`Options`], which `schema/options.schema.json` holds.
pub fn options_schema() -> String {
    let schema = schemars::schema_for!(Options);
    let mut json = serde_json::to_string_pretty(&schema).expect("a schema always serializes");
    json.push('\n');
    json
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_default_from_empty_json() {
        assert_eq!(Options::from_json("").unwrap(), Options::default());
        assert_eq!(Options::from_json("{}").unwrap(), Options::default());
    }

    #[test]
    fn unknown_option_is_rejected() {
        let error = Options::from_json(r#"{"ignroe": ["DL3007"]}"#).unwrap_err();
        assert_eq!(error.kind, ErrorKind::InvalidOption);
        assert!(error.message.contains("ignroe"), "{}", error.message);
    }

    #[test]
    fn lint_json_reports_failure_at_threshold() {
        let json = lint_json(
            "Dockerfile",
            b"FROM debian:latest\nUSER app\n",
            r#"{"failure_threshold": "warning"}"#,
        )
        .unwrap();
        let report: Report = serde_json::from_str(&json).unwrap();
        assert!(report.files[0].failed);
        assert_eq!(report.files[0].diagnostics[0].code, "DL3007");
    }

    #[test]
    fn configuration_texts_layer_under_fields() {
        let options = Options::from_json(
            r#"{"hadolint_config": "ignored: [DL3003]\nfailure-threshold: error\n",
                "plimsoll_config": "[[overrides]]\nfiles = [\"ci/*\"]\nignore = [\"DL3007\"]\n",
                "failure_threshold": "style",
                "trusted_registries": ["docker.io"],
                "label_schema": {"maintainer": "email"},
                "strict_labels": true,
                "disable_ignore_pragma": true,
                "dockerignore": "*.log\n",
                "base_config": {"config": {"Env": ["PATH=/bin"]}}}"#,
        )
        .unwrap();

        let lint_options = options.to_lint_options_for("ci/Dockerfile").unwrap();

        assert_eq!(lint_options.ignore, ["DL3003", "DL3007"]);
        assert_eq!(lint_options.failure_threshold, Some(Severity::Style));
        assert_eq!(lint_options.trusted_registries, ["docker.io"]);
        assert_eq!(
            lint_options.label_schema,
            [("maintainer".to_string(), LabelType::Email)]
        );
        assert!(lint_options.strict_labels);
        assert!(lint_options.disable_ignore_pragma);
        assert_eq!(lint_options.dockerignore.as_deref(), Some("*.log\n"));
        assert!(lint_options.base_image.is_some());

        let elsewhere = options.to_lint_options_for("Dockerfile").unwrap();
        assert_eq!(elsewhere.ignore, ["DL3003"]);
    }

    #[test]
    fn invalid_configuration_text_is_invalid_option() {
        let error = lint_json(
            "Dockerfile",
            b"FROM a:1\n",
            r#"{"hadolint_config": "ignore: []\n"}"#,
        )
        .unwrap_err();
        assert_eq!(error.kind, ErrorKind::InvalidOption);
        assert!(
            error.message.contains(".hadolint.yaml:1"),
            "{}",
            error.message
        );
    }

    #[test]
    fn unknown_target_is_invalid_option() {
        let error = lint_json("Dockerfile", b"FROM a:1\n", r#"{"target": "x"}"#).unwrap_err();
        assert_eq!(error.kind, ErrorKind::InvalidOption);
        assert_eq!(
            error_json(&error),
            r#"{"error":{"kind":"invalid_option","message":"target stage `x` not found (the Dockerfile has no named stages)"}}"#
        );
    }

    #[test]
    fn panic_becomes_internal_error() {
        let error = catch_panic::<()>(|| panic!("boom")).unwrap_err();
        assert_eq!(error.kind, ErrorKind::Internal);
        assert!(error.message.contains("boom"));
    }

    #[test]
    fn parse_json_lists_instructions_and_errors() {
        let output: serde_json::Value =
            serde_json::from_str(&parse_json(b"FROM a:1\nFOO bar\n")).unwrap();
        assert_eq!(output["instructions"].as_array().unwrap().len(), 2);
        assert_eq!(output["diagnostics"][0]["code"], "PL0002");
    }

    #[test]
    fn image_options_read_sizes_and_fractions() {
        let options = ImageApiOptions::from_json(
            r#"{"max_size": "100MB", "lowest_efficiency": 0.9, "highest_wasted_bytes": 5000,
                "highest_user_wasted_percent": "disabled"}"#,
        )
        .unwrap()
        .to_lint_options()
        .unwrap();
        assert_eq!(options.max_size, Some(100_000_000));
        assert_eq!(options.dive.lowest_efficiency, Some(0.9));
        assert_eq!(options.dive.highest_wasted_bytes, Some(5_000));
        assert_eq!(options.dive.highest_user_wasted_percent, None);
    }

    #[test]
    fn invalid_image_options_are_rejected() {
        for json in [
            r#"{"max_size": "lots"}"#,
            r#"{"max_size": -1}"#,
            r#"{"lowest_efficiency": 1.5}"#,
            r#"{"highest_wasted_bytes": 1.5}"#,
        ] {
            let error = ImageApiOptions::from_json(json)
                .and_then(|options| options.to_lint_options())
                .unwrap_err();
            assert_eq!(error.kind, ErrorKind::InvalidOption, "{json}");
        }
        let error = ImageApiOptions::from_json(r#"{"max-size": 1}"#).unwrap_err();
        assert!(error.message.contains("max-size"), "{}", error.message);
    }

    #[test]
    fn image_config_report_lists_findings() {
        let options = ImageApiOptions {
            failure_threshold: FailureThreshold::Warning,
            ..ImageApiOptions::default()
        };
        let report =
            image_config_report("config.json", br#"{"config": {"User": "0:0"}}"#, &options)
                .unwrap();
        assert!(report.files.is_empty());
        let image = &report.images[0];
        assert!(image.failed);
        assert!(image.metadata.config_only);
        let root = image
            .findings
            .iter()
            .position(|finding| finding.code == "PL3001")
            .expect("`0:0` is root");
        let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
        let location = &json["images"][0]["findings"][root]["location"];
        assert_eq!(location["kind"], "config");
        assert_eq!(location["key"], "User");
    }

    #[test]
    fn dockerfile_report_has_no_images_key() {
        let json = lint_json("Dockerfile", b"FROM a:1\n", "").unwrap();
        assert!(!json.contains("\"images\""), "{json}");
    }

    #[test]
    fn image_json_reads_config_file() {
        let dir = std::env::temp_dir().join(format!("plimsoll-api-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config.json");
        std::fs::write(
            &path,
            b"  \n{\"config\": {\"User\": \"app\", \"Healthcheck\": {\"Test\": [\"NONE\"]}}}",
        )
        .unwrap();
        let json = image_json(path.to_str().unwrap(), "").unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let report: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(report["images"][0]["findings"], serde_json::json!([]));
    }

    #[test]
    fn image_config_json_matches_image_json() {
        let config = br#"{"config": {"User": "root", "Env": ["API_TOKEN=abc"]}}"#;
        let dir = std::env::temp_dir().join(format!("plimsoll-api-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("image.json");
        std::fs::write(&path, config).unwrap();
        let path = path.to_str().unwrap();
        let options = r#"{"failure_threshold": "error"}"#;

        let from_file = image_json(path, options).unwrap();
        let from_bytes = image_config_json(path, config, options).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();

        assert_eq!(from_bytes, from_file);
        let report: Report = serde_json::from_str(&from_bytes).unwrap();
        assert_eq!(report.images[0].path, path);
        let codes: Vec<&str> = report.images[0]
            .findings
            .iter()
            .map(|finding| finding.code.as_str())
            .collect();
        assert!(codes.contains(&"PL3001"), "{codes:?}");
        assert!(codes.contains(&"PL3003"), "{codes:?}");
    }

    #[test]
    fn image_config_json_rejects_bad_input_and_options() {
        let error = image_config_json("image.json", b"{not json", "").unwrap_err();
        assert_eq!(error.kind, ErrorKind::InvalidInput);
        let error = image_config_json("image.json", b"{}", r#"{"max_size": "lots"}"#).unwrap_err();
        assert_eq!(error.kind, ErrorKind::InvalidOption);
        let error = image_config_json("image.json", b"{}", "[").unwrap_err();
        assert_eq!(error.kind, ErrorKind::InvalidOption);
    }

    #[test]
    fn image_json_missing_file_is_io_error() {
        let error = image_json("/nonexistent/plimsoll/image.tar", "").unwrap_err();
        assert_eq!(error.kind, ErrorKind::Io);
    }

    /// The committed rule reference must match the rules' documentation.
    #[test]
    fn committed_rule_reference_is_fresh() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/rules.md");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == rules_reference_markdown(),
            "docs/rules.md is stale: run \
             `cargo run -p plimsoll-cli -- rules --format markdown > docs/rules.md`"
        );
    }

    /// The committed schemas must match the types; regenerate them with
    /// `cargo run -p plimsoll-cli -- schema --write` when this fails.
    #[test]
    fn committed_schemas_are_fresh() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for (file, generated) in [
            ("schema/report.schema.json", report_schema()),
            ("schema/options.schema.json", options_schema()),
        ] {
            let committed = std::fs::read_to_string(root.join(file)).unwrap_or_default();
            assert!(
                committed == generated,
                "{file} is stale: run `cargo run -p plimsoll-cli -- schema --write`"
            );
        }
    }
}
