use super::common::check_typed_labels;
use super::formats::is_rfc3339;
use crate::diagnostic::Diagnostic;
use crate::lint::LabelType;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// When a label schema is configured, reports a label whose schema type is `rfc3339` and
    /// whose value is not an RFC 3339 date and time with a time zone, such as
    /// `2024-05-01T12:30:00Z`.
    ///
    /// ## Why is this bad?
    /// Tools compare and sort these values as timestamps. A date without a time or time zone,
    /// or a local format, cannot be compared reliably.
    ///
    /// ## Example
    /// With a schema that gives `org.opencontainers.image.created` the type `rfc3339`:
    /// ```dockerfile
    /// LABEL org.opencontainers.image.created="2024-05-01 12:30"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// LABEL org.opencontainers.image.created="2024-05-01T12:30:00Z"
    /// ```
    ///
    /// ## Differences from hadolint
    /// Values are read after ARG and ENV expansion. An empty value is left to DL3051, which
    /// hadolint reports under both codes.
    pub InvalidRfc3339Label {
        code: "DL3053",
        name: "invalid-rfc3339-label",
        severity: Warning,
    }
}

impl Rule for InvalidRfc3339Label {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        check_typed_labels(
            context,
            &Self::META,
            LabelType::Rfc3339,
            is_rfc3339,
            "an RFC 3339 date and time",
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
                ("k".to_string(), LabelType::Rfc3339),
                ("other".to_string(), LabelType::Text),
            ],
            ..LintOptions::default()
        }
    }

    #[test]
    fn invalid_value_fails() {
        assert_eq!(
            findings_with("DL3053", "FROM a:1\nLABEL k=\"2024-05-01\"\n", schema()),
            vec![(2, 9)]
        );
        assert_eq!(
            findings_with(
                "DL3053",
                "FROM a:1\nLABEL k=\"2024-05-01T12:30:00\"\n",
                schema()
            ),
            vec![(2, 9)]
        );
    }

    #[test]
    fn valid_empty_or_other_label_passes() {
        assert!(
            findings_with(
                "DL3053",
                "FROM a:1\nLABEL k=\"2024-05-01T12:30:00Z\"\n",
                schema()
            )
            .is_empty()
        );
        assert!(
            findings_with(
                "DL3053",
                "FROM a:1\nLABEL k=\"2024-05-01T12:30:00.5+02:00\"\n",
                schema()
            )
            .is_empty()
        );
        assert!(findings_with("DL3053", "FROM a:1\nLABEL k=\"\"\n", schema()).is_empty());
        assert!(
            findings_with("DL3053", "FROM a:1\nLABEL other=\"2024-05-01\"\n", schema()).is_empty()
        );
        assert!(
            findings_with(
                "DL3053",
                "FROM a:1\nLABEL k=\"2024-05-01\"\n",
                LintOptions::default()
            )
            .is_empty()
        );
    }
}
