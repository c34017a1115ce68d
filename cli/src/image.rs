//! `plimsoll image`: lints built images (archives, OCI layouts, config files) and prints the
//! findings, the image facts and optionally the layer table.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use clap::{Args, ValueEnum};
use plimsoll::Severity;
use plimsoll::api::read_image;
use plimsoll::formats::{Format as OutputFormat, RenderOptions, artifacts_from_images, render};
use plimsoll::image::ImageOptions;
use plimsoll::image::report::{ImageReport, image_report, render_image_text, render_layers};
use plimsoll::image::rules::size::{is_disabled, parse_fraction, parse_size};
use plimsoll::image::rules::{DiveThresholds, ImageLintOptions, lint_image};
use plimsoll::report::Report;
use yaml_rust2::parser::{Event, EventReceiver, Parser};
use yaml_rust2::{Yaml, YamlLoader};

use crate::Status;
use crate::lint::{base_directory, fails_on_findings};
use crate::output::{ColorChoice, Format, print, print_error, print_stderr};
use crate::suggest::lookup_rule;

/// Archives at least this large get a progress bar when standard error is a terminal.
const PROGRESS_MIN_BYTES: u64 = 100_000_000;

#[derive(Debug, Args)]
pub struct ImageArgs {
    /// Images to lint: `docker save` or OCI archives, OCI layout directories, or image
    /// config and `docker inspect` JSON files.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,

    /// Image to read from an archive that contains several: a tag such as `app:1`, or `#N` for
    /// the N-th image, counted from 0.
    #[arg(long, value_name = "TAG|#N")]
    image: Option<String>,

    /// Platform to read from an index that contains several, as `os/arch[/variant]`.
    #[arg(long, value_name = "OS/ARCH")]
    platform: Option<String>,

    /// Output format: findings for a reader, or the versioned JSON report.
    #[arg(short = 'f', long, value_enum, default_value_t = Format(OutputFormat::Text))]
    format: Format,

    /// Largest uncompressed image size that passes, such as `100MB` (10^6 bytes) or
    /// `1GiB` (2^30 bytes).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    max_size: Option<u64>,

    /// dive CI rule file (`.dive-ci`, YAML with a `rules:` map). Its thresholds apply on top
    /// of dive's defaults; the options below override them.
    #[arg(long, value_name = "PATH")]
    ci_config: Option<PathBuf>,

    /// Lowest dive efficiency score that passes, from 0 to 1, or `disabled`.
    #[arg(long, value_name = "FRACTION", value_parser = parse_fraction_option)]
    lowest_efficiency: Option<Threshold<f64>>,

    /// Most wasted bytes, as dive counts them, that pass, such as `20MB`, or `disabled`.
    #[arg(long, value_name = "SIZE", value_parser = parse_size_option)]
    highest_wasted_bytes: Option<Threshold<u64>>,

    /// Largest share of dive's wasted bytes in the layers above the first that passes, from
    /// 0 to 1, or `disabled`.
    #[arg(long, value_name = "FRACTION", value_parser = parse_fraction_option)]
    highest_user_wasted_percent: Option<Threshold<f64>>,

    /// Rule to turn off, by code, name or alias (such as `CIS-DI-0006`). Repeatable, and
    /// accepts a comma-separated list.
    #[arg(long, value_name = "CODE", value_delimiter = ',', value_parser = parse_rule_code)]
    ignore: Vec<String>,

    /// Lowest severity that makes the exit status 1. `none` never fails on findings.
    #[arg(short = 't', long, value_enum, value_name = "SEVERITY", default_value_t = FailureThreshold::Info)]
    failure_threshold: FailureThreshold,

    /// Print a table of the layers: index, uncompressed size, files, wasted bytes and the
    /// instruction that made each.
    #[arg(long)]
    layers: bool,
}

/// A threshold option's value: a limit, or `disabled`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Threshold<T> {
    Limit(T),
    Disabled,
}

impl<T> Threshold<T> {
    fn limit(self) -> Option<T> {
        match self {
            Threshold::Limit(value) => Some(value),
            Threshold::Disabled => None,
        }
    }
}

fn parse_fraction_option(text: &str) -> Result<Threshold<f64>, String> {
    if is_disabled(text) {
        return Ok(Threshold::Disabled);
    }
    parse_fraction(text).map(Threshold::Limit)
}

fn parse_size_option(text: &str) -> Result<Threshold<u64>, String> {
    if is_disabled(text) {
        return Ok(Threshold::Disabled);
    }
    parse_size(text).map(Threshold::Limit)
}

