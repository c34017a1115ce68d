use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `# check=` parser directive whose value BuildKit cannot parse: a part
    /// without `=`, a key other than `skip`, `error` and `experimental`, or an `error` value
    /// that is not a boolean.
    ///
    /// ## Why is this bad?
    /// BuildKit fails the build with "failed to parse check options".
    ///
    /// ## Example
    /// ```dockerfile
    /// # check=skip JSONArgsRecommended
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// # check=skip=JSONArgsRecommended
    /// FROM alpine:3.20
    /// ```
    pub InvalidCheckDirective {
        code: "PL0009",
        name: "invalid-check-directive",
        severity: Error,
    }
}

impl Rule for InvalidCheckDirective {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if let Some(invalid) = &context.pragmas().check_directive_error {
            out.push(Self::META.diagnostic(invalid.span, invalid.message.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn unparsable_directive_is_reported() {
        assert_eq!(findings("PL0009", "# check=skip\nFROM a:1\n"), [(1, 1)]);
        assert_eq!(
            findings("PL0009", "# check=error=maybe\nFROM a:1\n"),
            [(1, 1)]
        );
        assert_eq!(
            findings("PL0009", "# check=colour=red\nFROM a:1\n"),
            [(1, 1)]
        );
    }

    #[test]
    fn valid_directive_passes() {
        let text = "# check=skip=all;error=true;experimental=all\nFROM a:1\n";
        assert!(findings("PL0009", text).is_empty());
    }
}
