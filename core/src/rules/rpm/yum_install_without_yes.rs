use super::common::{Manager, PackageCommand, assumes_yes};
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
    /// ## Differences from hadolint
    /// hadolint reads any word `install` as the subcommand and matches the program name
    /// exactly. plimsoll reads the subcommand after skipping options and their values, so
    /// `yum remove install` is not an install, and it also checks `/usr/bin/yum`.
    /// `--setopt=assumeyes=1` counts as `-y`.
    pub YumInstallWithoutYes {
        code: "DL3030",
        name: "yum-install-without-yes",
        severity: Warning,
    }
}

impl Rule for YumInstallWithoutYes {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in context.instructions().iter().enumerate() {
            if instruction.effective().keyword != Keyword::Run {
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
                if !assumes_yes(&package) {
                    out.push(Self::META.diagnostic(
                        span,
                        format!(
                            "`yum {}` without `-y` fails at the confirmation prompt; add `-y`",
                            package.action()
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
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
}
