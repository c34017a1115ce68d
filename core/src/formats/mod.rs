//! Output formats that CI systems and editors read: SARIF, Checkstyle, JUnit, GitLab Code
//! Quality, Code Climate, GNU, GitHub workflow commands, SonarQube and Codacy, beside the
//! terminal text and the JSON report.
//!
//! Every renderer reads the same neutral input: a list of [`Artifact`]s (a Dockerfile, or an
//! image) with their [`Finding`]s. A finding's position is optional because findings about an
//! image have no line. A format that cannot do without a line puts such a finding on line 1,
//! column 1; each renderer's documentation says whether it does. [`artifacts_from_report`]
//! converts the JSON report of a lint run into this input.
//!
//! The renderers write whole documents as strings and do no I/O. Equal input gives identical
//! bytes: no renderer writes a time, a host name or anything else from the environment.

mod checkstyle;
mod codeclimate;
mod gnu;
mod json;
mod junit;
mod sarif;
mod text;
mod xml;

use std::fmt;
use std::str::FromStr;

use crate::diagnostic::{Applicability, Severity};
use crate::image::report::ImageReport;
use crate::report::{DiagnosticReport, Report};
use crate::rules::RuleMeta;

pub use codeclimate::fingerprint;

/// An output format, by the name `--format` takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Findings for a reader; hadolint calls it `tty`.
    Text,
    /// The versioned JSON report of [`crate::report`].
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// Checkstyle XML, for Jenkins and other tools that read Checkstyle reports.
    Checkstyle,
    /// JUnit XML: one test suite per file and one failed test case per finding.
    Junit,
    /// GitLab Code Quality JSON; hadolint calls it `gitlab_codeclimate`.
    Gitlab,
    /// Code Climate engine issues, each followed by a NUL byte.
    Codeclimate,
    /// `file:line:column: severity: CODE message`, one finding a line.
    Gnu,
    /// GitHub Actions workflow commands that annotate the changed files.
    Github,
    /// SonarQube's generic issue import format.
    Sonarqube,
    /// Codacy's tool result format: one JSON object a line.
    Codacy,
}

impl Format {
    /// Every format, in the order help texts list them.
    pub const ALL: [Format; 11] = [
        Format::Text,
        Format::Json,
        Format::Sarif,
        Format::Checkstyle,
        Format::Junit,
        Format::Gitlab,
        Format::Codeclimate,
        Format::Gnu,
        Format::Github,
        Format::Sonarqube,
        Format::Codacy,
    ];

    /// Returns the name that `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Checkstyle => "checkstyle",
            Format::Junit => "junit",
            Format::Gitlab => "gitlab",
            Format::Codeclimate => "codeclimate",
            Format::Gnu => "gnu",
            Format::Github => "github",
            Format::Sonarqube => "sonarqube",
            Format::Codacy => "codacy",
        }
    }

    /// Other names accepted for the format: hadolint's names where they differ from ours.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Format::Text => &["tty"],
            Format::Gitlab => &["gitlab_codeclimate", "gitlab-codeclimate"],
            _ => &[],
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    /// Reads a format name or alias, ignoring ASCII case.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|format| {
                format.name().eq_ignore_ascii_case(name)
                    || format
                        .aliases()
                        .iter()
                        .any(|alias| alias.eq_ignore_ascii_case(name))
            })
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|format| format.name()).collect();
                format!(
                    "invalid format `{name}`: expected one of {}",
                    names.join(", ")
                )
            })
    }
}

/// A linted thing with its findings: a Dockerfile, or a container image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
    /// The path as the caller named it, or an image reference. `-` stands for standard input.
    pub path: String,
    /// Findings in the order they are to be written.
    pub findings: Vec<Finding>,
}

/// One finding, as every format needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub code: String,
    /// Kebab-case rule name, such as `latest-base-image`.
    pub name: String,
    pub severity: Severity,
    pub message: String,
    /// Position in the artifact's text, or `None` for a finding without one, such as a
    /// finding about an image's configuration.
    pub range: Option<Range>,
    pub fix: Option<FindingFix>,
}

