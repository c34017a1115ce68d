use super::common::{for_each_command, word_span};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::rules::helpers::{APT_OPTIONS_WITH_VALUE, runs};
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::shell::Command;
use crate::syntax::ast::Arguments;

/// Subcommands of apt that apt-get also has, under the same name.
const APT_GET_SUBCOMMANDS: &[&str] = &[
    "autoclean",
    "autoremove",
    "build-dep",
    "clean",
    "install",
    "purge",
    "remove",
    "satisfy",
    "source",
    "update",
    "upgrade",
];

/// Returns true if apt-get has the subcommand of this `apt` command.
fn apt_get_has_subcommand(command: &Command) -> bool {
    command
        .positional_args(APT_OPTIONS_WITH_VALUE)
        .first()
        .is_some_and(|word| APT_GET_SUBCOMMANDS.contains(&word.value.as_str()))
}

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` that calls `apt`.
    ///
    /// ## Why is this bad?
    /// `apt` is the command-line tool for people at a terminal. Its output and behaviour may
    /// change between releases, and it warns that it "does not have a stable CLI interface"
    /// when used in scripts. `apt-get` and `apt-cache` offer the same operations with a stable
    /// interface meant for scripts.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt update && apt install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Fix safety
    /// For the subcommands that apt-get also has, such as `install` and `update`, the fix
    /// replaces `apt` with `apt-get`. It is unsafe: `apt upgrade` also installs new
    /// dependencies, which `apt-get upgrade` does not, and the two read different
    /// configuration defaults, such as whether to keep downloaded packages.
    ///
    /// ## Differences from hadolint
    /// `apt` called by its path, such as `/usr/bin/apt`, is reported too.
    pub AptInsteadOfAptGet {
        code: "DL3027",
        name: "apt-instead-of-apt-get",
        severity: Warning,
        fixable: true,
    }
}

impl Rule for AptInsteadOfAptGet {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for_each_command(context, |index, command, _| {
            if !runs(command, &["apt"]) {
                return;
            }
            let span = word_span(context, index, &command.argv[0]);
            let message = "`apt` has no stable interface for scripts; use `apt-get` or `apt-cache`";
            let shell_form = context
                .instructions()
                .get(index)
                .is_some_and(|instruction| {
                    matches!(instruction.effective().arguments, Arguments::Text(_))
                });
            // Only a bare `apt` is replaced, not a path such as `/usr/bin/apt`.
            let replaceable =
                shell_form && command.argv[0].raw == "apt" && apt_get_has_subcommand(command);
            if !replaceable {
                out.push(Self::META.diagnostic(span, message));
                return;
            }
            let fix = Fix {
                message: "replace `apt` with `apt-get`".to_string(),
                applicability: Applicability::Unsafe,
                edits: vec![Edit {
                    span,
                    replacement: "apt-get".to_string(),
                }],
            };
            out.push(Self::META.diagnostic_with_fix(span, message, fix));
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::packages::common::apply_fixes;
    use crate::rules::test_support::findings;

    #[test]
    fn fix_replaces_apt_for_shared_subcommands() {
        assert_eq!(
            apply_fixes(
                "DL3027",
                "FROM debian:12\nRUN apt update && apt -y install curl && apt list --installed\n"
            ),
            "FROM debian:12\nRUN apt-get update && apt-get -y install curl && apt list --installed\n"
        );
    }

    #[test]
    fn apt_fails() {
        assert_eq!(
            findings(
                "DL3027",
                "FROM debian:12\nRUN apt update && apt install -y curl\n"
            ),
            vec![(2, 5), (2, 19)]
        );
        assert_eq!(
            findings(
                "DL3027",
                "FROM debian:12\nONBUILD RUN apt install -y curl\n"
            ),
            vec![(2, 13)]
        );
    }

    #[test]
    fn apt_get_passes() {
        for text in [
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
            "FROM debian:12\nRUN apt-cache policy curl\n",
            "FROM debian:12\nRUN echo apt\n",
        ] {
            assert!(findings("DL3027", text).is_empty(), "{text}");
        }
    }
}
