use crate::diagnostic::Diagnostic;
use crate::rules::multiple_cmd::report_repeats;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::syntax::ast::Keyword;

declare_rule! {
    /// ## What it does
    /// Reports a second `HEALTHCHECK` in one stage.
    ///
    /// ## Why is this bad?
    /// Only the last `HEALTHCHECK` of a stage takes effect. The earlier one is dead code that
    /// misleads readers about how the container is checked.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK CMD curl -f http://localhost/ || exit 1
    /// HEALTHCHECK CMD wget -q -O /dev/null http://localhost/ || exit 1
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK CMD curl -f http://localhost/ || exit 1
    /// ```
    pub MultipleHealthcheck {
        code: "DL3012",
        name: "multiple-healthcheck",
        severity: Error,
    }
}

impl Rule for MultipleHealthcheck {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        report_repeats(context, Keyword::Healthcheck, &Self::META, out);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn second_healthcheck_fails() {
        assert_eq!(
            findings("DL3012", "FROM a:1\nHEALTHCHECK CMD a\nHEALTHCHECK NONE\n"),
            vec![(3, 1)]
        );
    }

    #[test]
    fn one_per_stage_passes() {
        assert!(
            findings(
                "DL3012",
                "FROM a:1\nHEALTHCHECK CMD a\nFROM b:1\nHEALTHCHECK CMD b\n"
            )
            .is_empty()
        );
    }
}
