//! The image part of the JSON report, and its text renderings: the findings, and a layer
//! table like `docker history`.

use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::analysis::{ImageAnalysis, WasteReason};
use super::rules::{ImageFinding, ImageLintResult, ImageLocation, human_bytes, is_sensitive_name};
use crate::diagnostic::Severity;
use crate::report::printable;

/// Number of wasted paths the report lists.
const LARGEST_WASTED_PATHS: usize = 10;

/// Width of the `created_by` column of the layer table, in characters.
const CREATED_BY_WIDTH: usize = 60;

/// Findings and facts of one image.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ImageReport {
    /// The path as the caller named the archive, layout or config file.
    pub path: String,
    /// True if a finding is at or above the failure threshold of the run.
    pub failed: bool,
    pub metadata: ImageMetadata,
    /// Findings ordered by location, then code.
    pub findings: Vec<ImageFindingReport>,
}

/// Facts about one image. Sizes are `null` when only the configuration was read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ImageMetadata {
    /// The normalised reference the image was selected or tagged by.
    pub reference: Option<String>,
    /// `sha256:` digest of the config blob, which is the image ID.
    pub config_digest: Option<String>,
    pub os: Option<String>,
    pub architecture: Option<String>,
    /// True if only the configuration was read, so there are no file or size facts.
    pub config_only: bool,
    /// Sum of the layer blobs as stored; `null` when a layer is kept only uncompressed.
    pub compressed_size: Option<u64>,
    /// Sum of the uncompressed layer tars, headers and padding included.
    pub uncompressed_size: Option<u64>,
    /// Layers, lowest first.
    pub layers: Vec<LayerReport>,
    /// Bytes of regular files that a later layer overwrites, deletes or hides. Unlike dive's
    /// figure, the copy that stays visible is not counted.
    pub wasted_bytes: Option<u64>,
    /// Number of hidden file copies counted in `wasted_bytes`.
    pub wasted_files: Option<u64>,
    /// The largest hidden copies, at most 10, largest first.
    pub largest_wasted: Vec<WastedPathReport>,
    /// dive's figures, with dive's formulas.
    pub dive: Option<DiveReport>,
}

/// One layer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LayerReport {
    /// 1-based, lowest first.
    pub index: usize,
    /// 0-based index of the history entry that made the layer.
    pub history_index: Option<usize>,
    pub created_by: Option<String>,
    pub compressed_size: Option<u64>,
    pub uncompressed_size: Option<u64>,
    /// Regular files in the layer.
    pub files: Option<u64>,
    /// Bytes of this layer's regular files that later layers hide.
    pub wasted_bytes: Option<u64>,
}

/// One hidden copy of a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct WastedPathReport {
    pub path: String,
    /// 1-based layer holding the hidden copy.
    pub layer: usize,
    pub size: u64,
    /// `overwritten`, `deleted` (by a whiteout) or `hidden` (by an opaque whiteout).
    pub reason: String,
    /// 1-based layer that hides it.
    pub by_layer: usize,
}

/// dive's figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DiveReport {
    /// Efficiency score between 0 and 1.
    pub efficiency: f64,
    /// dive's wasted bytes, which count the surviving copy of every path written twice.
    pub wasted_bytes: u64,
    /// dive's wasted bytes divided by the size of all layers but the first, as a fraction;
    /// `null` for an image of one layer.
    pub user_wasted_percent: Option<f64>,
    pub image_size: u64,
    pub user_size: u64,
}

/// One finding of an image rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ImageFindingReport {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub message: String,
    pub location: ImageLocation,
}

impl From<&ImageFinding> for ImageFindingReport {
    fn from(finding: &ImageFinding) -> Self {
        ImageFindingReport {
            code: finding.code.to_string(),
            name: finding.name.to_string(),
            severity: finding.severity,
            message: finding.message.clone(),
            location: finding.location.clone(),
        }
    }
}

/// Returns the report of the image read from `path`.
pub fn image_report(path: &str, analysis: &ImageAnalysis, result: &ImageLintResult) -> ImageReport {
    ImageReport {
        path: path.to_string(),
        failed: result.failed,
        metadata: metadata(analysis),
        findings: result
            .findings
            .iter()
            .map(ImageFindingReport::from)
            .collect(),
    }
}

