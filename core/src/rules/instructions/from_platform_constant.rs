use crate::diagnostic::Diagnostic;
use crate::expand::variable_references;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `FROM --platform=…` with a constant platform such as `linux/amd64`.
    ///
    /// ## Why is this bad?
    /// A fixed platform makes the stage build for that platform whatever platform the build
    /// is for, so a multi-platform build quietly ships the wrong architecture, and on other
    /// hosts the stage runs under emulation. Use a build argument such as `$BUILDPLATFORM`
    /// for stages that run build tools, or leave the flag out.
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
    /// ## Differences from hadolint
    /// hadolint accepts only values that contain `BUILDPLATFORM` or `TARGETPLATFORM` and
    /// reports every other variable, such as `--platform=linux/${ARCH}`; plimsoll reports only
    /// values without any variable, since a variable lets each build choose the platform.
    pub FromPlatformConstant {
        code: "DL3029",
        name: "from-platform-constant",
        severity: Warning,
    }
}

impl Rule for FromPlatformConstant {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let escape = context.dockerfile.escape;
        for stage in &context.model.stages {
            let Some(flag) = context.instructions()[stage.from].flag("platform") else {
                continue;
            };
            let Some(value) = flag.value.as_deref() else {
                continue;
            };
            if value.is_empty() || !variable_references(value, escape).is_empty() {
                continue;
            }
            out.push(Self::META.diagnostic(
                flag.span,
                format!(
                    "`--platform={value}` fixes the platform of this stage; use \
                     `$BUILDPLATFORM` or `$TARGETPLATFORM`, or leave the flag out"
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
            findings("DL3029", "FROM --platform=linux/amd64 debian:12\n"),
            vec![(1, 6)]
        );
    }

    #[test]
    fn variable_platform_passes() {
        assert!(findings("DL3029", "FROM --platform=$BUILDPLATFORM debian:12\n").is_empty());
        assert!(
            findings(
                "DL3029",
                "ARG ARCH\nFROM --platform=linux/${ARCH} debian:12\n"
            )
            .is_empty()
        );
        assert!(findings("DL3029", "FROM debian:12\n").is_empty());
    }
}
