use crate::diagnostic::Diagnostic;
use crate::rules::context::ShellKind;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::syntax::ast::{Arguments, Instruction, Keyword};

/// For a `RUN <<EOF` whose heredoc starts with `#!`, returns true if the `#!` line names a
/// POSIX shell, and false for another interpreter such as python. Returns `None` for other
/// RUNs.
///
/// BuildKit writes such a heredoc to a file and executes it, so the `#!` line picks the
/// program and the shell set with `SHELL`, with its options, plays no part.
fn heredoc_runs_shell(instruction: &Instruction) -> Option<bool> {
    let Arguments::Text(header) = &instruction.arguments else {
        return None;
    };
    let header = header.value.trim();
    let [heredoc] = instruction.heredocs.as_slice() else {
        return None;
    };
    if !header.starts_with("<<") || header.contains(char::is_whitespace) {
        return None;
    }
    let content = if heredoc.chomp {
        heredoc.content.trim_start_matches('\t')
    } else {
        heredoc.content.as_str()
    };
    let line = content.strip_prefix("#!")?.lines().next().unwrap_or("");
    let mut words = line.split_whitespace();
    let basename = |path: &str| path.rsplit('/').next().unwrap_or(path).to_string();
    let mut program = basename(words.next()?);
    if program == "env" {
        program = basename(words.find(|word| !word.starts_with('-'))?);
    }
    Some(matches!(
        program.as_str(),
        "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "mksh"
    ))
}

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` with a pipe (`a | b`) when `pipefail` is off for it: the shell set with
    /// `SHELL` has no `-o pipefail`, and no `set -o pipefail` (or `set -euo pipefail`) runs
    /// before the pipe in the same shell.
    ///
    /// ## Why is this bad?
    /// The exit status of a pipeline is that of its last command. In
    /// `RUN curl -fsSL https://example.com/install.sh | sh`, a failed download gives `sh` an
    /// empty script, `sh` succeeds, and the build goes on without what it was meant to
    /// install.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN curl -fsSL https://example.com/install.sh | sh
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// RUN curl -fsSL https://example.com/install.sh | sh
    /// ```
    /// or `RUN set -o pipefail && curl -fsSL https://example.com/install.sh | sh`.
    ///
    /// `-o pipefail` is honoured with any POSIX shell, `/bin/sh` included. On Alpine and other
    /// BusyBox images `/bin/sh` is ash, which has the option. A shell without it, such as
    /// dash 0.5.12 (the `/bin/sh` of Debian 12), exits with status 2 at `-o pipefail`, so the
    /// build fails visibly instead of hiding the failure.
    ///
    /// ## Differences from hadolint
    /// hadolint ignores `set -o pipefail` inside the `RUN`, and accepts `-o pipefail` in
    /// `SHELL` only for bash, zsh and ash; plimsoll honours both, for any POSIX shell. A stage
    /// built `FROM` another stage keeps that stage's `SHELL`, as in BuildKit, while hadolint
    /// resets it at every `FROM`. `RUN` in Windows images and after `SHELL ["cmd", ...]` or
    /// PowerShell is not checked. `ONBUILD RUN` is checked with the shell in effect at the
    /// end of its stage, which is the shell its trigger runs with; hadolint skips it.
    /// Pipes inside an exec-form `RUN ["sh", "-c", "..."]` are not looked at; hadolint joins
    /// the words and reads the result as a script. A `RUN <<EOF` whose heredoc starts with
    /// `#!` runs as a file with that interpreter, as BuildKit runs it: `SHELL` does not apply
    /// to it, and it is not checked when the interpreter is not a shell.
    pub PipeWithoutPipefail {
        code: "DL4006",
        name: "pipe-without-pipefail",
        severity: Warning,
    }
}

