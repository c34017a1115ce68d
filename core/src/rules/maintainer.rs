use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::syntax::ast::{Arguments, Keyword};

declare_rule! {
    /// ## What it does
    /// Reports `MAINTAINER`.
    ///
    /// ## Why is this bad?
    /// `MAINTAINER` has been deprecated since Docker 1.13. Tools read the author from the
    /// `org.opencontainers.image.authors` label instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// MAINTAINER Jane Doe <jane@example.com>
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
    /// ```
    ///
    /// ## Fix safety
    /// The fix replaces the instruction with the label. It is unsafe: the image config's
    /// `Author` field is no longer set, and a tool that reads it finds no author.
    pub Maintainer {
        code: "DL4000",
        name: "maintainer",
        severity: Error,
        aliases: ["MaintainerDeprecated"],
        fixable: true,
    }
}

impl Rule for Maintainer {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for instruction in context.instructions() {
            if instruction.keyword != Keyword::Maintainer {
                continue;
            }
            let message = "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors";
            let diagnostic = match &instruction.arguments {
                Arguments::Text(author) if instruction.start_line == instruction.end_line => {
                    let value = serde_json::to_string(author.value.trim()).unwrap_or_default();
                    let fix = Fix {
                        message: "replace with a LABEL".to_string(),
                        applicability: Applicability::Unsafe,
                        edits: vec![Edit {
                            span: instruction.span,
                            replacement: format!("LABEL org.opencontainers.image.authors={value}"),
                        }],
                    };
                    Self::META.diagnostic_with_fix(instruction.keyword_text.span, message, fix)
                }
                _ => Self::META.diagnostic(instruction.keyword_text.span, message),
            };
            out.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn maintainer_fails() {
        assert_eq!(
            findings("DL4000", "FROM a:1\nMAINTAINER Jane <j@x>\n"),
            vec![(2, 1)]
        );
    }

    #[test]
    fn label_passes() {
        assert!(findings("DL4000", "FROM a:1\nLABEL maintainer=jane\n").is_empty());
    }
}
