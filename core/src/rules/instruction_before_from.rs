use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::syntax::ast::Keyword;

declare_rule! {
    /// ## What it does
    /// Reports an instruction other than `ARG` before the first `FROM`.
    ///
    /// ## Why is this bad?
    /// Only `ARG` may come before `FROM`, to set values for `FROM` lines. BuildKit rejects any
    /// other instruction there.
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL maintainer="ops@example.com"
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL maintainer="ops@example.com"
    /// ```
    pub InstructionBeforeFrom {
        code: "DL3061",
        name: "instruction-before-from",
        severity: Error,
    }
}

impl Rule for InstructionBeforeFrom {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for instruction in context.instructions() {
            match instruction.keyword {
                Keyword::From => break,
                Keyword::Arg | Keyword::Unknown => {}
                _ => out.push(Self::META.diagnostic(
                    instruction.keyword_text.span,
                    format!(
                        "{} before the first FROM; only ARG may come before FROM",
                        instruction.name()
                    ),
                )),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn instruction_before_from_fails() {
        assert_eq!(
            findings("DL3061", "ARG V=1\nLABEL a=b\nFROM a:1\n"),
            vec![(2, 1)]
        );
    }

    #[test]
    fn arg_before_from_passes() {
        assert!(
            findings(
                "DL3061",
                "# syntax=docker/dockerfile:1\nARG V=1\nFROM a:$V\nLABEL a=b\n"
            )
            .is_empty()
        );
    }
}