fn metadata(analysis: &ImageAnalysis) -> ImageMetadata {
    let config = &analysis.config;
    let config_only = analysis.layers.is_empty();
    let layers = if config_only {
        layers_from_history(analysis)
    } else {
        layers_read(analysis)
    };
    let sum = |size: fn(&super::analysis::LayerSummary) -> Option<u64>| {
        analysis.layers.iter().try_fold(0u64, |total, layer| {
            Some(total.saturating_add(size(layer)?))
        })
    };
    let largest_wasted = analysis
        .waste
        .items
        .iter()
        .take(LARGEST_WASTED_PATHS)
        .map(|item| WastedPathReport {
            path: item.path.clone(),
            layer: item.layer,
            size: item.size,
            reason: match item.reason {
                WasteReason::Overwritten => "overwritten",
                WasteReason::Deleted { .. } => "deleted",
                WasteReason::Hidden { .. } => "hidden",
            }
            .to_string(),
            by_layer: item.by_layer,
        })
        .collect();
    let dive = &analysis.dive;

    ImageMetadata {
        reference: analysis.reference.clone(),
        config_digest: analysis.config_digest.clone(),
        os: config.os.clone(),
        architecture: config.architecture.clone(),
        config_only,
        compressed_size: (!config_only)
            .then(|| sum(|layer| layer.compressed_size))
            .flatten(),
        uncompressed_size: (!config_only)
            .then(|| sum(|layer| Some(layer.uncompressed_size)))
            .flatten(),
        layers,
        wasted_bytes: (!config_only).then_some(analysis.waste.bytes),
        wasted_files: (!config_only).then_some(analysis.waste.files),
        largest_wasted,
        dive: (!config_only).then(|| DiveReport {
            efficiency: dive.efficiency,
            wasted_bytes: dive.wasted_bytes,
            user_wasted_percent: (dive.user_size > 0 && dive.user_wasted_percent.is_finite())
                .then_some(dive.user_wasted_percent),
            image_size: dive.image_size,
            user_size: dive.user_size,
        }),
    }
}

/// Returns the 0-based history indexes of the entries that made layers, lowest first.
fn layer_history_indexes(analysis: &ImageAnalysis) -> Vec<usize> {
    analysis
        .config
        .history
        .iter()
        .enumerate()
        .filter(|(_, entry)| !entry.empty_layer)
        .map(|(index, _)| index)
        .collect()
}

fn layers_read(analysis: &ImageAnalysis) -> Vec<LayerReport> {
    let history = layer_history_indexes(analysis);
    analysis
        .layers
        .iter()
        .map(|layer| LayerReport {
            index: layer.index,
            history_index: layer
                .index
                .checked_sub(1)
                .and_then(|at| history.get(at).copied()),
            created_by: layer.created_by.as_deref().map(redact_secrets),
            compressed_size: layer.compressed_size,
            uncompressed_size: Some(layer.uncompressed_size),
            files: Some(layer.regular_files),
            wasted_bytes: Some(layer.wasted_bytes),
        })
        .collect()
}

/// Lists the layers a bare config records: one per history entry that made a layer.
fn layers_from_history(analysis: &ImageAnalysis) -> Vec<LayerReport> {
    let history = &analysis.config.history;
    layer_history_indexes(analysis)
        .into_iter()
        .enumerate()
        .map(|(at, history_index)| LayerReport {
            index: at + 1,
            history_index: Some(history_index),
            created_by: history[history_index]
                .created_by
                .as_deref()
                .map(redact_secrets),
            compressed_size: None,
            uncompressed_size: None,
            files: None,
            wasted_bytes: None,
        })
        .collect()
}

/// Replaces the value of every blank-separated `NAME=value` word whose name looks like a
/// secret with `***`, so that build arguments recorded in `created_by` are not shown.
///
/// NOTE: a quoted value with blanks in it is only masked up to its first blank.
fn redact_secrets(created_by: &str) -> String {
    let mut redacted = String::with_capacity(created_by.len());
    for (at, word) in created_by.split(' ').enumerate() {
        if at > 0 {
            redacted.push(' ');
        }
        match word.split_once('=') {
            Some((name, value)) if !value.is_empty() && is_sensitive_name(name) => {
                redacted.push_str(name);
                redacted.push_str("=***");
            }
            _ => redacted.push_str(word),
        }
    }
    redacted
}

