use crate::diagnostic::Diagnostic;
use crate::rules::helpers::runs;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::shell::Command;
use crate::syntax::ast::Keyword;

/// Options of GNU and BusyBox `ln` that take a value.
const LN_OPTIONS_WITH_VALUE: &[&str] = &["-S", "--suffix", "-t", "--target-directory"];

/// Returns true if an `ln` command creates or replaces the link `/bin/sh`: its last operand is
/// `/bin/sh` (or `/usr/bin/sh`) and it has a target before it.
fn links_bin_sh(command: &Command) -> bool {
    if !runs(command, &["ln"]) || command.has_flag(Some('t'), Some("target-directory")) {
        return false;
    }
    let operands = command.positional_args(LN_OPTIONS_WITH_VALUE);
    let [.., _, link] = operands.as_slice() else {
        return false;
    };
    matches!(link.value.trim_end_matches('/'), "/bin/sh" | "/usr/bin/sh")
}

declare_rule! {
    /// ## What it does
    /// Reports `ln` that makes `/bin/sh` a link to another program, as in
    /// `ln -sf /bin/bash /bin/sh`.
    ///
    /// ## Why is this bad?
    /// Every program in the image that runs `/bin/sh`, including package scripts, then runs
    /// the other shell, which behaves differently from the one the image was built with. To
    /// run the `RUN` instructions with another shell, set it with `SHELL`, which changes only
    /// the Dockerfile.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN ln -sf /bin/bash /bin/sh
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// SHELL ["/bin/bash", "-c"]
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint reports any `ln` with the argument `/bin/sh`, also `ln -s /bin/sh /bin/mysh`,
    /// which leaves `/bin/sh` alone. plimsoll reports `ln` whose link is `/bin/sh` or, on
    /// systems where `/bin` is a link to `/usr/bin`, `/usr/bin/sh`.
    pub BinShSymlink {
        code: "DL4005",
        name: "bin-sh-symlink",
        severity: Warning,
    }
}

impl Rule for BinShSymlink {
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
                if links_bin_sh(command) {
                    out.push(Self::META.diagnostic(
                        span,
                        "`ln` replaces /bin/sh for every program in the image; set the shell of \
                         RUN with `SHELL` instead",
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
    fn link_onto_bin_sh_fails() {
        for body in [
            "ln -sf /bin/bash /bin/sh",
            "ln -s /busybox/sh /bin/sh",
            "ln -snf bash /usr/bin/sh",
            "/bin/ln -sf /bin/bash /bin/sh",
        ] {
            assert_eq!(
                findings("DL4005", &format!("FROM debian:12\nRUN {body}\n")),
                vec![(2, 5)],
                "{body}"
            );
        }
        assert_eq!(
            findings(
                "DL4005",
                "FROM debian:12\nONBUILD RUN ln -sf bash /bin/sh\n"
            ),
            vec![(2, 13)]
        );
    }

    #[test]
    fn other_links_pass() {
        for body in [
            "ln -s /bin/sh /bin/mysh",
            "ln -s /bin/bash /usr/local/bin/sh",
            "ln -s /bin/sh",
            "ln -t /bin /opt/sh",
            "echo /bin/sh",
        ] {
            assert!(
                findings("DL4005", &format!("FROM debian:12\nRUN {body}\n")).is_empty(),
                "{body}"
            );
        }
    }
}
