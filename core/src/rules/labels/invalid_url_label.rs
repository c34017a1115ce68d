use super::common::check_typed_labels;
use super::formats::is_absolute_uri;
use crate::diagnostic::Diagnostic;
use crate::lint::LabelType;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// When a label schema is configured, reports a label whose schema type is `url` and whose
    /// value is not an absolute URI as RFC 3986 defines it, with a scheme such as `https:`.
    ///
    /// ## Why is this bad?
    /// Tools that read the label, such as registries that link to the source repository, need a
    /// full URL; a host name or a relative path cannot be followed.
    ///
    /// ## Example
    /// With a schema that gives `org.opencontainers.image.source` the type `url`:
    /// ```dockerfile
    /// LABEL org.opencontainers.image.source="github.com/acme/app"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// LABEL org.opencontainers.image.source="https://github.com/acme/app"
    /// ```
    ///
    /// ## Differences from hadolint
    /// Values are read after ARG and ENV expansion. An empty value is left to DL3051, which
    /// hadolint reports under both codes.
    pub InvalidUrlLabel {
        code: "DL3052",
        name: "invalid-url-label",
        severity: Warning,
    }
}

impl Rule for InvalidUrlLabel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        check_typed_labels(
            context,
            &Self::META,
            LabelType::Url,
            is_absolute_uri,
            "an absolute URL",
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
                ("k".to_string(), LabelType::Url),
                ("other".to_string(), LabelType::Text),
            ],
            ..LintOptions::default()
        }
    }

    #[test]
    fn invalid_value_fails() {
        assert_eq!(
            findings_with(
                "DL3052",
                "FROM a:1\nLABEL k=\"github.com/acme/app\"\n",
                schema()
            ),
            vec![(2, 9)]
        );
        assert_eq!(
            findings_with(
                "DL3052",
                "FROM a:1\nLABEL k=\"https://exa mple.com\"\n",
                schema()
            ),
            vec![(2, 9)]
        );
    }

    #[test]
    fn valid_empty_or_other_label_passes() {
        assert!(
            findings_with(
                "DL3052",
                "FROM a:1\nLABEL k=\"https://github.com/acme/app\"\n",
                schema()
            )
            .is_empty()
        );
        assert!(
            findings_with(
                "DL3052",
                "FROM a:1\nLABEL k=\"urn:isbn:0451450523\"\n",
                schema()
            )
            .is_empty()
        );
        assert!(findings_with("DL3052", "FROM a:1\nLABEL k=\"\"\n", schema()).is_empty());
        assert!(
            findings_with(
                "DL3052",
                "FROM a:1\nLABEL other=\"github.com/acme/app\"\n",
                schema()
            )
            .is_empty()
        );
        assert!(
            findings_with(
                "DL3052",
                "FROM a:1\nLABEL k=\"github.com/acme/app\"\n",
                LintOptions::default()
            )
            .is_empty()
        );
    }
}
