use super::helpers::{apt_install_packages, count_flags, flags, runs};
use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::syntax::ast::Keyword;

declare_rule! {
    /// ## What it does
    /// Reports `apt-get install` without `-y` (`--yes`, `--assume-yes`) or `-qq`.
    ///
    /// ## Why is this bad?
    /// A build has no terminal to answer apt's confirmation prompt. apt-get then aborts, or
    /// the build only works as long as no prompt appears.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    pub AptInstallWithoutYes {
        code: "DL3014",
        name: "apt-install-without-yes",
        severity: Warning,
    }
}

impl Rule for AptInstallWithoutYes {
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
                if !runs(command, &["apt-get"]) || apt_install_packages(command).is_none() {
                    continue;
                }
                let flags = flags(command);
                let assumes_yes = flags
                    .iter()
                    .any(|flag| matches!(*flag, "y" | "yes" | "assume-yes"))
                    || count_flags(command, &["q", "quiet"]) >= 2
                    || command
                        .argv
                        .iter()
                        .any(|word| word.value == "-q=2" || word.value == "--quiet=2");
                if !assumes_yes {
                    out.push(Self::META.diagnostic(
                        span,
                        "`apt-get install` without `-y` stops at the confirmation prompt; add `-y`",
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
        assert_eq!(
            findings("DL3014", "FROM debian:12\nRUN apt-get install curl\n"),
            vec![(2, 5)]
        );
    }

    #[test]
    fn yes_forms_pass() {
        for body in [
            "apt-get install -y curl",
            "apt-get -yq install curl",
            "apt-get install --yes curl",
            "apt-get install --assume-yes curl",
            "apt-get -qq install curl",
            "apt-get -q -q install curl",
            "apt-get update",
        ] {
            assert!(
                findings("DL3014", &format!("FROM debian:12\nRUN {body}\n")).is_empty(),
                "{body}"
            );
        }
    }
}
