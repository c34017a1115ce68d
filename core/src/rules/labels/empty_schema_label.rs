use super::common::{labels, schema_type};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// When a label schema is configured, reports a label of the schema that is set to an
    /// empty value.
    ///
    /// ## Why is this bad?
    /// The schema says the label must carry information; an empty value satisfies the
    /// presence check while giving readers and tools nothing.
    ///
    /// ## Example
    /// With a schema that lists `org.opencontainers.image.version`:
    /// ```dockerfile
    /// LABEL org.opencontainers.image.version=""
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// LABEL org.opencontainers.image.version="1.4.2"
    /// ```
    ///
    /// ## Differences from hadolint
    /// Values are read after ARG and ENV expansion, so a label set from a build argument
    /// without a value is reported.
    pub EmptySchemaLabel {
        code: "DL3051",
        name: "empty-schema-label",
        severity: Warning,
    }
}

impl Rule for EmptySchemaLabel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if context.options.label_schema.is_empty() {
            return;
        }
        for label in labels(context) {
            if label.value.is_empty() && schema_type(context, &label.key).is_some() {
                out.push(Self::META.diagnostic(
                    label.value_span,
                    format!(
                        "label `{}` is empty; the label schema requires a value",
                        label.key
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::LintOptions;
    use crate::lint::LabelType;
    use crate::rules::test_support::findings_with;

    fn schema() -> LintOptions {
        LintOptions {
            label_schema: vec![("version".to_string(), LabelType::Text)],
            ..LintOptions::default()
        }
    }

    #[test]
    fn empty_schema_label_fails() {
        assert_eq!(
            findings_with("DL3051", "FROM a:1\nLABEL version=\"\"\n", schema()),
            vec![(2, 15)]
        );
        assert_eq!(
            findings_with(
                "DL3051",
                "FROM a:1\nARG V\nLABEL a=1 version=$V\n",
                schema()
            ),
            vec![(3, 19)]
        );
    }

    #[test]
    fn set_or_unlisted_passes() {
        assert!(findings_with("DL3051", "FROM a:1\nLABEL version=1\n", schema()).is_empty());
        assert!(findings_with("DL3051", "FROM a:1\nLABEL other=\"\"\n", schema()).is_empty());
        assert!(
            findings_with(
                "DL3051",
                "FROM a:1\nLABEL version=\"\"\n",
                LintOptions::default()
            )
            .is_empty()
        );
    }
}
