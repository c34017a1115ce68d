use super::common::{Manager, PackageCommand, ShellVariables, Specs, expand_package_word};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::syntax::ast::Keyword;

/// Returns true if a zypper install argument names a version: `curl=8.6.0`, a range such as
/// `curl>=8` or `curl<9`, or an `.rpm` file.
fn has_zypper_version(spec: &str) -> bool {
    spec.contains(['=', '<', '>']) || spec.ends_with(".rpm")
}

declare_rule! {
    /// ## What it does
    /// Reports a package of `zypper install` (`zypper in`) without a version: `curl` and not
    /// `curl=8.6.0`, `curl>=8` or an `.rpm` file. Build arguments and environment variables
    /// are expanded first.
    ///
    /// ## Why is this bad?
    /// Without a version, each build installs whatever the repository offers that day. Two
    /// builds of the same Dockerfile then differ, and an update can break the image unnoticed.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN zypper --non-interactive install curl && zypper clean --all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN zypper --non-interactive install curl=8.6.0 && zypper clean --all
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint reports the `RUN` once, and plimsoll reports each unpinned package. plimsoll
    /// expands build arguments, ENV values and variables the script assigned before it checks
    /// a package. It accepts a package that uses an ARG declared in the stage without a value,
    /// and does not read the values of options such as `--type pattern` or `--repo oss` as
    /// packages.
    pub ZypperPackageWithoutVersion {
        code: "DL3037",
        name: "zypper-package-without-version",
        severity: Warning,
    }
}

impl Rule for ZypperPackageWithoutVersion {
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
            let mut shell = ShellVariables::default();
            for command in commands.commands() {
                shell.record(command);
                let Some(package) = PackageCommand::read(command) else {
                    continue;
                };
                if package.manager != Manager::Zypper
                    || !matches!(package.subcommand(), "install" | "in")
                {
                    continue;
                }
                for word in &package.arguments {
                    let message = match expand_package_word(context, index, &shell, &word.value) {
                        Specs::SetAtBuild => continue,
                        Specs::Unknown => format!(
                            "`{}` in `zypper install` uses a variable whose value is not known \
                             before the build runs, so no version can be seen; pin the package \
                             as `<name>=<version>`",
                            word.value
                        ),
                        Specs::Expanded(specs) => {
                            match specs.into_iter().find(|spec| !has_zypper_version(spec)) {
                                None => continue,
                                Some(spec) if spec == word.value => format!(
                                    "`zypper install {spec}` installs whatever version is \
                                     current; pin it as `{spec}=<version>`"
                                ),
                                Some(spec) => format!(
                                    "`{}` in `zypper install` expands to `{spec}`, which has no \
                                     version; pin it as `{spec}=<version>`",
                                    word.value
                                ),
                            }
                        }
                    };
                    out.push(Self::META.diagnostic(commands.span(&word.span), message));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn unpinned_packages_fail() {
        assert_eq!(
            findings(
                "DL3037",
                "FROM opensuse/leap:15\nRUN zypper -n install curl=8.6.0 vim\n"
            ),
            vec![(2, 34)]
        );
        assert_eq!(
            findings(
                "DL3037",
                "FROM opensuse/leap:15\nRUN zypper -n in -t pattern devel_basis\n"
            ),
            vec![(2, 29)]
        );
    }

    #[test]
    fn pinned_forms_pass() {
        for body in [
            "zypper -n install curl=8.6.0",
            "zypper -n install 'curl>=8'",
            "zypper -n install 'curl<9'",
            "zypper -n install /tmp/local.rpm",
            "zypper -n install --repo oss curl=8.6.0",
            "zypper -n remove curl",
        ] {
            assert!(
                findings("DL3037", &format!("FROM opensuse/leap:15\nRUN {body}\n")).is_empty(),
                "{body}"
            );
        }
    }

    #[test]
    fn variables_are_expanded() {
        assert!(
            findings(
                "DL3037",
                "FROM opensuse/leap:15\nARG CURL=curl=8.6.0\nRUN zypper -n in $CURL\n"
            )
            .is_empty()
        );
    }
}
