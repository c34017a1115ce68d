use super::common::check_typed_labels;
use super::formats::is_email;
use crate::diagnostic::Diagnostic;
use crate::lint::LabelType;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// When a label schema is configured, reports a label whose schema type is `email` and
    /// whose value is not an e-mail address as RFC 5322 defines `addr-spec`, such as
    /// `team@example.com`.
    ///
    /// ## Why is this bad?
    /// Tools send mail to the address or show it as a contact; a name with the address in angle
    /// brackets, or a text without `@`, cannot be used.
    ///
    /// ## Example
    /// With a schema that gives `org.opencontainers.image.authors` the type `email`:
    /// ```dockerfile
    /// LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// LABEL org.opencontainers.image.authors="jane@example.com"
    /// ```
    ///
    /// ## Differences from hadolint
    /// Values are read after ARG and ENV expansion. An empty value is left to DL3051, which
    /// hadolint reports under both codes.
    pub InvalidEmailLabel {
        code: "DL3058",
        name: "invalid-email-label",
        severity: Warning,
    }
}

impl Rule for InvalidEmailLabel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        check_typed_labels(
            context,
            &Self::META,
            LabelType::Email,
            is_email,
            "an RFC 5322 e-mail address",
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::LintOptions;
    use crate::lint::LabelType;
    use crate::rules::test_support::findings_with;

    fn schema() -> LintOptions {
        LintOptions {
            label_schema: vec![
                ("k".to_string(), LabelType::Email),
                ("other".to_string(), LabelType::Text),
            ],
            ..LintOptions::default()
        }
    }

    #[test]
    fn invalid_value_fails() {
        assert_eq!(
            findings_with(
                "DL3058",
                "FROM a:1\nLABEL k=\"Jane Doe <jane@example.com>\"\n",
                schema()
            ),
            vec![(2, 9)]
        );
        assert_eq!(
            findings_with("DL3058", "FROM a:1\nLABEL k=\"jane\"\n", schema()),
            vec![(2, 9)]
        );
    }

    #[test]
    fn valid_empty_or_other_label_passes() {
        assert!(
            findings_with(
                "DL3058",
                "FROM a:1\nLABEL k=\"jane@example.com\"\n",
                schema()
            )
            .is_empty()
        );
        assert!(
            findings_with(
                "DL3058",
                "FROM a:1\nLABEL k=\"\\\"j d\\\"@example.com\"\n",
                schema()
            )
            .is_empty()
        );
        assert!(findings_with("DL3058", "FROM a:1\nLABEL k=\"\"\n", schema()).is_empty());
        assert!(
            findings_with(
                "DL3058",
                "FROM a:1\nLABEL other=\"Jane Doe <jane@example.com>\"\n",
                schema()
            )
            .is_empty()
        );
        assert!(
            findings_with(
                "DL3058",
                "FROM a:1\nLABEL k=\"Jane Doe <jane@example.com>\"\n",
                LintOptions::default()
            )
            .is_empty()
        );
    }
}
