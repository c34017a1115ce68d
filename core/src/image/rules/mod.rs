//! Rules over built images: their configuration, history, filesystem and layers.
//!
//! Image rules share [`RuleMeta`] with the Dockerfile rules, so their codes, names, aliases
//! and documentation appear in `plimsoll rules`, and ignore and select lists accept them. A
//! finding points at a place in the image ([`ImageLocation`]) instead of a byte range.
//!
//! Rules that read the filesystem or the layers run only when the image was read from an
//! archive or layout. For a bare configuration (a config blob or `docker inspect` output)
//! they report nothing, because there is nothing to inspect.

pub mod history;
pub mod size;
#[cfg(test)]
mod test_support;

mod add_in_history;
mod apk_cache_in_history;
mod apt_lists_kept_in_history;
mod apt_update_alone_in_history;
mod compiler_in_image;
mod dist_upgrade_in_history;
mod duplicate_account_id;
mod empty_password;
mod files_hidden_by_later_layer;
mod image_over_size_budget;
mod latest_image_tag;
mod low_image_efficiency;
mod missing_healthcheck;
mod package_manager_cache;
mod pip_cache_in_history;
mod python_bytecode_cache;
mod root_image_user;
mod secret_file;
mod secret_in_image_config;
mod sensitive_directory_volume;
mod setuid_file;
mod sudo_in_history;
mod unnecessary_file;
mod user_wasted_percent_over_limit;
mod vcs_directory;
mod wasted_bytes_over_limit;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostic::Severity;
use crate::error::{Error, ErrorKind};
use crate::image::analysis::ImageAnalysis;
use crate::image::config::ImageConfig;
use crate::rules::{RuleMeta, find_rule};

use history::HistoryStep;
pub(crate) use secret_in_image_config::is_sensitive_name;

/// A rule over a built image. Rules are stateless; all they read is in the [`ImageContext`].
pub trait ImageRule: Sync {
    fn meta(&self) -> &'static RuleMeta;

    /// Appends this rule's findings to `out`.
    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>);
}

/// Every image rule, in code order.
pub static IMAGE_RULES: &[&dyn ImageRule] = &[
    &root_image_user::RootImageUser,
    &missing_healthcheck::MissingHealthcheck,
    &secret_in_image_config::SecretInImageConfig,
    &apt_update_alone_in_history::AptUpdateAloneInHistory,
    &add_in_history::AddInHistory,
    &sudo_in_history::SudoInHistory,
    &sensitive_directory_volume::SensitiveDirectoryVolume,
    &dist_upgrade_in_history::DistUpgradeInHistory,
    &apk_cache_in_history::ApkCacheInHistory,
    &apt_lists_kept_in_history::AptListsKeptInHistory,
    &pip_cache_in_history::PipCacheInHistory,
    &latest_image_tag::LatestImageTag,
    &setuid_file::SetuidFile,
    &secret_file::SecretFile,
    &empty_password::EmptyPassword,
    &duplicate_account_id::DuplicateAccountId,
    &unnecessary_file::UnnecessaryFile,
    &vcs_directory::VcsDirectory,
    &python_bytecode_cache::PythonBytecodeCache,
    &package_manager_cache::PackageManagerCache,
    &compiler_in_image::CompilerInImage,
    &image_over_size_budget::ImageOverSizeBudget,
    &low_image_efficiency::LowImageEfficiency,
    &wasted_bytes_over_limit::WastedBytesOverLimit,
    &user_wasted_percent_over_limit::UserWastedPercentOverLimit,
    &files_hidden_by_later_layer::FilesHiddenByLaterLayer,
];

/// The place in an image a finding is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum ImageLocation {
    /// The image as a whole, such as its size or its reference.
    Image,
    /// A key of the container configuration (`User`, `Env`, `Labels`, `Healthcheck`,
    /// `Volumes`), with the entry concerned when there is one.
    Config { key: String, entry: Option<String> },
    /// An entry of the configuration's `history` array, 0-based as in the array.
    History { index: usize },
    /// A layer, 1-based, lowest first.
    Layer { index: usize },
    /// A path in the final filesystem and the 1-based layer it comes from.
    File { path: String, layer: usize },
}