/// A range of a text: 1-based lines, and 1-based columns counted in Unicode scalar values.
/// The end is exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    pub start_line: u32,
    pub start_column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

impl Range {
    /// The place given to findings without a range by the formats that need a line.
    pub const FIRST_LINE: Range = Range {
        start_line: 1,
        start_column: 1,
        end_line: 1,
        end_column: 1,
    };
}

/// A fix of a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingFix {
    pub message: String,
    pub applicability: Applicability,
    /// Replacements of ranges of the artifact's text.
    pub edits: Vec<(Range, String)>,
}

/// Settings of a rendering beside the findings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// The directory that paths in machine formats are made relative to, as an absolute path
    /// with `/` separators. Formats read by CI systems (SARIF, GitLab, Code Climate, GitHub,
    /// SonarQube, Codacy) need paths relative to the repository root, which is usually the
    /// working directory of the run. `None` keeps paths as given, less a leading `./`.
    pub base_directory: Option<String>,
    /// Whether text output gets ANSI colors.
    pub color: bool,
}

/// Renders `artifacts` in `format` as one document.
///
/// Returns `None` for [`Format::Json`]: the JSON report carries file metadata that the
/// neutral input lacks, so it is written by [`Report::to_json`].
pub fn render(format: Format, artifacts: &[Artifact], options: &RenderOptions) -> Option<String> {
    let rendered = match format {
        Format::Json => return None,
        Format::Text => text::render(artifacts, options),
        Format::Sarif => sarif::render(artifacts, options),
        Format::Checkstyle => checkstyle::render(artifacts),
        Format::Junit => junit::render(artifacts),
        Format::Gitlab => codeclimate::render_gitlab(artifacts, options),
        Format::Codeclimate => codeclimate::render_codeclimate(artifacts, options),
        Format::Gnu => gnu::render(artifacts),
        Format::Github => gnu::render_github(artifacts, options),
        Format::Sonarqube => json::render_sonarqube(artifacts, options),
        Format::Codacy => json::render_codacy(artifacts, options),
    };
    Some(rendered)
}

/// Converts every file of a JSON report into an artifact, keeping the order of files and
/// findings.
pub fn artifacts_from_report(report: &Report) -> Vec<Artifact> {
    report
        .files
        .iter()
        .map(|file| Artifact {
            path: file.path.clone(),
            findings: file.diagnostics.iter().map(finding_from_report).collect(),
        })
        .collect()
}

/// Converts image reports into artifacts. Image findings have no line, so each message starts
/// with its place in the image (`config User`, `history[3]`, `/etc/shadow`).
pub fn artifacts_from_images(images: &[ImageReport]) -> Vec<Artifact> {
    images
        .iter()
        .map(|image| Artifact {
            path: image.path.clone(),
            findings: image
                .findings
                .iter()
                .map(|finding| Finding {
                    code: finding.code.clone(),
                    name: finding.name.clone(),
                    severity: finding.severity,
                    message: format!("{}: {}", finding.location.label(), finding.message),
                    range: None,
                    fix: None,
                })
                .collect(),
        })
        .collect()
}

fn finding_from_report(diagnostic: &DiagnosticReport) -> Finding {
    let range = |start: &crate::report::Position, end: &crate::report::Position| Range {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
    };
    Finding {
        code: diagnostic.code.clone(),
        name: diagnostic.name.clone(),
        severity: diagnostic.severity,
        message: diagnostic.message.clone(),
        range: Some(range(&diagnostic.start, &diagnostic.end)),
        fix: diagnostic.fix.as_ref().map(|fix| FindingFix {
            message: fix.message.clone(),
            applicability: fix.applicability,
            edits: fix
                .edits
                .iter()
                .map(|edit| (range(&edit.start, &edit.end), edit.replacement.clone()))
                .collect(),
        }),
    }
}

