use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::syntax::ast::Keyword;

declare_rule! {
    /// ## What it does
    /// Reports a `CMD`, `ENTRYPOINT` or `HEALTHCHECK` that a later instruction of the same
    /// kind in the same stage overrides. The finding points at the earlier instruction, the one
    /// that has no effect.
    ///
    /// ## Why is this bad?
    /// Only the last of these instructions in a stage counts. The earlier one is dead code that
    /// misleads the reader about how the container starts or is probed.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// CMD ["./server"]
    /// CMD ["./server", "--verbose"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// CMD ["./server", "--verbose"]
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint's DL4003 (`CMD`), DL4004 (`ENTRYPOINT`) and DL3012 (`HEALTHCHECK`) report
    /// the same repetition at the later instruction. This rule is BuildKit's
    /// MultipleInstructionsDisallowed, which points at the earlier one. Both are on by
    /// default; ignore one side to get a single finding per repetition.
    ///
    /// ## Differences from BuildKit
    /// None: every stage is checked, instructions inside `ONBUILD` are not, and a stage
    /// built on another stage starts afresh.
    pub OverriddenInstruction {
        code: "PL1010",
        name: "overridden-instruction",
        severity: Warning,
        aliases: ["MultipleInstructionsDisallowed"],
    }
}

impl Rule for OverriddenInstruction {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let instructions = context.instructions();
        for stage in &context.model.stages {
            for keyword in [Keyword::Cmd, Keyword::Entrypoint, Keyword::Healthcheck] {
                let mut previous: Option<usize> = None;
                for index in stage.instructions.clone() {
                    let instruction = &instructions[index];
                    if instruction.keyword != keyword {
                        continue;
                    }
                    if let Some(earlier) = previous {
                        let line = context.dockerfile.line_of(instruction.span.start);
                        let name = instruction.name();
                        out.push(Self::META.diagnostic(
                            instructions[earlier].keyword_text.span,
                            format!(
                                "this {name} has no effect because the {name} on line {line} \
                                 replaces it; only the last one of a stage is used"
                            ),
                        ));
                    }
                    previous = Some(index);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn repeated_instructions_fail_at_earlier() {
        let text = "\nFROM scratch\nENTRYPOINT [\"/myapp\"]\nENTRYPOINT [\"/myotherapp\"]\n\
                    CMD [\"/myapp\"]\nCMD [\"/myotherapp\"]\nHEALTHCHECK CMD [\"/myapp\"]\n\
                    HEALTHCHECK CMD [\"/myotherapp\"]\n";
        assert_eq!(findings("PL1010", text), vec![(3, 1), (5, 1), (7, 1)]);

        let text = "\nFROM scratch\nENTRYPOINT [\"/myapp\"]\nCMD [\"/myapp\"]\n\
                    HEALTHCHECK CMD [\"/myapp\"]\nCOPY <<EOF /a.txt\nHello, World!\nEOF\n\
                    ENTRYPOINT [\"/b\"]\nCMD [\"/b\"]\nHEALTHCHECK CMD [\"/b\"]\n";
        assert_eq!(findings("PL1010", text), vec![(3, 1), (4, 1), (5, 1)]);
    }

    #[test]
    fn one_per_stage_passes() {
        let text = "FROM scratch AS a\nENTRYPOINT [\"/myapp\"]\nCMD [\"/myapp\"]\n\
                    HEALTHCHECK CMD [\"/myapp\"]\n\nFROM a AS b\nENTRYPOINT [\"/b\"]\n\
                    CMD [\"/b\"]\nHEALTHCHECK CMD [\"/b\"]\nONBUILD CMD [\"/c\"]\n";
        assert!(findings("PL1010", text).is_empty());
    }
}
