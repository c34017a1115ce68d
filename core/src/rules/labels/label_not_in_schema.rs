use super::common::{labels, schema_type};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// With strict labels turned on, reports a label that the label schema does not list.
    /// With strict labels and an empty schema, every label is reported.
    ///
    /// ## Why is this bad?
    /// A strict schema is the complete list of labels an organisation allows. Other labels
    /// are typos of schema labels or metadata that no tool reads.
    ///
    /// ## Example
    /// With strict labels and a schema that lists `org.opencontainers.image.version`:
    /// ```dockerfile
    /// LABEL org.opencontainers.image.verison="1.4.2"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// LABEL org.opencontainers.image.version="1.4.2"
    /// ```
    ///
    /// ## Differences from hadolint
    /// Keys are read after ARG and ENV expansion, and each label that is not in the schema
    /// is reported at its key.
    pub LabelNotInSchema {
        code: "DL3050",
        name: "label-not-in-schema",
        severity: Info,
    }
}

impl Rule for LabelNotInSchema {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !context.options.strict_labels {
            return;
        }
        for label in labels(context) {
            if schema_type(context, &label.key).is_none() {
                out.push(Self::META.diagnostic(
                    label.key_span,
                    format!("label `{}` is not in the label schema", label.key),
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

    fn strict(schema: &[&str]) -> LintOptions {
        LintOptions {
            label_schema: schema
                .iter()
                .map(|key| (key.to_string(), LabelType::Text))
                .collect(),
            strict_labels: true,
            ..LintOptions::default()
        }
    }

    #[test]
    fn unlisted_label_fails() {
        assert_eq!(
            findings_with(
                "DL3050",
                "FROM a:1\nLABEL version=1 extra=2\n",
                strict(&["version"])
            ),
            vec![(2, 17)]
        );
        assert_eq!(
            findings_with("DL3050", "FROM a:1\nLABEL version=1\n", strict(&[])),
            vec![(2, 7)]
        );
    }

    #[test]
    fn listed_or_not_strict_passes() {
        assert!(
            findings_with(
                "DL3050",
                "FROM a:1\nLABEL version=1\n",
                strict(&["version"])
            )
            .is_empty()
        );
        assert!(
            findings_with(
                "DL3050",
                "FROM a:1\nLABEL extra=1\n",
                LintOptions::default()
            )
            .is_empty()
        );
    }
}
