use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::model::Base;

declare_rule! {
    /// ## What it does
    /// Reports a `FROM` whose image, after the global ARGs and `--build-arg` values are
    /// expanded, is empty or not a valid image reference: `FROM ${UNSET}`, `FROM Alpine:3.20`
    /// (repository names are lower-case), `FROM alpine::latest`.
    ///
    /// ## Why is this bad?
    /// BuildKit rejects the build. When the image comes from an ARG without a default, every
    /// build run without `--build-arg` fails, often far from the Dockerfile that caused it.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG VERSION
    /// FROM alpine:${VERSION}
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ARG VERSION=3.20
    /// FROM alpine:${VERSION}
    /// ```
    pub InvalidBaseImage {
        code: "PL1006",
        name: "invalid-base-image",
        severity: Error,
        aliases: ["InvalidDefaultArgInFrom"],
    }
}

impl Rule for InvalidBaseImage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &context.model.stages {
            let Base::Invalid { expanded, message } = &stage.base else {
                continue;
            };
            let described = if stage.image_uses_variables {
                format!("`{}` expands to `{expanded}`", stage.image.value)
            } else {
                format!("`{expanded}`")
            };
            let reason = if expanded.is_empty() {
                "an empty image name".to_string()
            } else {
                message.clone()
            };
            out.push(Self::META.diagnostic(
                stage.image.span,
                format!("invalid base image: {described}, which is {reason}"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn invalid_references_fail() {
        for text in [
            "FROM ${NOPE}\n",
            "ARG V\nFROM alpine:${V}\n",
            "FROM Alpine:3.20\n",
            "FROM alpine::latest\n",
        ] {
            assert_eq!(findings("PL1006", text).len(), 1, "{text}");
        }
    }

    #[test]
    fn valid_references_pass() {
        for text in [
            "FROM alpine:3.20\n",
            "ARG V=3.20\nFROM alpine:${V}\n",
            "FROM scratch\n",
            "FROM a:1 AS x\nFROM x\n",
            "FROM localhost:5000/team/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n",
        ] {
            assert!(findings("PL1006", text).is_empty(), "{text}");
        }
    }
}
