use super::{ImageContext, ImageFinding, ImageLocation, ImageRule};
use crate::rules::{RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an image whose configuration has no `Healthcheck`. `HEALTHCHECK NONE`, which
    /// turns off a healthcheck inherited from the base image, counts as a deliberate choice
    /// and passes.
    ///
    /// ## Why is this bad?
    /// Without a healthcheck, Docker and Swarm treat a container whose process is alive as
    /// healthy even when it no longer serves requests, so nothing restarts or replaces it.
    ///
    /// ## Example
    /// An image built from a Dockerfile without `HEALTHCHECK`.
    ///
    /// ## Use instead
    /// ```dockerfile
    /// HEALTHCHECK --interval=30s CMD wget -q --spider http://127.0.0.1:8080/ || exit 1
    /// ```
    /// Images run only by Kubernetes, which ignores `HEALTHCHECK` and uses its own probes,
    /// can turn this rule off.
    ///
    /// ## OCI-format images
    /// `HEALTHCHECK` is a Docker extension of the image configuration. buildah and podman
    /// drop it when they build in their default OCI format, so such images cannot carry one
    /// whatever the Dockerfile contains. The rule still reports them, because the image really
    /// has no healthcheck, and when the layers have OCI media types the message says to
    /// build with `--format docker` to keep it.
    pub MissingHealthcheck {
        code: "PL3002",
        name: "image-without-healthcheck",
        severity: Info,
        aliases: ["CIS-DI-0006"],
    }
}

impl ImageRule for MissingHealthcheck {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        if context.config().config.healthcheck.is_some() {
            return;
        }
        let oci_layers = context.analysis.layers.iter().any(|layer| {
            layer
                .media_type
                .as_deref()
                .is_some_and(|media_type| media_type.starts_with("application/vnd.oci."))
        });
        let mut message =
            "the image has no healthcheck; add a `HEALTHCHECK` so that a hung container is \
             noticed"
                .to_string();
        if oci_layers {
            message.push_str(
                ". This is an OCI-format image: buildah and podman drop `HEALTHCHECK` unless \
                 they build with `--format docker`",
            );
        }
        out.push(ImageFinding::new(
            &Self::META,
            ImageLocation::Config {
                key: "Healthcheck".to_string(),
                entry: None,
            },
            message,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{findings, from_config};
    use crate::image::analysis::LayerSummary;

    #[test]
    fn missing_healthcheck_is_reported() {
        let found = findings("PL3002", &from_config(r#"{"config": {}}"#));
        assert_eq!(found.len(), 1);
        assert!(!found[0].message.contains("OCI"));
    }

    #[test]
    fn healthcheck_none_passes() {
        let json = r#"{"config": {"Healthcheck": {"Test": ["NONE"]}}}"#;
        assert!(findings("PL3002", &from_config(json)).is_empty());
        let json = r#"{"config": {"Healthcheck": {"Test": ["CMD", "true"]}}}"#;
        assert!(findings("PL3002", &from_config(json)).is_empty());
    }

    #[test]
    fn oci_layers_explain_format() {
        let mut analysis = from_config("{}");
        analysis.layers.push(LayerSummary {
            index: 1,
            media_type: Some("application/vnd.oci.image.layer.v1.tar+gzip".to_string()),
            ..LayerSummary::default()
        });
        let found = findings("PL3002", &analysis);
        assert!(
            found[0].message.contains("--format docker"),
            "{}",
            found[0].message
        );
    }
}