impl Rule for PipeWithoutPipefail {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in context.instructions().iter().enumerate() {
            if instruction.effective().keyword != Keyword::Run {
                continue;
            }
            // An ONBUILD trigger runs with the shell the image ends up with.
            let shell_index = match instruction.arguments {
                Arguments::Onbuild(_) => context.model.stage_of[index].map_or(index, |stage| {
                    context.model.stages[stage].instructions.end - 1
                }),
                _ => index,
            };
            let shell_pipefail = match context.shell(shell_index) {
                ShellKind::Posix { pipefail, .. } => *pipefail,
                ShellKind::Windows => continue,
            };
            let shell_pipefail = match heredoc_runs_shell(instruction.effective()) {
                Some(true) => false,
                Some(false) => continue,
                None => shell_pipefail,
            };
            if shell_pipefail {
                continue;
            }
            let Some(commands) = context.run_commands(index) else {
                continue;
            };
            if let Some(pipeline) = commands
                .script
                .pipelines
                .iter()
                .find(|pipeline| !pipeline.pipefail)
            {
                out.push(Self::META.diagnostic(
                    commands.span(&pipeline.span),
                    "this pipe fails only if its last command fails; add \
                     `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before the RUN, or \
                     `set -o pipefail &&` in front of it",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn pipe_without_pipefail_fails() {
        assert_eq!(
            findings("DL4006", "FROM debian:12\nRUN curl -fsSL https://a | sh\n"),
            vec![(2, 5)]
        );
        assert_eq!(
            findings(
                "DL4006",
                "FROM debian:12\nRUN apt-get update \\\n && curl https://a | sh\n"
            ),
            vec![(3, 5)]
        );
        assert_eq!(
            findings(
                "DL4006",
                "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nSHELL [\"/bin/bash\", \"-c\"]\nRUN a | b\n"
            ),
            vec![(4, 5)]
        );
    }

    #[test]
    fn pipefail_forms_pass() {
        for text in [
            "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n",
            "FROM debian:12\nSHELL [\"/bin/bash\", \"-euxo\", \"pipefail\", \"-c\"]\nRUN a | b\n",
            "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"errexit\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n",
            "FROM debian:12\nSHELL [\"/usr/local/bin/zsh\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n",
            "FROM alpine:3\nSHELL [\"/bin/sh\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n",
            "FROM debian:12\nRUN set -o pipefail && a | b\n",
            "FROM debian:12\nRUN set -euo pipefail; a | b\n",
            "FROM debian:12 AS base\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM base\nRUN a | b\n",
            "FROM debian:12\nRUN a || b\n",
            "FROM debian:12\nRUN [\"sh\", \"-c\", \"a | b\"]\n",
        ] {
            assert!(findings("DL4006", text).is_empty(), "{text}");
        }
    }

    #[test]
    fn heredoc_with_shebang_runs_as_file() {
        let shell = "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n";
        assert_eq!(
            findings(
                "DL4006",
                &format!("FROM debian:12\n{shell}RUN <<EOF\n#!/bin/sh\na | b\nEOF\n")
            ),
            vec![(5, 1)]
        );
        assert!(
            findings(
                "DL4006",
                "FROM debian:12\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1 | 2)\nEOF\n"
            )
            .is_empty()
        );
        assert!(
            findings(
                "DL4006",
                &format!("FROM debian:12\n{shell}RUN <<EOF\na | b\nEOF\n")
            )
            .is_empty()
        );
    }

    #[test]
    fn unrelated_stage_drops_shell() {
        assert_eq!(
            findings(
                "DL4006",
                "FROM debian:12 AS a\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\nFROM debian:12\nRUN a | b\n"
            ),
            vec![(5, 5)]
        );
    }

    #[test]
    fn pipefail_after_pipe_fails() {
        assert_eq!(
            findings(
                "DL4006",
                "FROM debian:12\nRUN a | b && set -o pipefail && c | d\n"
            ),
            vec![(2, 5)]
        );
    }

    #[test]
    fn windows_shells_pass() {
        for text in [
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir | findstr x\n",
            "FROM debian:12\nSHELL [\"powershell\", \"-Command\"]\nRUN Get-ChildItem | Select-Object Name\n",
        ] {
            assert!(findings("DL4006", text).is_empty(), "{text}");
        }
    }

    #[test]
    fn onbuild_uses_shell_at_stage_end() {
        assert_eq!(
            findings("DL4006", "FROM debian:12\nONBUILD RUN a | b\n"),
            vec![(2, 13)]
        );
        assert!(
            findings(
                "DL4006",
                "FROM debian:12\nONBUILD RUN a | b\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n"
            )
            .is_empty()
        );
    }
}
