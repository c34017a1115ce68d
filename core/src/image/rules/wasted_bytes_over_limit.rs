use super::{ImageContext, ImageFinding, ImageLocation, ImageRule, human_bytes};
use crate::rules::{RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an image whose wasted bytes, counted as dive counts them, exceed the
    /// `highest_wasted_bytes` threshold (`--highest-wasted-bytes 20MB`, or
    /// `highestWastedBytes` in a `.dive-ci` file). The rule does nothing without a
    /// threshold, or for a bare config.
    ///
    /// dive counts every copy of a path that occurs in more than one layer, the copy that
    /// stays visible included, so that its threshold means the same here. The report's
    /// `wasted_bytes` is the corrected figure, which counts only the copies no one can see.
    ///
    /// ## Why is this bad?
    /// Wasted bytes are downloaded and stored with every pull and never used.
    ///
    /// ## Example
    /// An image whose second layer rewrites a 5 MB file of the first.
    ///
    /// ## Use instead
    /// Write each file once, in its final form, and delete temporary files in the layer that
    /// creates them.
    pub WastedBytesOverLimit {
        code: "PL4012",
        name: "wasted-bytes-over-limit",
        severity: Error,
    }
}

impl ImageRule for WastedBytesOverLimit {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        let Some(threshold) = context.options.dive.highest_wasted_bytes else {
            return;
        };
        let wasted = context.analysis.dive.wasted_bytes;
        if context.has_filesystem() && wasted > threshold {
            out.push(ImageFinding::new(
                &Self::META,
                ImageLocation::Image,
                format!(
                    "the image wastes {} as dive counts it, more than the highest allowed {}",
                    human_bytes(wasted),
                    human_bytes(threshold)
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{findings_with, with_files};
    use crate::image::rules::{DiveThresholds, ImageLintOptions};

    fn run(wasted: u64, threshold: Option<u64>) -> usize {
        let mut analysis = with_files(Vec::new(), &[]);
        analysis.dive.wasted_bytes = wasted;
        let options = ImageLintOptions {
            dive: DiveThresholds {
                highest_wasted_bytes: threshold,
                ..DiveThresholds::default()
            },
            ..ImageLintOptions::default()
        };
        findings_with("PL4012", &analysis, options).len()
    }

    #[test]
    fn over_limit_fails() {
        assert_eq!(run(20_000_001, Some(20_000_000)), 1);
    }

    #[test]
    fn at_limit_or_off_passes() {
        assert_eq!(run(20_000_000, Some(20_000_000)), 0);
        assert_eq!(run(u64::MAX, None), 0);
    }
}
