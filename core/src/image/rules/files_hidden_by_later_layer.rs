use std::collections::BTreeMap;

use super::{ImageContext, ImageFinding, ImageLocation, ImageRule, human_bytes};
use crate::image::analysis::WastedFile;
use crate::rules::{RuleMeta, declare_rule};

/// Hidden copies smaller than this, counted per pair of layers, are not reported: a later step
/// that rewrites a few configuration files wastes little, and a report of it would be noise.
const MIN_REPORTED_BYTES: u64 = 1_000_000;

declare_rule! {
    /// ## What it does
    /// Reports a layer whose files a later layer deletes with a whiteout, hides with an opaque
    /// whiteout or overwrites, when the hidden copies of that pair of layers come to 1 MB or
    /// more. The finding names the layer that added the files, the layer that hides them, and
    /// the largest hidden file.
    ///
    /// Only copies that no container can see are counted, so the surviving copy of an
    /// overwritten file is not waste. This is the report's `wasted_bytes`, not dive's figure.
    ///
    /// ## Why is this bad?
    /// Deleting a file in a later layer does not make the image smaller. The bytes still ship
    /// in the lower layer, and every pull downloads and stores them.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y python3
    /// RUN rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y python3 && rm -rf /var/lib/apt/lists/*
    /// ```
    pub FilesHiddenByLaterLayer {
        code: "PL4014",
        name: "files-hidden-by-later-layer",
        severity: Warning,
    }
}

impl ImageRule for FilesHiddenByLaterLayer {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        let mut pairs: BTreeMap<(usize, usize), Vec<&WastedFile>> = BTreeMap::new();
        for item in &context.analysis.waste.items {
            pairs
                .entry((item.layer, item.by_layer))
                .or_default()
                .push(item);
        }

        for ((layer, by_layer), items) in pairs {
            let bytes: u64 = items.iter().map(|item| item.size).sum();
            if bytes < MIN_REPORTED_BYTES {
                continue;
            }
            let Some(largest) = items.iter().max_by_key(|item| (item.size, &item.path)) else {
                continue;
            };
            let files = if items.len() == 1 { "file" } else { "files" };
            out.push(ImageFinding::new(
                &Self::META,
                ImageLocation::Layer { index: layer },
                format!(
                    "{} in {} {files} of this layer are hidden by layer {by_layer} and still \
                     ship (largest: `{}`, {}); remove them in the step that creates them",
                    human_bytes(bytes),
                    items.len(),
                    largest.path,
                    human_bytes(largest.size)
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{findings, with_files};
    use crate::image::analysis::{WasteReason, WastedFile};
    use crate::image::rules::ImageLocation;

    fn wasted(path: &str, layer: usize, size: u64, by_layer: usize) -> WastedFile {
        WastedFile {
            path: path.to_string(),
            layer,
            size,
            reason: WasteReason::Deleted {
                whiteout: format!("{path}.wh"),
            },
            by_layer,
        }
    }

    #[test]
    fn large_hidden_files_fail() {
        let mut analysis = with_files(Vec::new(), &[]);
        analysis.waste.items = vec![
            wasted("/var/lib/apt/lists/a", 2, 900_000, 5),
            wasted("/var/lib/apt/lists/b", 2, 200_000, 5),
            wasted("/etc/motd", 1, 10, 3),
        ];

        let found = findings("PL4014", &analysis);

        assert_eq!(found.len(), 1);
        assert_eq!(found[0].location, ImageLocation::Layer { index: 2 });
        assert!(
            found[0].message.contains("/var/lib/apt/lists/a"),
            "{}",
            found[0].message
        );
        assert!(found[0].message.contains("layer 5"), "{}", found[0].message);
    }

    #[test]
    fn small_or_no_waste_passes() {
        let mut analysis = with_files(Vec::new(), &[]);
        assert!(findings("PL4014", &analysis).is_empty());

        analysis.waste.items = vec![wasted("/etc/config", 1, 999_999, 2)];
        assert!(findings("PL4014", &analysis).is_empty());
    }
}
