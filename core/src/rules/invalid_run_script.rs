use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a shell-form `RUN` whose script plimsoll cannot read as POSIX shell: a syntax
    /// error such as an unterminated quote, or nesting deeper than the analysis follows
    /// (16 levels of `$(…)`, 32 levels of compound commands).
    ///
    /// ## Why is this bad?
    /// A script with a syntax error fails the build when the shell runs it. And no rule that
    /// reads `RUN` commands can check a script that was not analysed, so without this finding
    /// such a `RUN` would pass every check unseen.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN echo "unterminated && apt-get install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN echo "terminated" && apt-get install -y curl
    /// ```
    ///
    /// `RUN` instructions for `cmd` or PowerShell (set by `SHELL` or a Windows base image) are
    /// not read as POSIX shell and are not reported.
    pub InvalidRunScript {
        code: "PL1005",
        name: "invalid-run-script",
        severity: Warning,
    }
}

impl Rule for InvalidRunScript {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for index in 0..context.instructions().len() {
            let Some(commands) = context.run_commands(index) else {
                continue;
            };
            if let Some((message, span)) = &commands.error {
                out.push(Self::META.diagnostic(
                    *span,
                    format!(
                        "the RUN script could not be analysed, so no RUN rule checked it: {message}"
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn unreadable_script_fails() {
        assert_eq!(
            findings("PL1005", "FROM a:1\nRUN echo \"unterminated && x\n"),
            vec![(2, 10)]
        );
        let deep = format!("FROM a:1\nRUN {}x{}\n", "( ".repeat(40), " )".repeat(40));
        assert_eq!(findings("PL1005", &deep).len(), 1);
    }

    #[test]
    fn valid_and_windows_scripts_pass() {
        assert!(findings("PL1005", "FROM a:1\nRUN echo \"ok\" && (cd /x; make)\n").is_empty());
        assert!(
            findings(
                "PL1005",
                "FROM a:1\nSHELL [\"powershell\", \"-Command\"]\nRUN Write-Host 'it''s'\n"
            )
            .is_empty()
        );
    }
}
