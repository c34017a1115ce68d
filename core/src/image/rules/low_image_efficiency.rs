use super::{ImageContext, ImageFinding, ImageLocation, ImageRule};
use crate::rules::{RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an image whose efficiency score, computed as dive computes it, is below the
    /// `lowest_efficiency` threshold (`--lowest-efficiency 0.9`, or `lowestEfficiency` in a
    /// `.dive-ci` file). The rule does nothing without a threshold, or for a bare config.
    ///
    /// dive's score visits every file of every layer; for each path it adds up the sizes of
    /// all its copies and keeps the smallest copy. The score is the sum of the smallest
    /// copies divided by the sum of all copies, so 1.0 means no path was written twice or
    /// deleted.
    ///
    /// ## Why is this bad?
    /// A low score means many bytes ship in lower layers only to be overwritten or deleted
    /// by higher ones, which makes the image larger without changing what it runs.
    ///
    /// ## Example
    /// An image built with
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y python3
    /// RUN rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// Delete files in the same RUN that creates them, and build in a separate stage.
    ///
    /// ## Differences from dive
    /// dive also fails with its default of 0.9 when run with `--ci` and no threshold; here a
    /// `.dive-ci` file brings dive's defaults, and without one the check is off.
    pub LowImageEfficiency {
        code: "PL4011",
        name: "low-image-efficiency",
        severity: Error,
    }
}

impl ImageRule for LowImageEfficiency {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        let Some(threshold) = context.options.dive.lowest_efficiency else {
            return;
        };
        let efficiency = context.analysis.dive.efficiency;
        if context.has_filesystem() && threshold > efficiency {
            out.push(ImageFinding::new(
                &Self::META,
                ImageLocation::Image,
                format!(
                    "the image's efficiency is {:.2}%, below the lowest allowed {:.2}%; remove \
                     files in the layer that creates them",
                    efficiency * 100.0,
                    threshold * 100.0
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{findings_with, with_files};
    use crate::image::rules::{DiveThresholds, ImageLintOptions};

    fn run(efficiency: f64, threshold: Option<f64>) -> usize {
        let mut analysis = with_files(Vec::new(), &[]);
        analysis.dive.efficiency = efficiency;
        let options = ImageLintOptions {
            dive: DiveThresholds {
                lowest_efficiency: threshold,
                ..DiveThresholds::default()
            },
            ..ImageLintOptions::default()
        };
        findings_with("PL4011", &analysis, options).len()
    }

    #[test]
    fn below_threshold_fails() {
        assert_eq!(run(0.9844212134184309, Some(0.99)), 1);
    }

    #[test]
    fn at_or_above_threshold_passes() {
        assert_eq!(run(0.95, Some(0.95)), 0);
        assert_eq!(run(0.98, Some(0.9)), 0);
        assert_eq!(run(0.1, None), 0);
    }
}
