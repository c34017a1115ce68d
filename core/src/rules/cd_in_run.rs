use super::helpers::runs;
use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::syntax::ast::Keyword;

declare_rule! {
    /// ## What it does
    /// Reports `cd` in a `RUN`, outside a subshell.
    ///
    /// ## Why is this bad?
    /// The directory change lasts only for that `RUN`, which surprises readers who expect the
    /// next instruction to run there. `WORKDIR` states the directory once, for every later
    /// instruction, and creates it if needed.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN cd /usr/src/app && make
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// WORKDIR /usr/src/app
    /// RUN make
    /// ```
    ///
    /// ## Differences from hadolint
    /// A `cd` inside a subshell, `(cd build && make)`, or inside a command substitution is not
    /// reported: its effect ends with the subshell, which is the point of writing it that way.
    pub CdInRun {
        code: "DL3003",
        name: "cd-in-run",
        severity: Warning,
    }
}

impl Rule for CdInRun {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in context.instructions().iter().enumerate() {
            if instruction.keyword != Keyword::Run {
                continue;
            }
            let Some(commands) = context.run_commands(index) else {
                continue;
            };
            let cd = commands.with_spans().into_iter().find(|(command, _)| {
                runs(command, &["cd"])
                    && !command.nesting.in_subshell
                    && !command.nesting.in_command_substitution
            });
            if let Some((_, span)) = cd {
                out.push(Self::META.diagnostic(
                    span,
                    "`cd` in RUN lasts only for this RUN; use WORKDIR to change directory",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn cd_fails() {
        assert_eq!(
            findings("DL3003", "FROM a:1\nRUN cd /app && make\n"),
            vec![(2, 5)]
        );
    }

    #[test]
    fn subshell_or_no_cd_passes() {
        assert!(findings("DL3003", "FROM a:1\nRUN (cd /app && make) && echo ok\n").is_empty());
        assert!(findings("DL3003", "FROM a:1\nRUN x=$(cd /a && pwd)\n").is_empty());
        assert!(findings("DL3003", "FROM a:1\nRUN make -C /app\n").is_empty());
    }
}