impl ImageLocation {
    /// Returns the location as one short string for text output and for formats that want a
    /// path: `config User`, `history[3]`, `layer 2`, `/etc/shadow`.
    pub fn label(&self) -> String {
        match self {
            ImageLocation::Image => "image".to_string(),
            ImageLocation::Config { key, entry: None } => format!("config {key}"),
            ImageLocation::Config {
                key,
                entry: Some(entry),
            } => format!("config {key} {entry}"),
            ImageLocation::History { index } => format!("history[{index}]"),
            ImageLocation::Layer { index } => format!("layer {index}"),
            ImageLocation::File { path, .. } => path.clone(),
        }
    }
}

/// One finding of an image rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageFinding {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub location: ImageLocation,
}

impl ImageFinding {
    /// Creates a finding of `meta` with its default severity.
    pub fn new(meta: &'static RuleMeta, location: ImageLocation, message: String) -> Self {
        ImageFinding {
            code: meta.code,
            name: meta.name,
            severity: meta.severity,
            message,
            location,
        }
    }
}

/// Thresholds of dive's CI mode. `None` turns a check off.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DiveThresholds {
    /// Fails when dive's efficiency score is below this fraction.
    pub lowest_efficiency: Option<f64>,
    /// Fails when dive's wasted bytes exceed this many bytes.
    pub highest_wasted_bytes: Option<u64>,
    /// Fails when dive's wasted bytes exceed this fraction of the size of all layers but the
    /// first.
    pub highest_user_wasted_percent: Option<f64>,
}

impl DiveThresholds {
    /// dive's defaults, which apply to keys a `.dive-ci` file leaves out: efficiency 0.9,
    /// user wasted fraction 0.1, wasted bytes unchecked.
    pub const DIVE_DEFAULTS: DiveThresholds = DiveThresholds {
        lowest_efficiency: Some(0.9),
        highest_wasted_bytes: None,
        highest_user_wasted_percent: Some(0.1),
    };
}

/// Options of one image lint run.
#[derive(Clone, Debug, Default)]
pub struct ImageLintOptions {
    /// Codes, names or aliases of rules to turn off.
    pub ignore: Vec<String>,
    /// If not empty, only these rules run.
    pub select: Vec<String>,
    /// Severities that replace a rule's default, by code, name or alias.
    pub severity_overrides: Vec<(String, Severity)>,
    /// Findings at or above this severity make the result fail; `None` never fails.
    pub failure_threshold: Option<Severity>,
    /// Largest uncompressed image size, in bytes, that passes.
    pub max_size: Option<u64>,
    pub dive: DiveThresholds,
}

/// The input of an image rule.
pub struct ImageContext<'a> {
    pub analysis: &'a ImageAnalysis,
    pub options: &'a ImageLintOptions,
    /// The history entries, parsed.
    pub steps: Vec<HistoryStep>,
}

impl<'a> ImageContext<'a> {
    pub fn new(analysis: &'a ImageAnalysis, options: &'a ImageLintOptions) -> Self {
        let steps = analysis
            .config
            .history
            .iter()
            .enumerate()
            .map(|(index, entry)| HistoryStep::parse(index, entry.created_by.as_deref()))
            .collect();
        ImageContext {
            analysis,
            options,
            steps,
        }
    }

    pub fn config(&self) -> &'a ImageConfig {
        &self.analysis.config
    }

    /// Returns true if the image's layers were read, so that filesystem rules have something
    /// to inspect.
    pub fn has_filesystem(&self) -> bool {
        !self.analysis.layers.is_empty()
    }
}

/// The result of linting one image.
#[derive(Clone, Debug)]
pub struct ImageLintResult {
    /// Findings ordered by location, then code.
    pub findings: Vec<ImageFinding>,
    /// True if a finding is at or above [`ImageLintOptions::failure_threshold`].
    pub failed: bool,
}

