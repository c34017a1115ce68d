use super::multiple_cmd::report_repeats;
use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::syntax::ast::Keyword;

declare_rule! {
    /// ## What it does
    /// Reports a second `ENTRYPOINT` in one stage.
    ///
    /// ## Why is this bad?
    /// Only the last `ENTRYPOINT` takes effect, and it also resets any `CMD` set before it.
    /// The earlier one is dead code.
    ///
    /// ## Example
    /// ```dockerfile
    /// ENTRYPOINT ["/docker-entrypoint.sh"]
    /// ENTRYPOINT ["/usr/bin/tini", "--"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ENTRYPOINT ["/usr/bin/tini", "--", "/docker-entrypoint.sh"]
    /// ```
    pub MultipleEntrypoint {
        code: "DL4004",
        name: "multiple-entrypoint",
        severity: Error,
    }
}

impl Rule for MultipleEntrypoint {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        report_repeats(context, Keyword::Entrypoint, &Self::META, out);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn second_entrypoint_fails() {
        assert_eq!(
            findings(
                "DL4004",
                "FROM a:1\nENTRYPOINT [\"a\"]\nENTRYPOINT [\"b\"]\n"
            ),
            vec![(3, 1)]
        );
    }

    #[test]
    fn one_entrypoint_passes() {
        assert!(findings("DL4004", "FROM a:1\nENTRYPOINT [\"a\"]\nCMD [\"b\"]\n").is_empty());
    }
}