/// Returns `path` as CI systems expect it: relative to `options.base_directory` when it is
/// inside it, with `\` turned into `/` and without leading `./` segments.
fn report_path(path: &str, options: &RenderOptions) -> String {
    let mut path = path.replace('\\', "/");
    if let Some(base) = &options.base_directory {
        let base = base.trim_end_matches('/');
        if let Some(relative) = path
            .strip_prefix(base)
            .and_then(|rest| rest.strip_prefix('/'))
        {
            path = relative.to_string();
        }
    }
    let mut relative = path.as_str();
    while let Some(rest) = relative.strip_prefix("./") {
        relative = rest.trim_start_matches('/');
    }
    relative.to_string()
}

/// Returns the registered rule with `code`, for the formats that describe rules.
fn rule_meta(code: &str) -> Option<&'static RuleMeta> {
    crate::rules::find_rule(code).filter(|meta| meta.code.eq_ignore_ascii_case(code))
}

/// Returns the first sentence of a rule's "What it does" section, on one line, or `None`
/// when the documentation has no such section.
fn rule_summary(meta: &RuleMeta) -> Option<String> {
    let doc = crate::report::rule_markdown(meta);
    let section = doc.split("## What it does").nth(1)?;
    let paragraph: Vec<&str> = section
        .lines()
        .map(str::trim)
        .skip_while(|line| line.is_empty())
        .take_while(|line| !line.is_empty() && !line.starts_with('#'))
        .collect();
    let paragraph = paragraph.join(" ");
    let sentence = match paragraph.find(". ") {
        Some(end) => &paragraph[..=end],
        None => paragraph.as_str(),
    };
    (!sentence.is_empty()).then(|| sentence.to_string())
}

/// Returns the address of a rule's documentation in the repository's `docs/rules.md`.
fn rule_help_uri(code: &str, name: &str) -> String {
    format!(
        "{}/blob/main/docs/rules.md#{}-{}",
        env!("CARGO_PKG_REPOSITORY"),
        code.to_ascii_lowercase(),
        name
    )
}

/// Returns the findings of every artifact with their artifact, in order.
fn all_findings(artifacts: &[Artifact]) -> impl Iterator<Item = (&Artifact, &Finding)> {
    artifacts.iter().flat_map(|artifact| {
        artifact
            .findings
            .iter()
            .map(move |finding| (artifact, finding))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_and_aliases_parse() {
        for format in Format::ALL {
            assert_eq!(format.name().parse::<Format>(), Ok(format));
        }
        assert_eq!("tty".parse::<Format>(), Ok(Format::Text));
        assert_eq!("gitlab_codeclimate".parse::<Format>(), Ok(Format::Gitlab));
        assert_eq!("SARIF".parse::<Format>(), Ok(Format::Sarif));
    }

    #[test]
    fn unknown_format_lists_names() {
        let error = "xml".parse::<Format>().unwrap_err();

        assert!(error.contains("`xml`"), "{error}");
        assert!(error.contains("sarif"), "{error}");
    }

    #[test]
    fn report_path_relative_to_base() {
        let options = RenderOptions {
            base_directory: Some("/repo/".to_string()),
            color: false,
        };

        assert_eq!(report_path("/repo/a/Dockerfile", &options), "a/Dockerfile");
        assert_eq!(report_path("./a/Dockerfile", &options), "a/Dockerfile");
        assert_eq!(report_path(".//./Dockerfile", &options), "Dockerfile");
        assert_eq!(
            report_path("/repository/Dockerfile", &options),
            "/repository/Dockerfile"
        );
        assert_eq!(report_path("a\\Dockerfile", &options), "a/Dockerfile");
        assert_eq!(report_path("../Dockerfile", &options), "../Dockerfile");
    }

    #[test]
    fn rule_summary_is_first_sentence() {
        let meta = crate::rules::find_rule("DL3007").unwrap();

        let summary = rule_summary(meta).unwrap();

        assert!(summary.starts_with("Reports a `FROM`"), "{summary}");
        assert!(summary.ends_with('.'), "{summary}");
        assert!(!summary.contains('\n'), "{summary}");
    }

    #[test]
    fn rule_meta_matches_code_only() {
        assert!(rule_meta("DL3007").is_some());
        assert!(rule_meta("latest-base-image").is_none());
        assert!(rule_meta("XX0000").is_none());
    }
}
