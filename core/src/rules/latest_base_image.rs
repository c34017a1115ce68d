use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::model::Base;

declare_rule! {
    /// ## What it does
    /// Reports a `FROM` whose image tag is `latest` and that has no digest, after build
    /// arguments are expanded.
    ///
    /// ## Why is this bad?
    /// `latest` is whatever was pushed last. Builds stop being reproducible, and a new major
    /// version of the base image can arrive unannounced.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:latest
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22.12-bookworm-slim
    /// ```
    ///
    /// ## Differences from hadolint
    /// The tag is read after ARG expansion, so `FROM node:${VERSION}` with
    /// `ARG VERSION=latest` is reported.
    pub LatestBaseImage {
        code: "DL3007",
        name: "latest-base-image",
        severity: Warning,
    }
}

impl Rule for LatestBaseImage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &context.model.stages {
            let Base::Image(reference) = &stage.base else {
                continue;
            };
            if reference.tag.as_deref() != Some("latest") || reference.digest.is_some() {
                continue;
            }
            out.push(Self::META.diagnostic(
                stage.image.span,
                format!(
                    "base image `{}` uses the `latest` tag; pin a version so that rebuilds use \
                     the same base",
                    stage.image_expanded
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn latest_tag_fails() {
        assert_eq!(findings("DL3007", "FROM node:latest\n"), vec![(1, 6)]);
        assert_eq!(
            findings("DL3007", "ARG V=latest\nFROM node:${V}\n"),
            vec![(2, 6)]
        );
    }

    #[test]
    fn pinned_or_digest_passes() {
        assert!(findings("DL3007", "FROM node:22\n").is_empty());
        assert!(findings("DL3007", "FROM node\n").is_empty());
        assert!(findings("DL3007", "FROM node:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n").is_empty());
    }
}
