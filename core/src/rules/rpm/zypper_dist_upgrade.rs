use super::common::{Manager, PackageCommand};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::syntax::ast::Keyword;

declare_rule! {
    /// ## What it does
    /// Reports `zypper dist-upgrade` and its short name `zypper dup`.
    ///
    /// ## Why is this bad?
    /// A distribution upgrade may move the image to the packages of another release, change
    /// vendors and remove packages. What the image contains then depends on the day it was
    /// built. Choose the release with the base image tag, and use `zypper update` or
    /// `zypper patch` for fixes within it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.5
    /// RUN zypper --non-interactive dup
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper --non-interactive patch
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint reads any word `dup` or `dist-upgrade` as the subcommand and matches the
    /// program name exactly. plimsoll reads the subcommand after skipping global options and
    /// their values, and checks `/usr/bin/zypper`.
    pub ZypperDistUpgrade {
        code: "DL3035",
        name: "zypper-dist-upgrade",
        severity: Warning,
    }
}

impl Rule for ZypperDistUpgrade {
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
            for command in commands.commands() {
                let Some(package) = PackageCommand::read(command) else {
                    continue;
                };
                if package.manager == Manager::Zypper
                    && matches!(package.subcommand(), "dist-upgrade" | "dup")
                {
                    out.push(Self::META.diagnostic(
                        commands.span(&package.subcommand.span),
                        "`zypper dist-upgrade` can move the image to another release; pick the \
                         release with the base image and use `zypper patch` or `zypper update`",
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
    fn dist_upgrade_fails() {
        assert_eq!(
            findings("DL3035", "FROM opensuse/leap:15\nRUN zypper -n dup\n"),
            vec![(2, 15)]
        );
        assert_eq!(
            findings(
                "DL3035",
                "FROM opensuse/leap:15\nRUN zypper --non-interactive dist-upgrade --no-recommends\n"
            ),
            vec![(2, 30)]
        );
    }

    #[test]
    fn other_subcommands_pass() {
        for body in [
            "zypper -n update",
            "zypper -n patch",
            "zypper -n install dup",
            "echo zypper dup",
        ] {
            assert!(
                findings("DL3035", &format!("FROM opensuse/leap:15\nRUN {body}\n")).is_empty(),
                "{body}"
            );
        }
    }
}