fn parse_rule_code(code: &str) -> Result<String, String> {
    let code = code.trim();
    if code.is_empty() {
        return Err("empty rule code in the list: remove the extra comma".to_string());
    }
    lookup_rule(code).map(|meta| meta.code.to_string())
}

/// The `--failure-threshold` option.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailureThreshold {
    Error,
    Warning,
    Info,
    /// hadolint's `ignore` is accepted here, as for `plimsoll lint`: every finding fails.
    #[value(alias = "ignore")]
    Style,
    None,
}

impl FailureThreshold {
    fn severity(self) -> Option<Severity> {
        match self {
            FailureThreshold::Error => Some(Severity::Error),
            FailureThreshold::Warning => Some(Severity::Warning),
            FailureThreshold::Info => Some(Severity::Info),
            FailureThreshold::Style => Some(Severity::Style),
            FailureThreshold::None => None,
        }
    }
}

/// Reads the thresholds of a `.dive-ci` file: dive's defaults, replaced by the values of its
/// `rules:` map. Keys are dive's camelCase names (`lowestEfficiency`) or the kebab-case names
/// of dive's newer configuration (`lowest-efficiency`); other keys are ignored.
pub fn read_dive_ci(text: &str) -> Result<DiveThresholds, String> {
    let nodes = expanded_nodes(text);
    if nodes > MAX_YAML_NODES {
        return Err(format!(
            "the YAML expands to more than {MAX_YAML_NODES} values through its aliases, far \
             more than a `.dive-ci` file holds"
        ));
    }
    let documents =
        YamlLoader::load_from_str(text).map_err(|error| format!("invalid YAML: {error}"))?;
    let mut thresholds = DiveThresholds::DIVE_DEFAULTS;
    let Some(document) = documents.first() else {
        return Ok(thresholds);
    };
    let rules = &document["rules"];
    if rules.is_badvalue() || rules.is_null() {
        return Ok(thresholds);
    }
    if rules.as_hash().is_none() {
        return Err("`rules` must be a map of rule names to thresholds".to_string());
    }

    let value = |camel: &str, kebab: &str| -> Result<Option<String>, String> {
        let node = [camel, kebab]
            .into_iter()
            .map(|key| &rules[key])
            .find(|node| !node.is_badvalue());
        match node {
            None => Ok(None),
            Some(Yaml::Real(text) | Yaml::String(text)) => Ok(Some(text.clone())),
            Some(Yaml::Integer(number)) => Ok(Some(number.to_string())),
            Some(Yaml::Boolean(flag)) => Ok(Some(flag.to_string())),
            Some(Yaml::Null) => Ok(Some(String::new())),
            Some(_) => Err(format!("`{camel}` must be a number or a string")),
        }
    };
    fn with_key(key: &'static str) -> impl Fn(String) -> String {
        move |message| format!("`{key}`: {message}")
    }

    if let Some(text) = value("lowestEfficiency", "lowest-efficiency")? {
        thresholds.lowest_efficiency = parse_fraction_option(&text)
            .map_err(with_key("lowestEfficiency"))?
            .limit();
    }
    if let Some(text) = value("highestWastedBytes", "highest-wasted-bytes")? {
        thresholds.highest_wasted_bytes = parse_size_option(&text)
            .map_err(with_key("highestWastedBytes"))?
            .limit();
    }
    if let Some(text) = value("highestUserWastedPercent", "highest-user-wasted-percent")? {
        thresholds.highest_user_wasted_percent = parse_fraction_option(&text)
            .map_err(with_key("highestUserWastedPercent"))?
            .limit();
    }
    Ok(thresholds)
}

/// Most values a `.dive-ci` file may expand to. Loading copies the value an alias names, so a
/// few lines of nested aliases would otherwise take gigabytes.
const MAX_YAML_NODES: u64 = 100_000;

/// Counts the values a YAML text contains once every alias is replaced by what it names. Text
/// that does not parse counts what was read; the loader then reports the error.
fn expanded_nodes(text: &str) -> u64 {
    #[derive(Default)]
    struct Counter {
        nodes: u64,
        /// Values under each anchor, by anchor id.
        anchored: std::collections::HashMap<usize, u64>,
        /// The anchor and the count at the start of each open sequence or mapping.
        open: Vec<(usize, u64)>,
    }
    impl EventReceiver for Counter {
        fn on_event(&mut self, event: Event) {
            match event {
                Event::Scalar(_, _, anchor, _) => {
                    self.nodes = self.nodes.saturating_add(1);
                    if anchor > 0 {
                        self.anchored.insert(anchor, 1);
                    }
                }
                Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                    self.open.push((anchor, self.nodes));
                    self.nodes = self.nodes.saturating_add(1);
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    if let Some((anchor, start)) = self.open.pop()
                        && anchor > 0
                    {
                        self.anchored.insert(anchor, self.nodes - start);
                    }
                }
                Event::Alias(anchor) => {
                    let size = self.anchored.get(&anchor).copied().unwrap_or(1);
                    self.nodes = self.nodes.saturating_add(size);
                }
                _ => {}
            }
        }
    }
    let mut counter = Counter::default();
    let _ = Parser::new_from_str(text).load(&mut counter, true);
    counter.nodes
}

