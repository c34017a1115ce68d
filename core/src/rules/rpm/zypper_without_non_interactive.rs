use super::common::{Manager, PackageCommand, insert_option_after};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::syntax::ast::Keyword;

/// Subcommands of zypper that ask for confirmation before they change the system.
const CONFIRMING_SUBCOMMANDS: &[&str] = &[
    "install",
    "in",
    "remove",
    "rm",
    "source-install",
    "si",
    "patch",
    "update",
    "up",
    "dist-upgrade",
    "dup",
];

declare_rule! {
    /// ## What it does
    /// Reports `zypper install` (and `remove`, `source-install`, `patch`, `update`,
    /// `dist-upgrade`, with their short names) without `--non-interactive` (`-n`),
    /// `--no-confirm` or `-y`.
    ///
    /// ## Why is this bad?
    /// zypper prompts for confirmation before it changes anything. A build has no terminal to
    /// answer, so zypper aborts and the build fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN zypper install curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN zypper --non-interactive install curl
    /// ```
    ///
    /// ## Fix safety
    /// The fix inserts `--non-interactive` after `zypper`, where global options go, except in
    /// an exec-form `RUN`. It is safe: it changes only commands that stopped at a prompt and
    /// failed, and elsewhere the option has no effect.
    ///
    /// ## Differences from hadolint
    /// hadolint reads any word such as `install` or `rm` as the subcommand and matches the
    /// program name exactly. plimsoll reads the subcommand after skipping global options and
    /// their values, checks `/usr/bin/zypper`, and also reports `update` and `dist-upgrade`,
    /// which ask for confirmation in the same way.
    pub ZypperWithoutNonInteractive {
        code: "DL3034",
        name: "zypper-without-non-interactive",
        severity: Warning,
        fixable: true,
    }
}

impl Rule for ZypperWithoutNonInteractive {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in context.instructions().iter().enumerate() {
            let run = instruction.effective();
            if run.keyword != Keyword::Run {
                continue;
            }
            let Some(commands) = context.run_commands(index) else {
                continue;
            };
            for (command, span) in commands.with_spans() {
                let Some(package) = PackageCommand::read(command) else {
                    continue;
                };
                if package.manager != Manager::Zypper
                    || !CONFIRMING_SUBCOMMANDS.contains(&package.subcommand())
                    || package.has_any_flag(&['n', 'y'], &["non-interactive", "no-confirm"])
                {
                    continue;
                }
                let message = format!(
                    "`zypper {}` without `--non-interactive` fails at the confirmation prompt; \
                     add `--non-interactive` before the subcommand",
                    package.subcommand()
                );
                let fix = command.argv.first().and_then(|program| {
                    insert_option_after(run, commands, program, "--non-interactive")
                });
                out.push(match fix {
                    Some(fix) => Self::META.diagnostic_with_fix(span, message, fix),
                    None => Self::META.diagnostic(span, message),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::rpm::common::apply_fixes;
    use crate::rules::test_support::findings;

    #[test]
    fn confirming_subcommands_fail() {
        for body in [
            "zypper install curl",
            "zypper in curl",
            "zypper rm curl",
            "zypper update",
            "zypper --root /srv install curl",
            "/usr/bin/zypper patch",
        ] {
            assert_eq!(
                findings("DL3034", &format!("FROM opensuse/leap:15\nRUN {body}\n")),
                vec![(2, 5)],
                "{body}"
            );
        }
    }

    #[test]
    fn non_interactive_forms_pass() {
        for body in [
            "zypper --non-interactive install curl",
            "zypper -n in curl",
            "zypper install -y curl",
            "zypper install --no-confirm curl",
            "zypper refresh",
            "zypper search install",
            "zypper clean -a",
        ] {
            assert!(
                findings("DL3034", &format!("FROM opensuse/leap:15\nRUN {body}\n")).is_empty(),
                "{body}"
            );
        }
    }

    #[test]
    fn fix_inserts_option_after_program() {
        assert_eq!(
            apply_fixes("DL3034", "FROM opensuse/leap:15\nRUN zypper install curl\n"),
            "FROM opensuse/leap:15\nRUN zypper --non-interactive install curl\n"
        );
    }
}
