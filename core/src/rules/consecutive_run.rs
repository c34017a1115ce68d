use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::syntax::ast::{Instruction, Keyword};

/// RUNs with more commands than this are left alone, as hadolint does: a RUN that already
/// chains commands was split on purpose, often to keep a slow step cached.
const MAX_COMMANDS: usize = 1;

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` that directly follows another `RUN` with the same flags, when each of
    /// the two runs a single command. A `[ … ]` test does not count as a command.
    ///
    /// ## Why is this bad?
    /// Each `RUN` makes a layer. Short consecutive `RUN`s can usually be one, which saves a
    /// layer and lets a cleanup command shrink what the earlier command left behind.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN mkdir -p /app
    /// RUN chown app /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN mkdir -p /app && chown app /app
    /// ```
    ///
    /// ## Differences from hadolint
    /// RUNs with heredoc scripts are not reported: each is a script of its own, and merging
    /// them is rarely clearer. RUNs for `cmd` or PowerShell are not reported either, because
    /// their commands are not counted; hadolint counts them as if they were POSIX shell.
    pub ConsecutiveRun {
        code: "DL3059",
        name: "consecutive-run",
        severity: Info,
    }
}

fn flags_text(instruction: &Instruction) -> Vec<&str> {
    instruction
        .flags
        .iter()
        .map(|flag| flag.raw.as_str())
        .collect()
}

impl Rule for ConsecutiveRun {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let instructions = context.instructions();
        // A RUN that is not analysed, such as a PowerShell script, counts as many commands.
        let command_count = |index: usize| {
            context.run_commands(index).map_or(usize::MAX, |commands| {
                // `[ … ]` is a test, not a step: `[ -e x ] || touch x` is one command.
                commands
                    .commands()
                    .iter()
                    .filter(|command| command.argv.first().is_none_or(|name| name.value != "["))
                    .count()
            })
        };
        for index in 1..instructions.len() {
            let (previous, current) = (&instructions[index - 1], &instructions[index]);
            if previous.keyword != Keyword::Run || current.keyword != Keyword::Run {
                continue;
            }
            if !previous.heredocs.is_empty() || !current.heredocs.is_empty() {
                continue;
            }
            if flags_text(previous) != flags_text(current) {
                continue;
            }
            if command_count(index - 1) > MAX_COMMANDS || command_count(index) > MAX_COMMANDS {
                continue;
            }
            out.push(Self::META.diagnostic(
                current.keyword_text.span,
                format!(
                    "RUN directly after the RUN on line {}; merge them with `&&` to save a layer",
                    previous.start_line
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn short_consecutive_runs_fail() {
        assert_eq!(
            findings(
                "DL3059",
                "FROM a:1\nRUN mkdir /app\n# why\nRUN chown x /app\n"
            ),
            vec![(4, 1)]
        );
    }

    #[test]
    fn test_brackets_do_not_count() {
        assert_eq!(
            findings(
                "DL3059",
                "FROM a:1\nRUN mkdir /app\nRUN [ -e /app/x ] || touch /app/x\n"
            ),
            vec![(3, 1)]
        );
    }

    #[test]
    fn separated_long_or_different_runs_pass() {
        for text in [
            "FROM a:1\nRUN mkdir /app\nWORKDIR /app\nRUN touch x\n",
            "FROM a:1\nRUN a && b\nRUN d\n",
            "FROM a:1\nRUN --mount=type=cache,target=/x a\nRUN b\n",
            "FROM a:1\nRUN <<EOF\na\nEOF\nRUN <<EOF\nb\nEOF\n",
        ] {
            assert!(findings("DL3059", text).is_empty(), "{text}");
        }
    }
}
