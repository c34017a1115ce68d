use super::common::{for_each_command, word_span};
use crate::diagnostic::Diagnostic;
use crate::rules::helpers::program;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

/// Programs that manage a running system or need a terminal, so running them while an image is
/// built does nothing useful.
const POINTLESS_PROGRAMS: &[&str] = &[
    "free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim",
];

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` that calls `free`, `kill`, `mount`, `ps`, `service`, `shutdown`, `ssh`,
    /// `top` or `vim`.
    ///
    /// ## Why is this bad?
    /// A build step runs once, with no terminal and no init system, and only its filesystem
    /// changes are kept. Starting a service, killing a process, mounting a filesystem or
    /// opening an editor there either fails or has an effect that is gone when the step ends.
    /// Such a call usually means that work meant for the running container was put into the
    /// image build.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN service nginx start
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    ///
    /// ## Differences from hadolint
    /// A program called by its path, such as `/usr/sbin/service`, is reported too.
    pub PointlessContainerCommand {
        code: "DL3001",
        name: "pointless-container-command",
        severity: Info,
    }
}

impl Rule for PointlessContainerCommand {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for_each_command(context, |index, command, _| {
            let Some(name) = program(command).filter(|name| POINTLESS_PROGRAMS.contains(name))
            else {
                return;
            };
            let span = word_span(context, index, &command.argv[0]);
            out.push(Self::META.diagnostic(
                span,
                format!(
                    "`{name}` has no lasting effect in an image build; do this when the \
                     container runs, not in RUN"
                ),
            ));
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn system_commands_fail() {
        assert_eq!(
            findings("DL3001", "FROM debian:12\nRUN service nginx start\n"),
            vec![(2, 5)]
        );
        assert_eq!(
            findings("DL3001", "FROM debian:12\nRUN make && vim /etc/app.conf\n"),
            vec![(2, 13)]
        );
        assert_eq!(
            findings("DL3001", "FROM debian:12\nONBUILD RUN ps aux\n"),
            vec![(2, 13)]
        );
    }

    #[test]
    fn other_commands_pass() {
        for text in [
            "FROM debian:12\nRUN apt-get install -y procps vim\n",
            "FROM debian:12\nRUN --mount=type=cache,target=/root/.cache make\n",
            "FROM debian:12\nRUN echo kill\n",
            "FROM debian:12\nCMD [\"top\"]\n",
        ] {
            assert!(findings("DL3001", text).is_empty(), "{text}");
        }
    }
}
