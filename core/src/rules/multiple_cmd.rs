use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::syntax::ast::Keyword;

/// Reports every instruction of kind `keyword` after the first one in its stage.
pub(crate) fn report_repeats(
    context: &Context<'_>,
    keyword: Keyword,
    meta: &'static RuleMeta,
    out: &mut Vec<Diagnostic>,
) {
    let instructions = context.instructions();
    for stage in &context.model.stages {
        let mut first: Option<usize> = None;
        for index in stage.instructions.clone() {
            let instruction = &instructions[index];
            if instruction.keyword != keyword {
                continue;
            }
            match first {
                None => first = Some(index),
                Some(first) => {
                    let name = instruction.name();
                    out.push(meta.diagnostic(
                        instruction.keyword_text.span,
                        format!(
                            "a second {name} in this stage: only the last one takes effect, so \
                             the {name} on line {} is ignored",
                            instructions[first].start_line
                        ),
                    ));
                }
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a second `CMD` in one stage.
    ///
    /// ## Why is this bad?
    /// Only the last `CMD` of a stage takes effect. The earlier one is dead code that misleads
    /// readers about what the container runs.
    ///
    /// ## Example
    /// ```dockerfile
    /// CMD ["nginx"]
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    pub MultipleCmd {
        code: "DL4003",
        name: "multiple-cmd",
        severity: Warning,
    }
}

impl Rule for MultipleCmd {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        report_repeats(context, Keyword::Cmd, &Self::META, out);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn second_cmd_fails() {
        assert_eq!(
            findings("DL4003", "FROM a:1\nCMD [\"a\"]\nCMD [\"b\"]\n"),
            vec![(3, 1)]
        );
    }

    #[test]
    fn one_cmd_per_stage_passes() {
        assert!(findings("DL4003", "FROM a:1\nCMD [\"a\"]\nFROM b:1\nCMD [\"b\"]\n").is_empty());
    }
}
