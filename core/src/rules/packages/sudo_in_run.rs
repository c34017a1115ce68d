use super::common::{for_each_command, word_span};
use crate::diagnostic::Diagnostic;
use crate::rules::helpers::runs;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` that calls `sudo`.
    ///
    /// ## Why is this bad?
    /// `sudo` is meant for interactive logins: it reads `/etc/sudoers`, may ask for a password,
    /// keeps a terminal-based session and changes the environment in ways that differ between
    /// distributions. In a build that makes the step behave unpredictably. To run steps as
    /// root, switch with `USER root` and back; to drop privileges when the container starts,
    /// use a tool such as `gosu` or `su-exec`.
    ///
    /// ## Example
    /// ```dockerfile
    /// USER app
    /// RUN sudo apt-get install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// USER root
    /// RUN apt-get install -y curl
    /// USER app
    /// ```
    pub SudoInRun {
        code: "DL3004",
        name: "sudo-in-run",
        severity: Error,
    }
}

impl Rule for SudoInRun {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for_each_command(context, |index, command, _| {
            if runs(command, &["sudo"]) {
                out.push(Self::META.diagnostic(
                    word_span(context, index, &command.argv[0]),
                    "`sudo` behaves unpredictably in a build; switch with `USER root`, or use \
                     `gosu` to drop privileges at run time",
                ));
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn sudo_fails() {
        assert_eq!(
            findings("DL3004", "FROM debian:12\nRUN sudo apt-get update\n"),
            vec![(2, 5)]
        );
        assert_eq!(
            findings(
                "DL3004",
                "FROM debian:12\nRUN make && /usr/bin/sudo make install\n"
            ),
            vec![(2, 13)]
        );
        assert_eq!(
            findings("DL3004", "FROM debian:12\nONBUILD RUN sudo ls\n"),
            vec![(2, 13)]
        );
    }

    #[test]
    fn other_uses_pass() {
        for text in [
            "FROM debian:12\nRUN apt-get install -y sudo\n",
            "FROM debian:12\nRUN echo 'app ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/app\n",
            "FROM debian:12\nCMD [\"sudo\", \"ls\"]\n",
        ] {
            assert!(findings("DL3004", text).is_empty(), "{text}");
        }
    }
}
