use super::common::check_typed_labels;
use super::formats::is_spdx_license_id;
use crate::diagnostic::Diagnostic;
use crate::lint::LabelType;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// When a label schema is configured, reports a label whose schema type is `spdx` and whose
    /// value is not a single SPDX license identifier such as `MIT` or `Apache-2.0`. Identifiers
    /// are compared without regard to case, and deprecated identifiers such as `GPL-2.0` are
    /// accepted.
    ///
    /// ## Why is this bad?
    /// License scanners match the label against the SPDX License List. A free-form name such as
    /// `Apache 2` cannot be matched.
    ///
    /// ## Example
    /// With a schema that gives `org.opencontainers.image.licenses` the type `spdx`:
    /// ```dockerfile
    /// LABEL org.opencontainers.image.licenses="Apache 2"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// LABEL org.opencontainers.image.licenses="Apache-2.0"
    /// ```
    ///
    /// ## Differences from hadolint
    /// Values are read after ARG and ENV expansion. An empty value is left to DL3051, which
    /// hadolint reports under both codes. Like hadolint, plimsoll accepts a single identifier
    /// only, so license expressions such as `MIT OR Apache-2.0` are reported. The list of
    /// identifiers is the SPDX License List as packaged in `spdx-license-ids` 3.0.23, which
    /// may differ from the list built into hadolint.
    pub InvalidSpdxLabel {
        code: "DL3054",
        name: "invalid-spdx-label",
        severity: Warning,
    }
}

impl Rule for InvalidSpdxLabel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        check_typed_labels(
            context,
            &Self::META,
            LabelType::Spdx,
            is_spdx_license_id,
            "an SPDX license identifier",
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
                ("k".to_string(), LabelType::Spdx),
                ("other".to_string(), LabelType::Text),
            ],
            ..LintOptions::default()
        }
    }

    #[test]
    fn invalid_value_fails() {
        assert_eq!(
            findings_with("DL3054", "FROM a:1\nLABEL k=\"Apache 2\"\n", schema()),
            vec![(2, 9)]
        );
        assert_eq!(
            findings_with(
                "DL3054",
                "FROM a:1\nLABEL k=\"MIT OR Apache-2.0\"\n",
                schema()
            ),
            vec![(2, 9)]
        );
    }

    #[test]
    fn valid_empty_or_other_label_passes() {
        assert!(findings_with("DL3054", "FROM a:1\nLABEL k=\"Apache-2.0\"\n", schema()).is_empty());
        assert!(findings_with("DL3054", "FROM a:1\nLABEL k=\"mit\"\n", schema()).is_empty());
        assert!(findings_with("DL3054", "FROM a:1\nLABEL k=\"\"\n", schema()).is_empty());
        assert!(
            findings_with("DL3054", "FROM a:1\nLABEL other=\"Apache 2\"\n", schema()).is_empty()
        );
        assert!(
            findings_with(
                "DL3054",
                "FROM a:1\nLABEL k=\"Apache 2\"\n",
                LintOptions::default()
            )
            .is_empty()
        );
    }
}
