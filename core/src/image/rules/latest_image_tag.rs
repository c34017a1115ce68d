use super::{ImageContext, ImageFinding, ImageLocation, ImageRule};
use crate::rules::{RuleMeta, declare_rule};

/// Returns the tag of an image reference, `None` for a reference without a tag.
fn tag(reference: &str) -> Option<&str> {
    let name = reference
        .split_once('@')
        .map_or(reference, |(name, _)| name);
    let last_component = name.rsplit('/').next().unwrap_or(name);
    last_component.split_once(':').map(|(_, tag)| tag)
}

declare_rule! {
    /// ## What it does
    /// Reports an image whose reference, as given or as tagged in the archive, has the tag
    /// `latest` or no tag and no digest, which means `latest`.
    ///
    /// ## Why is this bad?
    /// `latest` moves with every push, so what is scanned here may not be what a deployment
    /// that names `latest` runs, and a rollback cannot name the previous image.
    ///
    /// ## Example
    /// An archive made by `docker save hello-world-app:latest`.
    ///
    /// ## Use instead
    /// Tag images with a version or a commit (`hello-world-app:1.4.2`) and deploy by that tag
    /// or by digest.
    ///
    /// ## Differences from dockle
    /// dockle's DKL-DI-0006 reads only the name given on its command line and never fires
    /// for an archive; this rule also reads the tag the archive records. A bare config has
    /// no reference, so the rule does not apply to it.
    pub LatestImageTag {
        code: "PL3012",
        name: "latest-image-tag",
        severity: Warning,
        aliases: ["DKL-DI-0006"],
    }
}

impl ImageRule for LatestImageTag {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        let Some(reference) = context.analysis.reference.as_deref() else {
            return;
        };
        let has_digest = reference.contains('@');
        let latest = match tag(reference) {
            Some(tag) => tag == "latest",
            None => !has_digest,
        };
        if latest {
            out.push(ImageFinding::new(
                &Self::META,
                ImageLocation::Image,
                format!("the image is tagged `latest` (`{reference}`); tag it with a version"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::findings;
    use crate::image::analysis::ImageAnalysis;

    fn flagged(reference: &str) -> bool {
        let analysis = ImageAnalysis {
            reference: Some(reference.to_string()),
            ..ImageAnalysis::default()
        };
        !findings("PL3012", &analysis).is_empty()
    }

    #[test]
    fn latest_references() {
        assert!(flagged("docker.io/library/hello-world-app:latest"));
        assert!(flagged("hello-world-app"));
        assert!(flagged("localhost:5000/app"));
    }

    #[test]
    fn pinned_references() {
        assert!(!flagged("docker.io/library/hello-world-app:v1.0.0"));
        assert!(!flagged("localhost:5000/app:1"));
        assert!(!flagged("app@sha256:abcd"));
        assert!(findings("PL3012", &ImageAnalysis::default()).is_empty());
    }
}
