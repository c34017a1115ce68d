use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::syntax::ast::{Arguments, Keyword};

declare_rule! {
    /// ## What it does
    /// Reports `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`.
    ///
    /// ## Why is this bad?
    /// The builder does not allow these instructions as ONBUILD triggers, so the image that
    /// builds on this one fails to build.
    ///
    /// ## Example
    /// ```dockerfile
    /// ONBUILD FROM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ONBUILD COPY . /app
    /// ```
    pub InvalidOnbuildTrigger {
        code: "DL3043",
        name: "invalid-onbuild-trigger",
        severity: Error,
    }
}

impl Rule for InvalidOnbuildTrigger {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for instruction in context.instructions() {
            let Arguments::Onbuild(trigger) = &instruction.arguments else {
                continue;
            };
            if matches!(
                trigger.keyword,
                Keyword::Onbuild | Keyword::From | Keyword::Maintainer
            ) {
                let name = trigger.name();
                out.push(Self::META.diagnostic(
                    trigger.keyword_text.span,
                    format!("{name} cannot be an ONBUILD trigger; images built on this one fail"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn forbidden_trigger_fails() {
        assert_eq!(
            findings("DL3043", "FROM a:1\nONBUILD FROM b:1\n"),
            vec![(2, 9)]
        );
        assert_eq!(
            findings("DL3043", "FROM a:1\nonbuild maintainer me\n"),
            vec![(2, 9)]
        );
        assert_eq!(
            findings("DL3043", "FROM a:1\nONBUILD ONBUILD RUN x\n"),
            vec![(2, 9)]
        );
    }

    #[test]
    fn other_trigger_passes() {
        assert!(findings("DL3043", "FROM a:1\nONBUILD RUN make\n").is_empty());
    }
}
