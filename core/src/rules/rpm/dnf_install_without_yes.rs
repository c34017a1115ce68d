use super::common::{Manager, PackageCommand, assumes_yes, insert_option_after};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::syntax::ast::Keyword;

declare_rule! {
    /// ## What it does
    /// Reports `dnf install` or `microdnf install` (and `in`, `groupinstall`, `localinstall`,
    /// `group install`, `module install`) without `-y` or `--assumeyes`.
    ///
    /// ## Why is this bad?
    /// dnf prompts for confirmation before it installs anything. A build has no terminal to
    /// answer, so dnf reads end of input, takes it as "no" and fails. microdnf does not prompt
    /// and accepts `-y` without effect. It is reported as hadolint reports it, so that the
    /// command keeps working when it is changed to dnf.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN dnf install httpd
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN dnf install -y httpd
    /// ```
    ///
    /// ## Fix safety
    /// The fix inserts `-y` after the subcommand, except in an exec-form `RUN`. It is safe:
    /// it changes only commands that stopped at a prompt and failed, and elsewhere `-y` has
    /// no effect.
    ///
    /// ## Differences from hadolint
    /// hadolint reads any word `install` as the subcommand and matches the program name
    /// exactly. plimsoll reads the subcommand after skipping options and their values, so
    /// `dnf remove install` is not an install; it also checks `/usr/bin/dnf`, `dnf5` and
    /// dnf's short name `dnf in`. `--setopt=assumeyes=1` counts as `-y`.
    pub DnfInstallWithoutYes {
        code: "DL3038",
        name: "dnf-install-without-yes",
        severity: Warning,
        fixable: true,
    }
}

impl Rule for DnfInstallWithoutYes {
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
                if !matches!(package.manager, Manager::Dnf | Manager::Microdnf)
                    || package.install().is_none()
                    || assumes_yes(&package)
                {
                    continue;
                }
                let message = format!(
                    "`{} {}` without `-y` fails at the confirmation prompt; add `-y`",
                    package.manager.name(),
                    package.action()
                );
                let fix = insert_option_after(run, commands, package.subcommand, "-y");
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
    use crate::{LintOptions, lint};

    #[test]
    fn install_without_yes_fails() {
        for body in [
            "dnf install httpd",
            "dnf in httpd",
            "dnf5 install httpd",
            "microdnf install httpd",
            "dnf groupinstall 'Development Tools'",
            "dnf group install 'Development Tools'",
            "dnf module install nodejs:18",
            "dnf localinstall /tmp/a.rpm",
            "dnf --setopt tsflags=nodocs install httpd",
        ] {
            assert_eq!(
                findings("DL3038", &format!("FROM fedora:40\nRUN {body}\n")),
                vec![(2, 5)],
                "{body}"
            );
        }
    }

    #[test]
    fn yes_forms_pass() {
        for body in [
            "dnf install -y httpd",
            "dnf -y install httpd",
            "microdnf --assumeyes install httpd",
            "dnf --setopt=assumeyes=True install httpd",
            "dnf remove install",
            "dnf -y upgrade",
            "yum install httpd",
            "dnf module enable nodejs:18",
        ] {
            assert!(
                findings("DL3038", &format!("FROM fedora:40\nRUN {body}\n")).is_empty(),
                "{body}"
            );
        }
    }

    #[test]
    fn points_at_each_command() {
        assert_eq!(
            findings(
                "DL3038",
                "FROM fedora:40\nRUN dnf -y install a && microdnf install b\n"
            ),
            vec![(2, 25)]
        );
    }

    #[test]
    fn message_names_two_word_subcommand() {
        let options = LintOptions {
            select: vec!["DL3038".into()],
            ..Default::default()
        };
        let result = lint(
            b"FROM fedora:40\nRUN dnf module install nodejs:20\n",
            &options,
        )
        .unwrap();
        assert_eq!(result.diagnostics.len(), 1);
        assert!(
            result.diagnostics[0]
                .message
                .starts_with("`dnf module install` without `-y`"),
            "{}",
            result.diagnostics[0].message
        );
    }

    #[test]
    fn fix_inserts_yes_after_subcommand() {
        assert_eq!(
            apply_fixes(
                "DL3038",
                "FROM fedora:40\nRUN dnf module install nodejs:20\n"
            ),
            "FROM fedora:40\nRUN dnf module -y install nodejs:20\n"
        );
    }
}
