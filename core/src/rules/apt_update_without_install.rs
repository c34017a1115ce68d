use super::helpers::{apt_subcommand, is_apt_update};
use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::syntax::ast::Keyword;

/// apt subcommands that use the package index that `update` downloads.
const USES_INDEX: &[&str] = &[
    "install",
    "upgrade",
    "dist-upgrade",
    "full-upgrade",
    "build-dep",
    "source",
    "download",
    "satisfy",
    "reinstall",
    "safe-upgrade",
];

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` that runs `apt-get update` (or `apt update`, `aptitude update`) but
    /// installs and upgrades nothing.
    ///
    /// ## Why is this bad?
    /// The build cache keys a layer on its instruction text. Once `RUN apt-get update` is
    /// cached, a later `RUN apt-get install` keeps using the old package index: it can fail
    /// with 404 errors for packages that were replaced, or install outdated versions. The
    /// index also stays in its own layer, where no later cleanup can remove it.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update
    /// RUN apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get update \
    ///  && apt-get install -y --no-install-recommends curl \
    ///  && rm -rf /var/lib/apt/lists/*
    /// ```
    pub AptUpdateWithoutInstall {
        code: "PL1001",
        name: "apt-update-without-install",
        severity: Warning,
    }
}

impl Rule for AptUpdateWithoutInstall {
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
            let commands = commands.with_spans();
            let Some((_, update_span)) =
                commands.iter().find(|(command, _)| is_apt_update(command))
            else {
                continue;
            };
            let uses_index = commands.iter().any(|(command, _)| {
                apt_subcommand(command).is_some_and(|(sub, _)| USES_INDEX.contains(&sub))
            });
            if !uses_index {
                out.push(Self::META.diagnostic(
                    *update_span,
                    "`apt-get update` in a RUN that installs nothing: later RUNs will reuse a \
                     cached, stale package index; update and install in the same RUN",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn update_alone_fails() {
        assert_eq!(
            findings(
                "PL1001",
                "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n"
            ),
            vec![(2, 5)]
        );
    }

    #[test]
    fn update_with_install_passes() {
        assert!(
            findings(
                "PL1001",
                "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"
            )
            .is_empty()
        );
        assert!(
            findings(
                "PL1001",
                "FROM debian:12\nRUN apt-get update && apt-get -y dist-upgrade\n"
            )
            .is_empty()
        );
    }
}