/// Renders an image's findings for a terminal: a summary line, then one line per finding,
/// `PATH: LOCATION: CODE severity: message`. Text from the image is shown with control
/// characters replaced, so that it cannot send escape sequences to the terminal.
pub fn render_image_text(report: &ImageReport, color: bool) -> String {
    let path = printable(&report.path);
    let mut out = String::new();
    let _ = writeln!(out, "{path}: {}", summary(&report.metadata));
    for finding in &report.findings {
        let severity = format!("{}:", finding.severity);
        let (code, severity) = if color {
            let style = match finding.severity {
                Severity::Error => "1;31",
                Severity::Warning => "1;33",
                Severity::Info => "1;36",
                Severity::Style => "1;35",
            };
            (
                format!("\x1b[{style}m{}\x1b[0m", finding.code),
                format!("\x1b[{style}m{severity}\x1b[0m"),
            )
        } else {
            (finding.code.clone(), severity)
        };
        let _ = writeln!(
            out,
            "{path}: {}: {code} {severity} {}",
            printable(&finding.location.label()),
            printable(&finding.message)
        );
    }
    out
}

/// Returns one line of facts: reference, digest, platform, layers, sizes, waste.
fn summary(metadata: &ImageMetadata) -> String {
    let mut parts = Vec::new();
    if let Some(reference) = &metadata.reference {
        parts.push(reference.clone());
    }
    if let Some(digest) = &metadata.config_digest {
        parts.push(digest.chars().take(19).collect());
    }
    if let (Some(os), Some(architecture)) = (&metadata.os, &metadata.architecture) {
        parts.push(format!("{os}/{architecture}"));
    }
    parts.push(match metadata.layers.len() {
        1 => "1 layer".to_string(),
        count => format!("{count} layers"),
    });
    if let Some(size) = metadata.uncompressed_size {
        parts.push(format!("{} uncompressed", human_bytes(size)));
    }
    if let Some(size) = metadata.compressed_size {
        parts.push(format!("{} compressed", human_bytes(size)));
    }
    if let Some(wasted) = metadata.wasted_bytes {
        parts.push(format!("{} wasted", human_bytes(wasted)));
    }
    if let Some(dive) = &metadata.dive {
        parts.push(format!("efficiency {:.2}%", dive.efficiency * 100.0));
    }
    if metadata.config_only {
        parts.push("configuration only".to_string());
    }
    printable(&parts.join(", "))
}

/// Renders the layer table, like `docker history` but lowest layer first:
///
/// ```text
/// LAYER  SIZE       FILES  WASTED     CREATED BY
/// 1      77.88 MB   3258   0 B        /bin/sh -c #(nop) ADD file:f837965a67204a8e632f…
/// ```
pub fn render_layers(report: &ImageReport) -> String {
    let unknown = || "-".to_string();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<6} {:<10} {:<6} {:<10} CREATED BY",
        "LAYER", "SIZE", "FILES", "WASTED"
    );
    for layer in &report.metadata.layers {
        let created_by = layer
            .created_by
            .as_deref()
            .map_or_else(unknown, |text| shorten(&printable(text), CREATED_BY_WIDTH));
        let _ = writeln!(
            out,
            "{:<6} {:<10} {:<6} {:<10} {created_by}",
            layer.index,
            layer.uncompressed_size.map_or_else(unknown, human_bytes),
            layer.files.map_or_else(unknown, |files| files.to_string()),
            layer.wasted_bytes.map_or_else(unknown, human_bytes),
        );
    }
    out
}

