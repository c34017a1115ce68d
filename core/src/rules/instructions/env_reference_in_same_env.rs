use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::expand::variable_references;
use crate::model::arg_declarations;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::source::Span;
use crate::syntax::ast::{Arguments, Keyword, Word};

declare_rule! {
    /// ## What it does
    /// Reports an `ENV` value that uses a variable which another pair of the same `ENV`
    /// defines, when the variable had no value before that `ENV`.
    ///
    /// ## Why is this bad?
    /// All pairs of one `ENV` are expanded with the values from before the instruction. In
    /// `ENV DIR=/app BIN=$DIR/bin`, `BIN` becomes `/bin`, not `/app/bin`.
    ///
    /// ## Example
    /// ```dockerfile
    /// ENV DIR=/app BIN=$DIR/bin
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ENV DIR=/app
    /// ENV BIN=$DIR/bin
    /// ```
    ///
    /// ## Differences from hadolint
    /// References are found with BuildKit's expansion rules, so an escaped `\$DIR` or a
    /// `$DIR` in single quotes is not a reference. A variable counts as defined before when
    /// it is in scope at the `ENV`: an ARG declared in the stage, an ENV of the stage or an
    /// ENV of its parent stages; hadolint counts every earlier ARG and ENV of the file, in any stage.
    pub EnvReferenceInSameEnv {
        code: "DL3044",
        name: "env-reference-in-same-env",
        severity: Error,
    }
}

impl Rule for EnvReferenceInSameEnv {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let escape = context.dockerfile.escape;
        for (index, instruction) in context.instructions().iter().enumerate() {
            let (Keyword::Env, Arguments::Pairs(pairs)) =
                (instruction.keyword, &instruction.arguments)
            else {
                continue;
            };
            if pairs.len() < 2 {
                continue;
            }
            // ARGs declared without a value are not in scope; they are looked up only when
            // needed, since that takes a scan of the stage.
            let mut declared: Option<Vec<String>> = None;
            let mut keys: HashMap<&str, usize> = HashMap::new();
            for pair in pairs {
                *keys.entry(pair.key.value.as_str()).or_default() += 1;
            }

            for pair in pairs {
                for (name, range) in variable_references(&pair.value.value, escape) {
                    // The pair's own key does not count: `PATH=$PATH:/x` is intended.
                    let own = usize::from(pair.key.value == name);
                    let defined_here = keys.get(name.as_str()).is_some_and(|&count| count > own);
                    if !defined_here || context.model.lookup(index, &name).is_some() {
                        continue;
                    }
                    if declared
                        .get_or_insert_with(|| declared_args(context, index))
                        .contains(&name)
                    {
                        continue;
                    }
                    out.push(Self::META.diagnostic(
                        sub_span(context, &pair.value, range),
                        format!(
                            "`${name}` is defined in this same ENV, so `{}` gets its value from \
                             before the ENV, which is empty; set `{name}` in an earlier ENV",
                            pair.key.value
                        ),
                    ));
                }
            }
        }
    }
}

/// Returns the names of the ARGs declared in the stage of instruction `index` before it,
/// with or without a value, since a build argument can give them one.
fn declared_args(context: &Context<'_>, index: usize) -> Vec<String> {
    let Some(stage) = context.model.stage_of[index] else {
        return Vec::new();
    };
    let start = context.model.stages[stage].instructions.start;
    (start..index)
        .filter(|&at| context.instructions()[at].keyword == Keyword::Arg)
        .flat_map(|at| arg_declarations(&context.instructions()[at], at))
        .map(|declaration| declaration.name)
        .collect()
}

/// Returns the source span of `range` inside `word`, or the whole word when its value is not
/// a verbatim copy of its source, as for a value continued over several lines.
fn sub_span(context: &Context<'_>, word: &Word, range: std::ops::Range<usize>) -> Span {
    if context.dockerfile.slice(word.span) == word.value && range.end <= word.value.len() {
        Span::new(word.span.start + range.start, word.span.start + range.end)
    } else {
        word.span
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn sibling_reference_fails() {
        assert_eq!(
            findings("DL3044", "FROM a:1\nENV DIR=/app BIN=$DIR/bin\n"),
            vec![(2, 18)]
        );
        assert_eq!(
            findings("DL3044", "FROM a:1\nENV A=${B}x B=1\n"),
            vec![(2, 7)]
        );
    }

    #[test]
    fn defined_before_or_self_passes() {
        assert!(
            findings(
                "DL3044",
                "FROM a:1\nENV DIR=/a\nENV DIR=/app BIN=$DIR/bin\n"
            )
            .is_empty()
        );
        assert!(findings("DL3044", "FROM a:1\nARG DIR\nENV DIR=/app BIN=$DIR/bin\n").is_empty());
        assert!(findings("DL3044", "FROM a:1\nENV PATH=$PATH:/x A=1\n").is_empty());
        assert!(findings("DL3044", "FROM a:1\nENV DIR=/app BIN=\\$DIR/bin\n").is_empty());
        assert!(findings("DL3044", "FROM a:1\nENV DIR=/app BIN=$DIRX\n").is_empty());
        assert!(findings("DL3044", "FROM a:1\nENV DIR /app $DIR\n").is_empty());
    }
}
