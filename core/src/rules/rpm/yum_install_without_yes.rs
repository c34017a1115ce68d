use super::common::{Manager, PackageCommand, assumes_yes, insert_option_after};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::syntax::ast::Keyword;

declare_rule! {
    /// ## What it does
    /// Reports `yum install` (and `groupinstall`, `localinstall`, `group install`,
    /// `module install`) without `-y` or `--assumeyes`.
    ///
    /// ## Why is this bad?
    /// yum prompts for confirmation before it installs anything. A build has no terminal to
    /// answer, so yum reads end of input, takes it as "no" and fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN yum install httpd
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN yum install -y httpd
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
    /// `yum remove install` is not an install, and it also checks `/usr/bin/yum`.
    /// `--setopt=assumeyes=1` counts as `-y`.
    pub YumInstallWithoutYes {
        code: "DL3030",
        name: "yum-install-without-yes",
        severity: Warning,
        fixable: true,
    }
}

impl Rule for YumInstallWithoutYes {
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
                if package.manager != Manager::Yum || package.install().is_none() {
                    continue;
                }
                if assumes_yes(&package) {
                    continue;
                }
                let message = format!(
                    "`yum {}` without `-y` fails at the confirmation prompt; add `-y`",
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

    #[test]
    fn install_without_yes_fails() {
        for body in [
            "yum install httpd",
            "yum groupinstall 'Development Tools'",
            "yum localinstall /tmp/a.rpm",
            "yum group install 'Development Tools'",
            "yum module install nodejs:18",
            "/usr/bin/yum install httpd",
            "yum --enablerepo epel install httpd",
        ] {
            assert_eq!(
                findings("DL3030", &format!("FROM centos:7\nRUN {body}\n")),
                vec![(2, 5)],
                "{body}"
            );
        }
    }

    #[test]
    fn yes_forms_pass() {
        for body in [
            "yum install -y httpd",
            "yum -y install httpd",
            "yum install --assumeyes httpd",
            "yum -qy install httpd",
            "yum --setopt=assumeyes=1 install httpd",
            "yum remove install",
            "yum update",
            "yum clean all",
            "dnf install httpd",
        ] {
            assert!(
                findings("DL3030", &format!("FROM centos:7\nRUN {body}\n")).is_empty(),
                "{body}"
            );
        }
    }

    #[test]
    fn onbuild_and_exec_form_are_checked() {
        assert_eq!(
            findings("DL3030", "FROM centos:7\nONBUILD RUN yum install httpd\n"),
            vec![(2, 13)]
        );
        assert_eq!(
            findings(
                "DL3030",
                "FROM centos:7\nRUN [\"yum\", \"install\", \"httpd\"]\n"
            ),
            vec![(2, 6)]
        );
    }

    #[test]
    fn later_line_of_continued_run() {
        assert_eq!(
            findings(
                "DL3030",
                "FROM centos:7\nRUN yum -y update \\\n && yum install httpd\n"
            ),
            vec![(3, 5)]
        );
    }

    #[test]
    fn fix_inserts_yes_after_subcommand() {
        assert_eq!(
            apply_fixes(
                "DL3030",
                "FROM centos:7\nRUN yum install httpd \\\n && yum --enablerepo epel groupinstall x\n"
            ),
            "FROM centos:7\nRUN yum install -y httpd \\\n && yum --enablerepo epel groupinstall -y x\n"
        );
        let exec_form = "FROM centos:7\nRUN [\"yum\", \"install\", \"httpd\"]\n";
        assert_eq!(apply_fixes("DL3030", exec_form), exec_form);
    }
}
