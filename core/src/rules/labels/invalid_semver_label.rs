use super::common::check_typed_labels;
use super::formats::is_semver;
use crate::diagnostic::Diagnostic;
use crate::lint::LabelType;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// When a label schema is configured, reports a label whose schema type is `semver` and
    /// whose value is not a version as Semantic Versioning 2.0.0 defines it, such as `1.4.2` or
    /// `2.0.0-rc.1`.
    ///
    /// ## Why is this bad?
    /// Tools sort and compare these values as versions. A `v` prefix, a missing patch number or
    /// leading zeros break the comparison.
    ///
    /// ## Example
    /// With a schema that gives `org.opencontainers.image.version` the type `semver`:
    /// ```dockerfile
    /// LABEL org.opencontainers.image.version="v1.4"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// LABEL org.opencontainers.image.version="1.4.0"
    /// ```
    ///
    /// ## Differences from hadolint
    /// Values are read after ARG and ENV expansion. An empty value is left to DL3051, which
    /// hadolint reports under both codes.
    pub InvalidSemverLabel {
        code: "DL3056",
        name: "invalid-semver-label",
        severity: Warning,
    }
}

impl Rule for InvalidSemverLabel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        check_typed_labels(
            context,
            &Self::META,
            LabelType::Semver,
            is_semver,
            "a Semantic Versioning 2.0.0 version",
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
                ("k".to_string(), LabelType::Semver),
                ("other".to_string(), LabelType::Text),
            ],
            ..LintOptions::default()
        }
    }

    #[test]
    fn invalid_value_fails() {
        assert_eq!(
            findings_with("DL3056", "FROM a:1\nLABEL k=\"v1.4\"\n", schema()),
            vec![(2, 9)]
        );
        assert_eq!(
            findings_with("DL3056", "FROM a:1\nLABEL k=\"1.4\"\n", schema()),
            vec![(2, 9)]
        );
    }

    #[test]
    fn valid_empty_or_other_label_passes() {
        assert!(findings_with("DL3056", "FROM a:1\nLABEL k=\"1.4.0\"\n", schema()).is_empty());
        assert!(
            findings_with(
                "DL3056",
                "FROM a:1\nLABEL k=\"2.0.0-rc.1+build.5\"\n",
                schema()
            )
            .is_empty()
        );
        assert!(findings_with("DL3056", "FROM a:1\nLABEL k=\"\"\n", schema()).is_empty());
        assert!(findings_with("DL3056", "FROM a:1\nLABEL other=\"v1.4\"\n", schema()).is_empty());
        assert!(
            findings_with(
                "DL3056",
                "FROM a:1\nLABEL k=\"v1.4\"\n",
                LintOptions::default()
            )
            .is_empty()
        );
    }
}