/// Runs the image rules over `analysis`.
///
/// An `Err` means the options cannot be used, such as an unknown rule code.
pub fn lint_image(
    analysis: &ImageAnalysis,
    options: &ImageLintOptions,
) -> Result<ImageLintResult, Error> {
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

    let context = ImageContext::new(analysis, options);
    let mut findings = Vec::new();
    for rule in IMAGE_RULES {
        if enabled(rule.meta()) {
            rule.check(&context, &mut findings);
        }
    }

    for finding in &mut findings {
        if let Some((_, severity)) = overrides.iter().find(|(code, _)| *code == finding.code) {
            finding.severity = *severity;
        }
    }
    findings.sort_by(|a, b| (&a.location, a.code).cmp(&(&b.location, b.code)));
    findings.dedup();
    let failed = options
        .failure_threshold
        .is_some_and(|threshold| findings.iter().any(|finding| finding.severity <= threshold));
    Ok(ImageLintResult { findings, failed })
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

/// Returns the last path component of `path`.
fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Formats a byte count with decimal units (`20.0 MB`), as `docker images` does.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["kB", "MB", "GB", "TB", "PB", "EB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64;
    let mut unit = "B";
    for next in UNITS {
        if value < 1000.0 {
            break;
        }
        value /= 1000.0;
        unit = next;
    }
    format!("{value:.2} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::config::ImageConfig;

    #[test]
    fn human_bytes_uses_decimal_units() {
        assert_eq!(human_bytes(999), "999 B");
        assert_eq!(human_bytes(1_000), "1.00 kB");
        assert_eq!(human_bytes(102_562_816), "102.56 MB");
        assert_eq!(human_bytes(u64::MAX), "18.45 EB");
    }

    #[test]
    fn unknown_ignore_code_is_invalid_option() {
        let options = ImageLintOptions {
            ignore: vec!["CIS-DI-9999".to_string()],
            ..ImageLintOptions::default()
        };
        let error = lint_image(&ImageAnalysis::default(), &options).unwrap_err();
        assert_eq!(error.kind, ErrorKind::InvalidOption);
    }

    #[test]
    fn dockle_alias_ignores_rule() {
        let analysis = ImageAnalysis {
            config: ImageConfig::default(),
            ..ImageAnalysis::default()
        };
        let options = ImageLintOptions {
            ignore: vec!["cis-di-0001".to_string()],
            ..ImageLintOptions::default()
        };
        let result = lint_image(&analysis, &options).unwrap();
        assert!(
            result
                .findings
                .iter()
                .all(|finding| finding.code != "PL3001")
        );
        assert!(
            result
                .findings
                .iter()
                .any(|finding| finding.code == "PL3002")
        );
    }

    #[test]
    fn severity_override_and_threshold() {
        let options = ImageLintOptions {
            select: vec!["PL3002".to_string()],
            severity_overrides: vec![("image-without-healthcheck".to_string(), Severity::Error)],
            failure_threshold: Some(Severity::Error),
            ..ImageLintOptions::default()
        };
        let result = lint_image(&ImageAnalysis::default(), &options).unwrap();
        assert_eq!(result.findings.len(), 1);
        assert_eq!(result.findings[0].severity, Severity::Error);
        assert!(result.failed);
    }

    #[test]
    fn odd_history_entries_do_not_panic() {
        let created_by = [
            "/bin/sh -c",
            "/bin/sh -c #(nop)",
            "RUN",
            "RUN |",
            "RUN |99999999999999999999999 A=1 /bin/sh -c x",
            "ENV =",
            "ENV =x \u{e9}=\u{1f600}",
            "LABEL \"unterminated",
            "RUN /bin/sh -c $(( ((",
            "|2 A /bin/sh -c",
            "\u{0}\u{1b}[2J",
        ];
        let analysis = ImageAnalysis {
            config: ImageConfig {
                history: created_by
                    .iter()
                    .map(|text| crate::image::config::HistoryEntry {
                        created_by: Some(text.to_string()),
                        ..Default::default()
                    })
                    .collect(),
                ..ImageConfig::default()
            },
            ..ImageAnalysis::default()
        };
        let result = lint_image(&analysis, &ImageLintOptions::default()).unwrap();
        assert!(
            result
                .findings
                .iter()
                .all(|finding| finding.code != "PL3006")
        );
    }

    #[test]
    fn every_rule_metadata_is_an_image_code() {
        for rule in IMAGE_RULES {
            let code = rule.meta().code;
            assert!(
                code.starts_with("PL3") || code.starts_with("PL4"),
                "{code}: image rules use PL3xxx or PL4xxx"
            );
        }
    }
}

/// Files under one directory of the final filesystem.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct DirectoryFiles {
    /// Regular files and hard links.
    pub files: u64,
    /// Sum of the sizes of the regular files.
    pub bytes: u64,
    /// Lowest 1-based layer of the entries.
    pub layer: usize,
}

/// Groups the entries of the final filesystem by the directory `directory_of` returns for
/// each path (or `None` to skip it), in path order. The directory's own entry counts toward
/// its layer, and regular files and hard links toward its file count.
pub(crate) fn group_by_directory(
    context: &ImageContext<'_>,
    directory_of: impl Fn(&str) -> Option<String>,
) -> std::collections::BTreeMap<String, DirectoryFiles> {
    use crate::image::analysis::EntryKind;

    let mut groups: std::collections::BTreeMap<String, DirectoryFiles> =
        std::collections::BTreeMap::new();
    for entry in &context.analysis.filesystem.entries {
        let Some(directory) = directory_of(&entry.path) else {
            continue;
        };
        let group = groups.entry(directory).or_insert(DirectoryFiles {
            layer: entry.layer,
            ..DirectoryFiles::default()
        });
        group.layer = group.layer.min(entry.layer);
        match entry.kind {
            EntryKind::File => {
                group.files += 1;
                group.bytes = group.bytes.saturating_add(entry.size);
            }
            EntryKind::Hardlink { .. } => group.files += 1,
            _ => {}
        }
    }
    groups
}

/// Returns the prefix of `path` up to and including its first component for which
/// `is_match` is true: `/app/.git` for `/app/.git/config` and `.git`.
pub(crate) fn prefix_through(path: &str, is_match: impl Fn(&str) -> bool) -> Option<String> {
    let mut end = 0;
    for component in path.split('/') {
        end += component.len();
        if !component.is_empty() && is_match(component) {
            return Some(path[..end].to_string());
        }
        end += 1;
    }
    None
}

/// The dockle configs and the crime-scene and slim configs kept as shared test data.
#[cfg(test)]
mod fixture_tests {
    use std::path::PathBuf;

    use super::*;
    use crate::rules::find_rule;

    fn shared_dir() -> Option<PathBuf> {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/images");
        if dir.is_dir() {
            Some(dir)
        } else {
            println!("skipped: {} is absent", dir.display());
            None
        }
    }

    fn lint_config(path: &std::path::Path) -> Vec<ImageFinding> {
        let bytes = std::fs::read(path).expect("the fixture is readable");
        let analysis = ImageAnalysis {
            config: ImageConfig::from_json(&bytes).expect("the fixture is a valid config"),
            ..ImageAnalysis::default()
        };
        lint_image(&analysis, &ImageLintOptions::default())
            .expect("the default options are valid")
            .findings
    }

    /// Returns the dockle codes of the findings, sorted, with repeats.
    fn dockle_codes(findings: &[ImageFinding]) -> Vec<&'static str> {
        let mut codes: Vec<&'static str> = findings
            .iter()
            .filter_map(|finding| {
                let meta = find_rule(finding.code)?;
                meta.aliases
                    .iter()
                    .copied()
                    .find(|alias| alias.starts_with("CIS-") || alias.starts_with("DKL-"))
            })
            .collect();
        codes.sort_unstable();
        codes
    }

    #[test]
    fn dockle_configs_give_dockle_codes() {
        let Some(shared) = shared_dir() else { return };
        let cases: [(&str, &[&str]); 5] = [
            ("root_default.json", &["CIS-DI-0001", "CIS-DI-0006"]),
            (
                "apk_cache.json",
                &["CIS-DI-0001", "CIS-DI-0006", "CIS-DI-0009", "DKL-DI-0004"],
            ),
            (
                "apt_update_upgrade.json",
                &["CIS-DI-0001", "CIS-DI-0006", "DKL-DI-0005"],
            ),
            (
                "add_with_arg_statement.json",
                &["CIS-DI-0001", "CIS-DI-0006"],
            ),
            (
                "multi_add.json",
                &["CIS-DI-0001", "CIS-DI-0006", "CIS-DI-0009", "CIS-DI-0009"],
            ),
        ];
        for (file, expected) in cases {
            let findings = lint_config(&shared.join("upstream/dockle").join(file));
            assert_eq!(dockle_codes(&findings), expected, "{file}: {findings:#?}");
        }
    }

    #[test]
    fn crime_scene_config_findings() {
        let Some(shared) = shared_dir() else { return };
        let findings = lint_config(&shared.join("crime-scene.config.json"));
        let found: Vec<(&str, String)> = findings
            .iter()
            .map(|finding| (finding.code, finding.location.label()))
            .collect();
        let expected = [
            ("PL3001", "config User"),
            ("PL3002", "config Healthcheck"),
            ("PL3003", "config Env DB_PASSWORD"),
        ];
        for (code, label) in expected {
            assert!(
                found.iter().any(|(c, l)| *c == code && l == label),
                "{code} at {label} missing: {found:?}"
            );
        }
        let history_codes: Vec<&str> = findings
            .iter()
            .filter(|finding| matches!(finding.location, ImageLocation::History { .. }))
            .map(|finding| finding.code)
            .collect();
        // apt lists kept by the install layer, `ADD . /app`, and pip's cache; the base
        // image's rootfs ADD is exempt and the ENV secret is reported once, on `Env`.
        assert_eq!(history_codes, ["PL3010", "PL3005", "PL3011"], "{found:?}");
    }

    /// Builds the crime-scene image from its config and the facts its build script recorded:
    /// layer sizes, setuid and setgid files, build tools and the junk directories. The
    /// facts list no other files, so this checks the filesystem rules on the files that
    /// matter, not on a full filesystem.
    fn crime_scene_from_facts(shared: &std::path::Path) -> ImageAnalysis {
        use crate::image::analysis::{EntryKind, FileEntry, LayerSummary};

        let facts: serde_json::Value = serde_json::from_slice(
            &std::fs::read(shared.join("crime-scene.facts.json")).expect("facts are readable"),
        )
        .expect("facts are JSON");
        let config_bytes = std::fs::read(shared.join("crime-scene.config.json")).unwrap();
        let mut analysis = ImageAnalysis {
            config: ImageConfig::from_json(&config_bytes).unwrap(),
            reference: Some("docker.io/library/hello-world-app:latest".to_string()),
            ..ImageAnalysis::default()
        };
        for layer in facts["layers"].as_array().unwrap() {
            analysis.layers.push(LayerSummary {
                index: layer["index"].as_u64().unwrap() as usize,
                media_type: layer["mediaType"].as_str().map(str::to_string),
                compressed_size: layer["compressed_size"].as_u64(),
                uncompressed_size: layer["uncompressed_size"].as_u64().unwrap(),
                regular_files: layer["regular_files"].as_u64().unwrap(),
                created_by: layer["created_by"].as_str().map(str::to_string),
                ..LayerSummary::default()
            });
        }
        let entry = |path: &str, kind: EntryKind, mode: u32, layer: usize| FileEntry {
            path: path.to_string(),
            kind,
            size: 1,
            mode,
            uid: 0,
            gid: 0,
            layer,
        };
        let entries = &mut analysis.filesystem.entries;
        for (key, mode) in [("setuid_files", 0o4755), ("setgid_files", 0o2755)] {
            for path in facts[key].as_array().unwrap() {
                entries.push(entry(path.as_str().unwrap(), EntryKind::File, mode, 1));
            }
        }
        for tool in facts["build_tools"].as_array().unwrap() {
            let kind = match tool["link"].as_str() {
                Some(target) => EntryKind::Symlink {
                    target: target.to_string(),
                },
                None => EntryKind::File,
            };
            entries.push(entry(tool["path"].as_str().unwrap(), kind, 0o755, 2));
        }
        for junk in facts["sensitive"].as_array().unwrap() {
            if !junk["visible_in_final"].as_bool().unwrap() {
                continue;
            }
            let path = junk["path"].as_str().unwrap();
            let layer = junk["layer"].as_u64().unwrap() as usize;
            if junk["files"].as_u64() == Some(1) && !path.ends_with("__pycache__") {
                entries.push(entry(path, EntryKind::File, 0o644, layer));
            } else {
                entries.push(entry(path, EntryKind::Dir, 0o755, layer));
                entries.push(entry(
                    &format!("{path}/file"),
                    EntryKind::File,
                    0o644,
                    layer,
                ));
            }
        }
        entries.push(entry("/app/Dockerfile", EntryKind::File, 0o644, 3));
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        analysis
    }

    #[test]
    fn crime_scene_filesystem_findings() {
        let Some(shared) = shared_dir() else { return };
        let analysis = crime_scene_from_facts(&shared);
        let options = ImageLintOptions {
            max_size: Some(100_000_000),
            ..ImageLintOptions::default()
        };
        let findings = lint_image(&analysis, &options).unwrap().findings;
        let of = |code: &str| -> Vec<String> {
            findings
                .iter()
                .filter(|finding| finding.code == code)
                .map(|finding| finding.location.label())
                .collect()
        };

        assert_eq!(
            of("PL4001").len(),
            11,
            "eight setuid and three setgid files"
        );
        assert_eq!(of("PL4002"), ["/app/.env"]);
        assert_eq!(of("PL4005"), ["/app/Dockerfile"]);
        assert_eq!(of("PL4006"), ["/app/.git"]);
        assert_eq!(of("PL4007"), ["/app/__pycache__"]);
        assert_eq!(of("PL4008"), ["/root/.cache/pip"]);
        assert_eq!(
            of("PL4009"),
            ["/usr/bin/cc", "/usr/bin/gcc", "/usr/bin/make"]
        );
        assert_eq!(of("PL4010"), ["image"], "102.56 MB is over 100 MB");
        assert_eq!(of("PL3012"), ["image"]);
        let healthcheck = findings.iter().find(|f| f.code == "PL3002").unwrap();
        assert!(
            healthcheck.message.contains("OCI-format"),
            "{}",
            healthcheck.message
        );
    }

    #[test]
    fn crime_scene_report_sizes() {
        let Some(shared) = shared_dir() else { return };
        let analysis = crime_scene_from_facts(&shared);
        let result = lint_image(&analysis, &ImageLintOptions::default()).unwrap();
        let report = crate::image::report::image_report("crime-scene", &analysis, &result);
        assert_eq!(report.metadata.uncompressed_size, Some(102_562_816));
        assert_eq!(report.metadata.compressed_size, Some(50_832_350));
        assert_eq!(report.metadata.layers.len(), 5);
        assert_eq!(report.metadata.layers[3].history_index, Some(6));
    }

    #[test]
    fn slim_config_passes() {
        let Some(shared) = shared_dir() else { return };
        let findings = lint_config(&shared.join("slim.config.json"));
        assert!(findings.is_empty(), "{findings:#?}");
    }
}
