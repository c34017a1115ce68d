use crate::diagnostic::Diagnostic;
use crate::expand::Lexer;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `FROM --platform=$TARGETPLATFORM`: a platform whose only variable is
    /// `TARGETPLATFORM` and whose value is that of `TARGETPLATFORM`.
    ///
    /// ## Why is this bad?
    /// A stage is built for the target platform unless told otherwise, so the flag does
    /// nothing and suggests to readers that this stage differs from the others.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=$TARGETPLATFORM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint compares the text with `$TARGETPLATFORM` and `${TARGETPLATFORM}`; plimsoll
    /// uses BuildKit's condition, so `"${TARGETPLATFORM}"` and `${TARGETPLATFORM:-x}` count
    /// too.
    pub RedundantTargetPlatform {
        code: "DL3065",
        name: "redundant-target-platform",
        severity: Warning,
        aliases: ["RedundantTargetPlatform"],
    }
}

impl Rule for RedundantTargetPlatform {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let model = context.model;
        let lexer = Lexer::new(context.dockerfile.escape);
        let target_platform = model
            .global_values
            .iter()
            .find(|(name, _)| name == "TARGETPLATFORM")
            .map(|(_, value)| value.as_str());
        for stage in &model.stages {
            let Some(flag) = context.instructions()[stage.from].flag("platform") else {
                continue;
            };
            let Some(value) = flag.value.as_deref() else {
                continue;
            };
            let Ok(expansion) = lexer.process_word(value, &model.global_values) else {
                continue;
            };
            // As BuildKit does: exactly one variable was substituted, it was TARGETPLATFORM,
            // and the result is its value, so the flag cannot change anything.
            let redundant = expansion.matched == ["TARGETPLATFORM"]
                && expansion.unmatched.is_empty()
                && Some(expansion.value.as_str()) == target_platform;
            if redundant {
                out.push(Self::META.diagnostic(
                    flag.span,
                    format!(
                        "`--platform={value}` is redundant: stages are built for the target \
                         platform by default"
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn target_platform_fails() {
        assert_eq!(
            findings("DL3065", "FROM --platform=$TARGETPLATFORM alpine:3\n"),
            vec![(1, 6)]
        );
        assert_eq!(
            findings("DL3065", "FROM --platform=${TARGETPLATFORM} alpine:3\n"),
            vec![(1, 6)]
        );
    }

    #[test]
    fn other_platforms_pass() {
        assert!(findings("DL3065", "FROM --platform=$BUILDPLATFORM alpine:3\n").is_empty());
        assert!(findings("DL3065", "FROM --platform=linux/amd64 alpine:3\n").is_empty());
        assert!(
            findings(
                "DL3065",
                "ARG X\nFROM --platform=$TARGETPLATFORM$X alpine:3\n"
            )
            .is_empty()
        );
        assert!(findings("DL3065", "FROM --platform=$TARGETOS/$TARGETARCH alpine:3\n").is_empty());
    }
}
