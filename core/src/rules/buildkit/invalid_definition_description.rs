use crate::diagnostic::Diagnostic;
use crate::model::arg_declarations;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::syntax::ast::{Instruction, Keyword};

declare_rule! {
    /// ## What it does
    /// Reports a comment directly above an `ARG` or a named `FROM … AS name` that does not
    /// start with the name of the build argument or stage followed by a space. This check is
    /// experimental in BuildKit and off by default; select it to run it.
    ///
    /// ## Why is this bad?
    /// `docker build --call=outline` and `--call=targets` show such comments as the
    /// description of the build argument or stage. A comment that is not a description ends
    /// up in that output anyway. Start a description with the name, or separate an unrelated
    /// comment from the instruction with an empty `#` line.
    ///
    /// ## Example
    /// ```dockerfile
    /// # a non-descriptive comment
    /// FROM alpine:3.20 AS base
    /// # another non-descriptive comment
    /// ARG VERSION=1
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// # base is the stage that compiles the sources
    /// FROM alpine:3.20 AS base
    /// # VERSION is the version of the release
    /// ARG VERSION=1
    /// ```
    ///
    /// A blank line does not separate a comment from the instruction below it, because
    /// BuildKit's parser (`frontend/dockerfile/parser/parser.go`) keeps collecting comments
    /// across blank lines, although the rule's documentation suggests one. An empty `#` line
    /// does separate them.
    ///
    /// ## Differences from BuildKit
    /// The finding points at the comment line BuildKit reads as the description, where
    /// BuildKit reports the instruction.
    pub InvalidDefinitionDescription {
        code: "PL1014",
        name: "invalid-definition-description",
        severity: Warning,
        aliases: ["InvalidDefinitionDescription"],
        enabled_by_default: false,
    }
}

impl Rule for InvalidDefinitionDescription {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in context.instructions().iter().enumerate() {
            let (kind, names) = match instruction.keyword {
                Keyword::Arg => (
                    "ARG",
                    arg_declarations(instruction, index)
                        .into_iter()
                        .map(|declaration| declaration.name)
                        .collect::<Vec<_>>(),
                ),
                Keyword::From => {
                    let stage = context.model.stage_of[index]
                        .and_then(|stage| context.model.stages[stage].name.clone());
                    ("FROM", stage.into_iter().collect())
                }
                _ => continue,
            };
            let Some(description) = instruction.comments_above.last() else {
                continue;
            };
            if names.is_empty() {
                continue;
            }
            let first_word = description.split(' ').next().unwrap_or_default();
            if names.iter().any(|name| name == first_word) {
                continue;
            }
            let example = match names.as_slice() {
                [single] => single.as_str(),
                _ => "<arg_key>",
            };
            out.push(Self::META.diagnostic(
                comment_span(context, instruction),
                format!("comment for {kind} should follow the format `# {example} <description>`"),
            ));
        }
    }
}

/// Returns the span of the last comment line above `instruction`, or its keyword when the
/// comment cannot be found.
fn comment_span(context: &Context<'_>, instruction: &Instruction) -> crate::source::Span {
    context
        .dockerfile
        .comments
        .iter()
        .rev()
        .find(|comment| comment.span.end <= instruction.span.start)
        .map_or(instruction.keyword_text.span, |comment| comment.span)
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn undescriptive_comment_fails() {
        let text = "# bar this is the bar\nARG foo=bar\n# BasE this is the BasE image\n\
                    FROM scratch AS base\n# definitely a bad comment\nARG version=latest\n\
                    # definitely a bad comment\nARG foo=baz bar=qux baz=quux\n";
        assert_eq!(
            findings("PL1014", text),
            vec![(1, 1), (3, 1), (5, 1), (7, 1)]
        );
        let blank_line = "# a non-descriptive comment\n\nFROM scratch AS base\n";
        assert_eq!(findings("PL1014", blank_line), vec![(1, 1)]);
    }

    #[test]
    fn descriptions_pass() {
        let text = "# foo this is the foo\nARG foo=bar\n\n# base this is the base image\n\
                    FROM scratch AS base\n\n# version this is the version number\n\
                    ARG version=latest\n\n# baz this is the baz\nARG foo=baz bar=qux baz=quux\n\
                    #\nARG bit=bat\n\n# comment for something other than ARG or FROM\n\
                    COPY Dockerfile .\n# an unnamed stage\nFROM scratch\n";
        assert!(findings("PL1014", text).is_empty());
    }
}
