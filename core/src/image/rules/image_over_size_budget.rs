use super::{ImageContext, ImageFinding, ImageLocation, ImageRule, human_bytes};
use crate::rules::{RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an image whose uncompressed size exceeds the `max_size` option
    /// (`--max-size 100MB`). The size is the sum of the uncompressed layer tars, headers and
    /// padding included, which is close to what the image takes on disk after a pull. The
    /// rule does nothing without the option, or for a bare config, which has no sizes.
    ///
    /// ## Why is this bad?
    /// Every node that runs the image pulls and stores it, so size costs time at every
    /// deployment and scale-up. A budget in CI stops the image from growing unnoticed.
    ///
    /// ## Example
    /// `plimsoll image --max-size 50MB app.tar` on an image of 102.56 MB.
    ///
    /// ## Use instead
    /// Use a smaller base image, build in a separate stage, and clean caches in the step that
    /// fills them; then look at `plimsoll image --layers` to see which layer grew.
    ///
    /// ## Why uncompressed
    /// The compressed size depends on how the archive was written: `docker save` keeps
    /// layers uncompressed, registries and OCI layouts hold gzip or zstd blobs. The
    /// uncompressed size is the same in every form of the same image.
    pub ImageOverSizeBudget {
        code: "PL4010",
        name: "image-over-size-budget",
        severity: Error,
    }
}

impl ImageRule for ImageOverSizeBudget {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        let Some(max_size) = context.options.max_size else {
            return;
        };
        if !context.has_filesystem() {
            return;
        }
        let size = context.analysis.layers.iter().fold(0u64, |total, layer| {
            total.saturating_add(layer.uncompressed_size)
        });
        if size > max_size {
            out.push(ImageFinding::new(
                &Self::META,
                ImageLocation::Image,
                format!(
                    "the image is {} uncompressed ({size} bytes), over the budget of {} \
                     ({max_size} bytes)",
                    human_bytes(size),
                    human_bytes(max_size)
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{findings_with, with_files};
    use crate::image::analysis::LayerSummary;
    use crate::image::rules::ImageLintOptions;

    fn image_of(sizes: &[u64]) -> crate::image::analysis::ImageAnalysis {
        let mut analysis = with_files(Vec::new(), &[]);
        analysis.layers = sizes
            .iter()
            .enumerate()
            .map(|(at, size)| LayerSummary {
                index: at + 1,
                uncompressed_size: *size,
                ..LayerSummary::default()
            })
            .collect();
        analysis
    }

    fn budget(max_size: Option<u64>) -> ImageLintOptions {
        ImageLintOptions {
            max_size,
            ..ImageLintOptions::default()
        }
    }

    #[test]
    fn over_budget() {
        let found = findings_with("PL4010", &image_of(&[60, 50]), budget(Some(100)));
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("110 bytes"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn within_budget_or_unset() {
        assert!(findings_with("PL4010", &image_of(&[60, 40]), budget(Some(100))).is_empty());
        assert!(findings_with("PL4010", &image_of(&[u64::MAX, 1]), budget(None)).is_empty());
        let config_only = crate::image::analysis::ImageAnalysis::default();
        assert!(findings_with("PL4010", &config_only, budget(Some(0))).is_empty());
    }
}
