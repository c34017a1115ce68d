use super::common::{PLATFORM_ARG_NAMES, Platform, base_image_of};
use crate::diagnostic::Diagnostic;
use crate::expand::variable_references;
use crate::model::Base;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a base image whose platform differs from the platform its stage is built for.
    /// It runs only when the image configuration is given (`--base-config`), and compares
    /// the configuration's `os`, `architecture` and `variant` with the stage's `--platform`,
    /// or, for a stage without one, with a `TARGETPLATFORM` given as a build argument.
    ///
    /// ## Why is this bad?
    /// An image for another platform either fails to run (`exec format error`) or runs under
    /// emulation, many times slower, and the final image carries binaries for the wrong
    /// architecture.
    ///
    /// ## Example
    /// With a configuration of `linux/arm64`:
    /// ```dockerfile
    /// FROM --platform=linux/amd64 debian:12
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM --platform=linux/arm64 debian:12
    /// ```
    ///
    /// ## Differences from BuildKit
    /// BuildKit resolves the image in the registry for the platform of the build and compares
    /// operating system and architecture. plimsoll has no registry access and no build
    /// platform: it reads the configuration it is given, and skips stages whose expected
    /// platform depends on the builder (`--platform=$BUILDPLATFORM` without that build
    /// argument, or no flag and no `TARGETPLATFORM` build argument). It also compares the
    /// variant when both sides name one, so `linux/arm/v6` and `linux/arm/v7` differ.
    pub BaseImagePlatformMismatch {
        code: "PL1018",
        name: "base-image-platform-mismatch",
        severity: Warning,
        aliases: ["InvalidBaseImagePlatform"],
    }
}

impl Rule for BaseImagePlatformMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let model = context.model;
        let build_arg = |name: &str| {
            model
                .build_args
                .iter()
                .rev()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        };
        for stage in &model.stages {
            if !matches!(stage.base, Base::Image(_)) {
                continue;
            }
            let Some(config) =
                base_image_of(model, context.options.base_image.as_deref(), stage.index)
            else {
                continue;
            };
            let (Some(os), Some(architecture)) = (&config.os, &config.architecture) else {
                continue;
            };
            let actual_text = match &config.variant {
                Some(variant) if !variant.is_empty() => format!("{os}/{architecture}/{variant}"),
                _ => format!("{os}/{architecture}"),
            };
            let Some(actual) = Platform::parse(&actual_text) else {
                continue;
            };

            let instruction = &context.instructions()[stage.from];
            let expected_text = match instruction.flag("platform") {
                Some(flag) => {
                    let raw = flag.value.as_deref().unwrap_or_default();
                    let builder_dependent =
                        variable_references(raw, model.escape)
                            .iter()
                            .any(|(name, _)| {
                                PLATFORM_ARG_NAMES.contains(&name.as_str())
                                    && build_arg(name).is_none()
                            });
                    if builder_dependent {
                        continue;
                    }
                    stage.platform.clone().unwrap_or_default()
                }
                None => match build_arg("TARGETPLATFORM") {
                    Some(platform) => platform,
                    None => continue,
                },
            };
            let Some(expected) = Platform::parse(&expected_text) else {
                continue;
            };

            let variants_differ = !expected.variant.is_empty()
                && !actual.variant.is_empty()
                && expected.variant != actual.variant;
            if expected.os != actual.os
                || expected.architecture != actual.architecture
                || variants_differ
            {
                out.push(Self::META.diagnostic(
                    stage.image.span,
                    format!(
                        "base image `{}` is for platform `{}`, but the stage is built for `{}`",
                        stage.image_expanded,
                        actual.format(),
                        expected.format()
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::LintOptions;
    use crate::image::config::ImageConfig;
    use crate::rules::test_support::findings_with;

    fn options(platform: &str, build_args: &[(&str, &str)]) -> LintOptions {
        let mut parts = platform.split('/');
        let mut json = serde_json::json!({
            "os": parts.next(),
            "architecture": parts.next(),
        });
        if let Some(variant) = parts.next() {
            json["variant"] = variant.into();
        }
        let config = ImageConfig::from_json(json.to_string().as_bytes()).unwrap();
        LintOptions {
            base_image: Some(Arc::new(config)),
            build_args: build_args
                .iter()
                .map(|(key, value)| (key.to_string(), value.to_string()))
                .collect(),
            ..LintOptions::default()
        }
    }

    #[test]
    fn other_platform_fails() {
        let text = "FROM --platform=linux/amd64 debian:12\n";
        assert_eq!(
            findings_with("PL1018", text, options("linux/arm64", &[])),
            vec![(1, 29)]
        );
        let text = "FROM debian:12\n";
        let with_target = options("linux/arm64", &[("TARGETPLATFORM", "linux/amd64")]);
        assert_eq!(findings_with("PL1018", text, with_target), vec![(1, 6)]);
        let text = "FROM --platform=linux/arm/v6 debian:12\n";
        assert_eq!(
            findings_with("PL1018", text, options("linux/arm/v7", &[])),
            vec![(1, 30)]
        );
    }

    #[test]
    fn same_or_unknown_platform_passes() {
        for (text, platform) in [
            ("FROM --platform=linux/arm64 debian:12\n", "linux/arm64/v8"),
            ("FROM debian:12\n", "linux/arm64"),
            ("FROM --platform=$BUILDPLATFORM debian:12\n", "linux/arm64"),
            ("FROM --platform=linux/amd64 scratch\n", "linux/arm64"),
        ] {
            assert!(
                findings_with("PL1018", text, options(platform, &[])).is_empty(),
                "{text}"
            );
        }
        assert!(
            findings_with(
                "PL1018",
                "FROM --platform=linux/amd64 debian:12\n",
                LintOptions::default()
            )
            .is_empty()
        );
    }
}