/// Cuts `text` to `width` characters, ending with `…` when cut.
fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut short: String = text.chars().take(width.saturating_sub(1)).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::analysis::{LayerSummary, Waste, WastedFile};
    use crate::image::config::ImageConfig;
    use crate::image::rules::{ImageLintOptions, lint_image};

    fn archive_image() -> ImageAnalysis {
        let config = ImageConfig::from_json(
            br#"{"os": "linux", "architecture": "amd64",
                "history": [{"created_by": "COPY rootfs / # buildkit"},
                            {"created_by": "ENV A=1", "empty_layer": true},
                            {"created_by": "RUN /bin/sh -c rm /big\u001b[2J # buildkit"}]}"#,
        )
        .unwrap();
        let items = (0..12)
            .map(|n| WastedFile {
                path: format!("/big{n}"),
                layer: 1,
                size: 1_000 - n,
                reason: WasteReason::Deleted {
                    whiteout: format!("/.wh.big{n}"),
                },
                by_layer: 2,
            })
            .collect();
        ImageAnalysis {
            reference: Some("docker.io/library/x:1".to_string()),
            config_digest: Some("sha256:0123456789abcdef".to_string()),
            config,
            layers: vec![
                LayerSummary {
                    index: 1,
                    compressed_size: Some(400),
                    uncompressed_size: 2_048,
                    regular_files: 12,
                    created_by: Some("COPY rootfs / # buildkit".to_string()),
                    wasted_bytes: 11_934,
                    ..LayerSummary::default()
                },
                LayerSummary {
                    index: 2,
                    compressed_size: None,
                    uncompressed_size: 1_024,
                    created_by: Some("RUN /bin/sh -c rm /big\u{1b}[2J # buildkit".to_string()),
                    ..LayerSummary::default()
                },
            ],
            waste: Waste {
                bytes: 11_934,
                files: 12,
                items,
                ..Waste::default()
            },
            ..ImageAnalysis::default()
        }
    }

    fn report_of(analysis: &ImageAnalysis) -> ImageReport {
        let result = lint_image(analysis, &ImageLintOptions::default()).unwrap();
        image_report("x.tar", analysis, &result)
    }

    #[test]
    fn metadata_of_archive() {
        let report = report_of(&archive_image());
        let metadata = &report.metadata;
        assert!(!metadata.config_only);
        assert_eq!(metadata.uncompressed_size, Some(3_072));
        assert_eq!(metadata.compressed_size, None, "layer 2 has no blob size");
        assert_eq!(metadata.wasted_bytes, Some(11_934));
        assert_eq!(metadata.largest_wasted.len(), 10);
        assert_eq!(metadata.largest_wasted[0].reason, "deleted");
        assert_eq!(metadata.layers[1].history_index, Some(2));
        assert_eq!(metadata.dive.as_ref().unwrap().user_wasted_percent, None);
    }

    #[test]
    fn metadata_of_config_only() {
        let analysis = ImageAnalysis {
            config: archive_image().config,
            ..ImageAnalysis::default()
        };
        let metadata = report_of(&analysis).metadata;
        assert!(metadata.config_only);
        assert_eq!(metadata.uncompressed_size, None);
        assert_eq!(metadata.dive, None);
        assert_eq!(metadata.layers.len(), 2);
        assert_eq!(metadata.layers[1].history_index, Some(2));
        assert_eq!(metadata.layers[1].files, None);
    }

    #[test]
    fn text_lists_findings_after_summary() {
        let text = render_image_text(&report_of(&archive_image()), false);
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some(
                "x.tar: docker.io/library/x:1, sha256:0123456789ab, linux/amd64, 2 layers, \
                 3.07 kB uncompressed, 11.93 kB wasted, efficiency 0.00%"
            )
        );
        assert!(
            text.contains("x.tar: config User: PL3001 warning: the image runs as root"),
            "{text}"
        );
    }

    #[test]
    fn created_by_secrets_are_masked() {
        assert_eq!(
            redact_secrets("|2 NPM_TOKEN=abc V=1 /bin/sh -c npm ci  # x=1"),
            "|2 NPM_TOKEN=*** V=1 /bin/sh -c npm ci  # x=1"
        );
        assert_eq!(redact_secrets("RUN make KEY="), "RUN make KEY=");
    }

    #[test]
    fn layer_table_escapes_and_shortens() {
        let table = render_layers(&report_of(&archive_image()));
        assert!(!table.contains('\u{1b}'), "{table}");
        assert!(table.contains("rm /big\u{241b}[2J"), "{table}");
        assert!(
            table
                .lines()
                .nth(1)
                .unwrap()
                .starts_with("1      2.05 kB    12")
        );
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
    }
}
