//! The labels of a Dockerfile as the label rules read them, and the check shared by the rules
//! on typed schema labels.

use crate::diagnostic::Diagnostic;
use crate::lint::LabelType;
use crate::rules::{Context, RuleMeta};
use crate::source::Span;
use crate::syntax::ast::{Arguments, Keyword};

/// One `key=value` pair of a LABEL instruction, after ARG and ENV expansion and quote removal.
pub struct Label {
    pub key: String,
    pub value: String,
    pub key_span: Span,
    /// The value as written, or the key when the value is empty and has no text.
    pub value_span: Span,
    /// Index of the LABEL instruction.
    pub instruction: usize,
}

/// Returns every label pair of the Dockerfile's LABEL instructions, in order. ONBUILD LABEL
/// triggers are left out, since they label images built later.
pub fn labels(context: &Context<'_>) -> Vec<Label> {
    let mut labels = Vec::new();
    for (index, instruction) in context.instructions().iter().enumerate() {
        let (Keyword::Label, Arguments::Pairs(pairs)) =
            (instruction.keyword, &instruction.arguments)
        else {
            continue;
        };
        for pair in pairs {
            let value_span = if pair.value.span.is_empty() {
                pair.key.span
            } else {
                pair.value.span
            };
            labels.push(Label {
                key: expand(context, index, &pair.key.value),
                value: expand(context, index, &pair.value.value),
                key_span: pair.key.span,
                value_span,
                instruction: index,
            });
        }
    }
    labels
}

/// Expands variables and removes quotes as BuildKit does with label keys and values; text that
/// BuildKit's expansion rejects is kept as written.
fn expand(context: &Context<'_>, index: usize, text: &str) -> String {
    context
        .model
        .expand(index, text)
        .unwrap_or_else(|_| text.to_string())
}

/// Returns the type the label schema gives `key`, or `None` if the schema does not list it.
pub fn schema_type(context: &Context<'_>, key: &str) -> Option<LabelType> {
    context
        .options
        .label_schema
        .iter()
        .find(|(name, _)| name == key)
        .map(|(_, kind)| *kind)
}

/// Reports every non-empty label whose schema type is `kind` and whose value `is_valid`
/// rejects. Empty values are left to the rule on empty schema labels.
pub fn check_typed_labels(
    context: &Context<'_>,
    meta: &'static RuleMeta,
    kind: LabelType,
    is_valid: fn(&str) -> bool,
    expected: &str,
    out: &mut Vec<Diagnostic>,
) {
    if !context.options.label_schema.iter().any(|(_, t)| *t == kind) {
        return;
    }
    for label in labels(context) {
        if label.value.is_empty()
            || schema_type(context, &label.key) != Some(kind)
            || is_valid(&label.value)
        {
            continue;
        }
        out.push(meta.diagnostic(
            label.value_span,
            format!(
                "label `{}` is `{}`, which is not {expected}",
                label.key, label.value
            ),
        ));
    }
}