/// Returns the dive thresholds of the run: the `.dive-ci` file's, if given, then the
/// options.
fn dive_thresholds(args: &ImageArgs) -> Result<DiveThresholds, String> {
    let mut thresholds = match &args.ci_config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|error| format!("failed to read `{}`: {error}", path.display()))?;
            read_dive_ci(&text).map_err(|message| format!("`{}`: {message}", path.display()))?
        }
        None => DiveThresholds::default(),
    };
    if let Some(value) = args.lowest_efficiency {
        thresholds.lowest_efficiency = value.limit();
    }
    if let Some(value) = args.highest_wasted_bytes {
        thresholds.highest_wasted_bytes = value.limit();
    }
    if let Some(value) = args.highest_user_wasted_percent {
        thresholds.highest_user_wasted_percent = value.limit();
    }
    Ok(thresholds)
}

/// Draws a progress bar on standard error for large archives.
struct ProgressBar {
    /// Last percentage drawn plus one; 0 before the first draw.
    drawn: AtomicU64,
}

impl ProgressBar {
    fn update(&self, read: u64, total: u64) {
        if total < PROGRESS_MIN_BYTES {
            return;
        }
        let percent = (read.min(total) as u128 * 100 / total as u128) as u64;
        if self.drawn.swap(percent + 1, Ordering::Relaxed) == percent + 1 {
            return;
        }
        let filled = (percent / 5) as usize;
        print_stderr(&format!(
            "\r[{}{}] {percent:>3}% of {:.1} MB",
            "#".repeat(filled),
            " ".repeat(20 - filled),
            total as f64 / 1e6
        ));
    }

    fn finish(&self) {
        if self.drawn.load(Ordering::Relaxed) > 0 {
            // Erase the bar's line.
            print_stderr("\r\x1b[K");
            let _ = std::io::stderr().flush();
        }
    }
}

/// Reads and lints one image. The error message names the path.
fn lint_one(
    path: &Path,
    args: &ImageArgs,
    options: &ImageLintOptions,
    show_progress: bool,
) -> Result<ImageReport, String> {
    let bar = ProgressBar {
        drawn: AtomicU64::new(0),
    };
    let draw = |progress: plimsoll::image::Progress| bar.update(progress.read, progress.total);
    let image_options = ImageOptions {
        image: args.image.clone(),
        platform: args.platform.clone(),
        progress: show_progress.then_some(&draw as &(dyn Fn(plimsoll::image::Progress) + Sync)),
        ..ImageOptions::default()
    };
    let analysis = read_image(path, &image_options);
    bar.finish();
    let analysis =
        analysis.map_err(|error| format!("failed to read image `{}`: {error}", path.display()))?;
    let result = lint_image(&analysis, options)
        .map_err(|error| format!("failed to lint `{}`: {error}", path.display()))?;
    Ok(image_report(
        &path.display().to_string(),
        &analysis,
        &result,
    ))
}

