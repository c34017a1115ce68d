use super::{ImageContext, ImageFinding, ImageLocation, ImageRule};
use crate::rules::{RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an image whose wasted bytes, counted as dive counts them, exceed the
    /// `highest_user_wasted_percent` fraction of the size of all layers but the first
    /// (`--highest-user-wasted-percent 0.1`, or `highestUserWastedPercent` in a `.dive-ci`
    /// file). The fraction is written from 0 to 1, as dive writes it. The rule does nothing
    /// without a threshold, for a bare config, or for an image of one layer, where dive
    /// divides by zero.
    ///
    /// ## Why is this bad?
    /// The layers above the first are the ones the image's own Dockerfile adds. A large
    /// share of waste there means its build steps undo each other.
    ///
    /// ## Example
    /// An image built with
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y python3
    /// RUN rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// Delete files in the same RUN that creates them.
    pub UserWastedPercentOverLimit {
        code: "PL4013",
        name: "user-wasted-percent-over-limit",
        severity: Error,
    }
}

impl ImageRule for UserWastedPercentOverLimit {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        let Some(threshold) = context.options.dive.highest_user_wasted_percent else {
            return;
        };
        let dive = &context.analysis.dive;
        let fraction = dive.user_wasted_percent;
        if !context.has_filesystem() || dive.user_size == 0 || !fraction.is_finite() {
            return;
        }
        if fraction > threshold {
            out.push(ImageFinding::new(
                &Self::META,
                ImageLocation::Image,
                format!(
                    "wasted bytes are {:.2}% of the layers above the first, more than the \
                     highest allowed {:.2}%",
                    fraction * 100.0,
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

    fn run(fraction: f64, user_size: u64, threshold: f64) -> usize {
        let mut analysis = with_files(Vec::new(), &[]);
        analysis.dive.user_wasted_percent = fraction;
        analysis.dive.user_size = user_size;
        let options = ImageLintOptions {
            dive: DiveThresholds {
                highest_user_wasted_percent: Some(threshold),
                ..DiveThresholds::default()
            },
            ..ImageLintOptions::default()
        };
        findings_with("PL4013", &analysis, options).len()
    }

    #[test]
    fn over_limit_fails() {
        assert_eq!(run(0.4834911001404049, 66_237, 0.1), 1);
    }

    #[test]
    fn within_limit_or_single_layer_passes() {
        assert_eq!(run(0.05, 66_237, 0.1), 0);
        assert_eq!(run(f64::INFINITY, 0, 0.1), 0);
        assert_eq!(run(f64::NAN, 10, 0.1), 0);
    }
}
