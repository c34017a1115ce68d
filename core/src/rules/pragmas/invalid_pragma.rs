use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a comment that starts like a pragma (`# hadolint` or `# plimsoll` followed by
    /// `ignore`, `global`, `stage`, `shell` or an `=`) but does not follow the pragma grammar,
    /// and an ignore pragma that a blank line or the end of the file separates from the next
    /// instruction.
    ///
    /// ## Why is this bad?
    /// Such a pragma has no effect. hadolint drops it without a word, so the finding it was
    /// meant to silence reappears and nobody knows why.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// # hadolint ignore DL3018
    /// RUN apk add --no-cache curl
    ///
    /// # hadolint ignore=DL3003
    ///
    /// RUN cd /tmp && make
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// # hadolint ignore=DL3018
    /// RUN apk add --no-cache curl
    ///
    /// # hadolint ignore=DL3003
    /// RUN cd /tmp && make
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint ignores a malformed pragma silently. plimsoll also accepts free text after the
    /// code list as the reason (`# hadolint ignore=DL3018 build-only deps`), which hadolint
    /// rejects, and reports the pragma when the text starts with a code, because a comma is
    /// then missing.
    pub InvalidPragma {
        code: "PL0008",
        name: "invalid-pragma",
        severity: Warning,
    }
}

impl Rule for InvalidPragma {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for invalid in &context.pragmas().invalid {
            out.push(Self::META.diagnostic(invalid.span, invalid.message.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn malformed_pragma_is_reported() {
        let text = "FROM a:1\n# hadolint ignore DL3003\nRUN cd /x\n";
        assert_eq!(findings("PL0008", text), [(2, 1)]);
    }

    #[test]
    fn detached_pragma_is_reported() {
        let text = "FROM a:1\n# hadolint ignore=DL3003\n\nRUN cd /x\n# plimsoll ignore=DL3003\n";
        assert_eq!(findings("PL0008", text), [(2, 1), (5, 1)]);
    }

    #[test]
    fn valid_pragmas_and_prose_pass() {
        let text = "FROM a:1\n# hadolint is slow here\n# hadolint ignore=DL3003 # ok\nRUN cd /x\n";
        assert!(findings("PL0008", text).is_empty());
    }
}
