use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports every ignore pragma: `# hadolint ignore=`, `# plimsoll ignore=` and their
    /// `global` and `stage` forms. The rule is off by default; select it or give it a severity
    /// to turn it on.
    ///
    /// ## Why is this bad?
    /// Some teams forbid silencing the linter in the file, so that every exception is made in
    /// the reviewed configuration instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// # hadolint ignore=DL3008
    /// RUN apt-get install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get install -y curl=7.88.1-10+deb12u8
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint reports only the `# hadolint ignore=` form, because the parser this rule uses
    /// does not match `global` and `stage` pragmas. plimsoll reports every ignore pragma.
    pub IgnorePragma {
        code: "DL1001",
        name: "ignore-pragma",
        severity: Info,
        enabled_by_default: false,
    }
}

impl Rule for IgnorePragma {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for pragma in &context.pragmas().ignores {
            out.push(Self::META.diagnostic(
                pragma.span,
                "ignore pragma: fix the finding, or turn the rule off in the configuration",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;
    use crate::{LintOptions, lint};

    #[test]
    fn every_ignore_pragma_is_reported_when_selected() {
        let text =
            "# hadolint global ignore=DL3003\nFROM a:1\n# plimsoll ignore=DL3003\nRUN cd /x\n";
        assert_eq!(findings("DL1001", text), [(1, 1), (3, 1)]);
    }

    #[test]
    fn off_by_default() {
        let text = "FROM a:1\n# hadolint ignore=DL3003\nRUN cd /x\n";
        let result = lint(text.as_bytes(), &LintOptions::default()).unwrap();
        assert!(result.diagnostics.iter().all(|d| d.code != "DL1001"));
    }
}
