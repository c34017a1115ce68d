use super::common::check_typed_labels;
use super::formats::is_git_hash;
use crate::diagnostic::Diagnostic;
use crate::lint::LabelType;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// When a label schema is configured, reports a label whose schema type is `hash` and whose
    /// value is not a Git commit hash: 7 or 40 lower-case hexadecimal digits.
    ///
    /// ## Why is this bad?
    /// Tools look the value up as a commit of the source repository; a branch name or a hash in
    /// another form does not identify a commit.
    ///
    /// ## Example
    /// With a schema that gives `org.opencontainers.image.revision` the type `hash`:
    /// ```dockerfile
    /// LABEL org.opencontainers.image.revision="main"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// LABEL org.opencontainers.image.revision="4f3c2a1"
    /// ```
    ///
    /// ## Differences from hadolint
    /// Values are read after ARG and ENV expansion. An empty value is left to DL3051, which
    /// hadolint reports under both codes.
    pub InvalidHashLabel {
        code: "DL3055",
        name: "invalid-hash-label",
        severity: Warning,
    }
}

impl Rule for InvalidHashLabel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        check_typed_labels(
            context,
            &Self::META,
            LabelType::Hash,
            is_git_hash,
            "a Git commit hash of 7 or 40 lower-case hexadecimal digits",
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
                ("k".to_string(), LabelType::Hash),
                ("other".to_string(), LabelType::Text),
            ],
            ..LintOptions::default()
        }
    }

    #[test]
    fn invalid_value_fails() {
        assert_eq!(
            findings_with("DL3055", "FROM a:1\nLABEL k=\"main\"\n", schema()),
            vec![(2, 9)]
        );
        assert_eq!(
            findings_with("DL3055", "FROM a:1\nLABEL k=\"4F3C2A1\"\n", schema()),
            vec![(2, 9)]
        );
    }

    #[test]
    fn valid_empty_or_other_label_passes() {
        assert!(findings_with("DL3055", "FROM a:1\nLABEL k=\"4f3c2a1\"\n", schema()).is_empty());
        assert!(
            findings_with(
                "DL3055",
                "FROM a:1\nLABEL k=\"0123456789abcdef0123456789abcdef01234567\"\n",
                schema()
            )
            .is_empty()
        );
        assert!(findings_with("DL3055", "FROM a:1\nLABEL k=\"\"\n", schema()).is_empty());
        assert!(findings_with("DL3055", "FROM a:1\nLABEL other=\"main\"\n", schema()).is_empty());
        assert!(
            findings_with(
                "DL3055",
                "FROM a:1\nLABEL k=\"main\"\n",
                LintOptions::default()
            )
            .is_empty()
        );
    }
}
