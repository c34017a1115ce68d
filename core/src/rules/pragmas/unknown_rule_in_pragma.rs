use crate::config::codes::{Resolved, resolve, suggestion};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a rule code in a pragma or a `check=` comment that names no rule: not a
    /// plimsoll code, name or alias, and not a code of hadolint, ShellCheck or BuildKit.
    ///
    /// ## Why is this bad?
    /// A misspelt code suppresses nothing, so the finding it was meant to silence stays, or
    /// the pragma outlives the rule it was written for without anyone noticing.
    ///
    /// ShellCheck codes (`SC2086`) are accepted without a finding: plimsoll has no ShellCheck
    /// rules yet, and hadolint pragmas name them often. So are hadolint and BuildKit codes
    /// that plimsoll does not implement.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// # hadolint ignore=DL3088
    /// RUN apt-get install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// # hadolint ignore=DL3008
    /// RUN apt-get install -y curl
    /// ```
    pub UnknownRuleInPragma {
        code: "PL0007",
        name: "unknown-rule-in-pragma",
        severity: Warning,
    }
}

impl Rule for UnknownRuleInPragma {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for code in context.pragmas().code_refs() {
            if !matches!(resolve(&code.code), Resolved::Unknown) {
                continue;
            }
            let message = format!(
                "unknown rule `{}` in pragma{}; run `plimsoll rules` to list the codes",
                code.code,
                suggestion(&code.code)
            );
            out.push(Self::META.diagnostic(code.span, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn unknown_code_is_reported() {
        let text = "FROM a:1\n# hadolint ignore=DL3003,XX0001\nRUN cd /x\n";
        assert_eq!(findings("PL0007", text), [(2, 26)]);
    }

    #[test]
    fn shellcheck_and_names_are_accepted() {
        let text = "FROM a:1\n# hadolint ignore=SC2086,cd-in-run,DL3008\nRUN cd /x\n";
        assert!(findings("PL0007", text).is_empty());
    }

    #[test]
    fn check_skip_names_are_checked() {
        let text = "# check=skip=JSONArgsRecommended,JsonArgs\nFROM a:1\nCMD x\n";
        assert_eq!(findings("PL0007", text), [(1, 34)]);
    }
}
