//! Helpers for the pass/fail cases inside image rule files.

use super::{ImageFinding, ImageLintOptions, ImageLocation, lint_image};
use crate::image::analysis::{EntryKind, FileEntry, ImageAnalysis, LayerSummary};
use crate::image::config::{HistoryEntry, ImageConfig};

/// Runs only rule `code` over `analysis` and returns its findings.
pub fn findings(code: &str, analysis: &ImageAnalysis) -> Vec<ImageFinding> {
    findings_with(code, analysis, ImageLintOptions::default())
}

/// Like [`findings`], with options.
pub fn findings_with(
    code: &str,
    analysis: &ImageAnalysis,
    mut options: ImageLintOptions,
) -> Vec<ImageFinding> {
    options.select = vec![code.to_string()];
    lint_image(analysis, &options)
        .expect("the options are valid")
        .findings
}

/// Returns the locations of the findings of rule `code`.
pub fn locations(code: &str, analysis: &ImageAnalysis) -> Vec<ImageLocation> {
    findings(code, analysis)
        .into_iter()
        .map(|finding| finding.location)
        .collect()
}

/// Returns an image read from a config blob given as JSON.
pub fn from_config(json: &str) -> ImageAnalysis {
    ImageAnalysis {
        config: ImageConfig::from_json(json.as_bytes()).expect("the test config is valid"),
        ..ImageAnalysis::default()
    }
}

/// Returns a config-only image whose history has these `created_by` values, each making a layer.
pub fn with_history(created_by: &[&str]) -> ImageAnalysis {
    let history = created_by
        .iter()
        .map(|text| HistoryEntry {
            created_by: Some(text.to_string()),
            ..HistoryEntry::default()
        })
        .collect();
    ImageAnalysis {
        config: ImageConfig {
            history,
            ..ImageConfig::default()
        },
        ..ImageAnalysis::default()
    }
}

/// Returns a regular file of `size` bytes with `mode`, from layer 1.
pub fn file(path: &str, size: u64, mode: u32) -> FileEntry {
    FileEntry {
        path: path.to_string(),
        kind: EntryKind::File,
        size,
        mode,
        uid: 0,
        gid: 0,
        layer: 1,
    }
}

/// Returns a directory from layer 1.
pub fn dir(path: &str) -> FileEntry {
    FileEntry {
        kind: EntryKind::Dir,
        ..file(path, 0, 0o755)
    }
}

/// Returns a symbolic link from layer 1.
pub fn symlink(path: &str, target: &str) -> FileEntry {
    FileEntry {
        kind: EntryKind::Symlink {
            target: target.to_string(),
        },
        ..file(path, 0, 0o777)
    }
}

/// Returns an image of one layer whose final filesystem has `entries` and the small files
/// `contents`.
pub fn with_files(entries: Vec<FileEntry>, contents: &[(&str, &str)]) -> ImageAnalysis {
    let mut analysis = ImageAnalysis {
        layers: vec![LayerSummary {
            index: 1,
            ..LayerSummary::default()
        }],
        ..ImageAnalysis::default()
    };
    analysis.filesystem.entries = entries;
    analysis
        .filesystem
        .entries
        .sort_by(|a, b| a.path.cmp(&b.path));
    for (path, text) in contents {
        analysis
            .filesystem
            .contents
            .insert(path.to_string(), text.as_bytes().to_vec());
    }
    analysis
}
