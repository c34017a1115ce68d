use super::common::Platform;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `FROM --platform=` with a constant value, such as `linux/amd64`, unless the
    /// stage name contains that platform's operating system or architecture.
    ///
    /// ## Why is this bad?
    /// A constant platform pins the stage to one platform whatever platform
    /// `docker build --platform` requests, so a multi-platform build silently produces images with a base of the wrong
    /// architecture. Use `$BUILDPLATFORM` for stages that only run build tools, and leave the
    /// flag out for stages of the image. A stage named after its platform, such as
    /// `AS build-arm64`, shows the pin is intended and is not reported.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 golang:1.22 AS build
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM --platform=$BUILDPLATFORM golang:1.22 AS build
    /// ```
    ///
    /// ## Differences from BuildKit
    /// None. hadolint's DL3029 reports every `--platform` flag that is not
    /// `$BUILDPLATFORM` or `$TARGETPLATFORM`; this rule is BuildKit's narrower check.
    pub ConstantFromPlatform {
        code: "PL1015",
        name: "constant-from-platform",
        severity: Warning,
        aliases: ["FromPlatformFlagConstDisallowed"],
    }
}

impl Rule for ConstantFromPlatform {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &context.model.stages {
            let instruction = &context.instructions()[stage.from];
            let Some(flag) = instruction.flag("platform") else {
                continue;
            };
            let Some(value) = flag.value.as_deref() else {
                continue;
            };
            // Any substitution, even of an unset variable, makes the value not a constant.
            if value.contains('$') {
                continue;
            }
            let Some(platform) = Platform::parse(value) else {
                continue;
            };
            let name = stage.name.as_deref().unwrap_or_default();
            if name.contains(&platform.os) || name.contains(&platform.architecture) {
                continue;
            }
            out.push(Self::META.diagnostic(
                flag.span,
                format!(
                    "FROM --platform has the constant value `{value}`; use `$BUILDPLATFORM` or \
                     `$TARGETPLATFORM`, or name the stage after its platform"
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn constant_platform_fails() {
        assert_eq!(
            findings("PL1015", "\nFROM --platform=linux/amd64 scratch\n"),
            vec![(2, 6)]
        );
        assert_eq!(
            findings(
                "PL1015",
                "FROM --platform=linux/arm64 alpine:3.20 AS build\n"
            ),
            vec![(1, 6)]
        );
    }

    #[test]
    fn variable_or_named_stage_passes() {
        for text in [
            "FROM --platform=linux/amd64 scratch AS my_amd64_stage\n",
            "FROM --platform=linux/amd64 scratch AS linux\n",
            "FROM --platform=$BUILDPLATFORM scratch\n",
            "ARG P=linux/amd64\nFROM --platform=${P} scratch\n",
            "FROM --platform=not/a/valid/platform scratch\n",
        ] {
            assert!(findings("PL1015", text).is_empty(), "{text}");
        }
    }
}