/// Lints every image, prints the findings and returns the exit status.
///
/// An image that cannot be read is reported on standard error and the others are still
/// linted; the status is then 2.
pub fn run(args: ImageArgs, color: ColorChoice) -> Status {
    let dive = match dive_thresholds(&args) {
        Ok(dive) => dive,
        Err(message) => {
            print_error(&message);
            return Status::Error;
        }
    };
    let options = ImageLintOptions {
        ignore: args.ignore.clone(),
        failure_threshold: args.failure_threshold.severity(),
        max_size: args.max_size,
        dive,
        ..ImageLintOptions::default()
    };
    let show_progress = std::io::stderr().is_terminal();
    let text_color = color.for_stdout();

    let mut status = Status::Success;
    let mut reports = Vec::new();
    for path in &args.paths {
        match lint_one(path, &args, &options, show_progress) {
            Ok(report) => reports.push(report),
            Err(message) => {
                print_error(&message);
                status = Status::Error;
            }
        }
    }
    if reports.iter().any(|report| report.failed) && fails_on_findings(args.format.0) {
        status = status.max(Status::Findings);
    }

    let rendered = match args.format.0 {
        OutputFormat::Text => {
            let mut text = String::new();
            for report in &reports {
                text.push_str(&render_image_text(report, text_color));
                if args.layers {
                    text.push('\n');
                    text.push_str(&render_layers(report));
                }
            }
            text
        }
        OutputFormat::Json => Report::of_images(reports).to_json() + "\n",
        format => {
            let options = RenderOptions {
                base_directory: base_directory(),
                color: text_color,
            };
            render(format, &artifacts_from_images(&reports), &options).unwrap_or_default()
        }
    };
    if let Err(message) = print(&rendered) {
        print_error(&message);
        return Status::Error;
    }
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dive_ci_file_replaces_defaults() {
        let text = "plugins:\n  - plugin1\nrules:\n  lowestEfficiency: 0.95\n  \
                    highestWastedBytes: 20Mb\n  highestUserWastedPercent: 0.5\n  \
                    plugin1/rule1: error\n";
        let thresholds = read_dive_ci(text).unwrap();
        assert_eq!(thresholds.lowest_efficiency, Some(0.95));
        assert_eq!(thresholds.highest_wasted_bytes, Some(20_000_000));
        assert_eq!(thresholds.highest_user_wasted_percent, Some(0.5));
    }

    #[test]
    fn dive_ci_missing_keys_keep_dive_defaults() {
        let thresholds = read_dive_ci("rules:\n  highest-wasted-bytes: 1000\n").unwrap();
        assert_eq!(thresholds.lowest_efficiency, Some(0.9));
        assert_eq!(thresholds.highest_wasted_bytes, Some(1_000));
        assert_eq!(thresholds.highest_user_wasted_percent, Some(0.1));
        assert_eq!(read_dive_ci("").unwrap(), DiveThresholds::DIVE_DEFAULTS);
    }

    #[test]
    fn dive_ci_disabled_values() {
        let text = "rules:\n  lowestEfficiency: disabled\n  highestUserWastedPercent: false\n  \
                    highestWastedBytes: \"\"\n";
        let thresholds = read_dive_ci(text).unwrap();
        assert_eq!(thresholds, DiveThresholds::default());
    }

    #[test]
    fn dive_ci_invalid_values() {
        assert!(read_dive_ci("rules:\n  lowestEfficiency: 95\n").is_err());
        assert!(read_dive_ci("rules:\n  highestWastedBytes: lots\n").is_err());
        assert!(read_dive_ci("rules: [1, 2]\n").is_err());
        assert!(read_dive_ci("rules:\n  lowestEfficiency: [0.9]\n").is_err());
        assert!(read_dive_ci("rules: {\n").is_err());
    }

    #[test]
    fn dive_ci_alias_bombs_are_refused() {
        // Eight levels of nine aliases each: 43 million values once expanded.
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for level in 1..8 {
            let previous = format!("*a{}", level - 1);
            let items = [previous.as_str(); 9].join(", ");
            text.push_str(&format!("a{level}: &a{level} [{items}]\n"));
        }
        text.push_str("rules:\n  lowestEfficiency: 0.5\n");
        let message = read_dive_ci(&text).unwrap_err();
        assert!(message.contains("aliases"), "{message}");
        let small = "base: &base 0.5\nrules:\n  lowestEfficiency: *base\n";
        assert_eq!(read_dive_ci(small).unwrap().lowest_efficiency, Some(0.5));
    }

    #[test]
    fn threshold_options() {
        assert_eq!(parse_fraction_option("0.5"), Ok(Threshold::Limit(0.5)));
        assert_eq!(parse_fraction_option("off"), Ok(Threshold::Disabled));
        assert!(parse_fraction_option("2").is_err());
        assert_eq!(parse_size_option("1kB"), Ok(Threshold::Limit(1_000)));
        assert_eq!(parse_size_option("disabled"), Ok(Threshold::Disabled));
    }

    #[test]
    fn progress_bar_skips_small_archives() {
        let bar = ProgressBar {
            drawn: AtomicU64::new(0),
        };
        bar.update(10, PROGRESS_MIN_BYTES - 1);
        assert_eq!(bar.drawn.load(Ordering::Relaxed), 0);
        bar.update(PROGRESS_MIN_BYTES, PROGRESS_MIN_BYTES * 2);
        assert_eq!(bar.drawn.load(Ordering::Relaxed), 51);
    }
}
