use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::syntax::ast::{Arguments, Keyword};

declare_rule! {
    /// ## What it does
    /// Reports a stage name, `FROM image AS Name`, that is not all lower case.
    ///
    /// ## Why is this bad?
    /// BuildKit lower-cases stage names, so `Build`, `BUILD` and `build` name the same stage.
    /// A mixed-case name suggests a distinction that does not exist, and `--target` and
    /// `COPY --from` then read differently from the `FROM` line.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS BuildStage
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.22 AS build-stage
    /// ```
    pub UppercaseStageName {
        code: "PL1007",
        name: "uppercase-stage-name",
        severity: Warning,
        aliases: ["StageNameCasing"],
    }
}

impl Rule for UppercaseStageName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for instruction in context.instructions() {
            if instruction.keyword != Keyword::From {
                continue;
            }
            let Arguments::Words(words) = &instruction.arguments else {
                continue;
            };
            let [_, _, name] = words.as_slice() else {
                continue;
            };
            if name.value != name.value.to_lowercase() {
                out.push(Self::META.diagnostic(
                    name.span,
                    format!("stage name `{}` should be lower case", name.value),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn mixed_case_name_fails() {
        let text = "\n# stage name should be lowercase\n#\nFROM scratch AS BadStageName\n\n\
                    FROM scratch as base2\n\nFROM scratch AS base3\n";
        assert_eq!(findings("PL1007", text), vec![(4, 17)]);
    }

    #[test]
    fn lower_case_or_unnamed_passes() {
        assert!(findings("PL1007", "FROM a:1 AS build\nFROM a:1\n").is_empty());
    }
}
