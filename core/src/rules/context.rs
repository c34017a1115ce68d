//! The input of every rule: the syntax tree, the semantic model, the options, and the shell
//! commands of every `RUN`, analysed once and shared by all rules.

use std::sync::OnceLock;

use crate::lint::LintOptions;
use crate::model::Model;
use crate::pragma::Pragmas;
use crate::shell::{self, Command, Script};
use crate::source::Span;
use crate::syntax::ast::{Arguments, Dockerfile, Instruction, Keyword, LogicalLine};

/// The shell that runs shell-form instructions at some point of a Dockerfile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShellKind {
    /// A POSIX shell; the value is the program, such as `/bin/sh` or `/bin/bash`.
    Posix { program: String, pipefail: bool },
    /// `cmd` or PowerShell: shell rules do not apply.
    Windows,
}

/// The commands of one RUN, with spans in the Dockerfile source.
#[derive(Debug, Default)]
pub struct RunCommands {
    pub script: Script,
    /// Maps script offsets to source offsets.
    map: LogicalLine,
    /// Set when the body could not be parsed as shell.
    pub error: Option<(String, Span)>,
}

impl RunCommands {
    pub fn commands(&self) -> &[Command] {
        &self.script.commands
    }

    /// Returns each command with its source span.
    pub fn with_spans(&self) -> Vec<(&Command, Span)> {
        self.script
            .commands
            .iter()
            .map(|command| (command, self.span(&command.span)))
            .collect()
    }

    /// Converts a byte range of the analysed script into a source span.
    pub fn span(&self, range: &std::ops::Range<usize>) -> Span {
        self.map.span_to_source(range.start, range.end)
    }
}

/// The input of every rule.
pub struct Context<'a> {
    pub dockerfile: &'a Dockerfile,
    pub model: &'a Model,
    pub options: &'a LintOptions,
    /// Per instruction: the shell in effect.
    shells: Vec<ShellKind>,
    runs: Vec<OnceLock<Option<RunCommands>>>,
    pragmas: Pragmas,
}

impl<'a> Context<'a> {
    pub fn new(dockerfile: &'a Dockerfile, model: &'a Model, options: &'a LintOptions) -> Self {
        let pragmas = Pragmas::read(dockerfile, options);
        let shell_pragmas: Vec<(usize, &str)> = pragmas
            .shells
            .iter()
            .map(|pragma| (pragma.span.start, pragma.name.as_str()))
            .collect();
        let shells = shells_in_effect(dockerfile, model, &shell_pragmas);
        let runs = (0..dockerfile.instructions.len())
            .map(|_| OnceLock::new())
            .collect();
        Context {
            dockerfile,
            model,
            options,
            shells,
            runs,
            pragmas,
        }
    }

    /// Returns the pragmas of the file: ignore and shell comments and BuildKit's check options.
    pub fn pragmas(&self) -> &Pragmas {
        &self.pragmas
    }

    pub fn instructions(&self) -> &'a [Instruction] {
        &self.dockerfile.instructions
    }

    /// Returns `text` expanded in the scope of instruction `index`, or `text` unchanged when
    /// BuildKit's expansion rejects it. Expansion also removes quotes and escapes, as BuildKit
    /// does for the words of ADD, COPY, USER and the other expanded instructions.
    pub fn expand_or_keep(&self, index: usize, text: &str) -> String {
        if !text.contains(['$', '"', '\'', '\\', '`']) {
            return text.to_string();
        }
        self.model
            .expand(index, text)
            .unwrap_or_else(|_| text.to_string())
    }

    /// Returns the shell in effect for instruction `index`.
    pub fn shell(&self, index: usize) -> &ShellKind {
        &self.shells[index]
    }

    /// Returns the shell commands of instruction `index` if it is a RUN (or `ONBUILD RUN`)
    /// run by a POSIX shell, or given in exec form.
    pub fn run_commands(&self, index: usize) -> Option<&RunCommands> {
        self.runs[index]
            .get_or_init(|| self.analyze_run(index))
            .as_ref()
    }

    fn analyze_run(&self, index: usize) -> Option<RunCommands> {
        let instruction = self.dockerfile.instructions[index].effective();
        if instruction.keyword != Keyword::Run {
            return None;
        }
        match &instruction.arguments {
            Arguments::Exec(words) => Some(RunCommands {
                script: Script::from_argv(
                    words
                        .iter()
                        .map(|word| (word.value.clone(), word.span.start..word.span.end))
                        .collect(),
                ),
                map: LogicalLine {
                    text: String::new(),
                    pieces: vec![(0, 0, self.dockerfile.text.len())],
                },
                error: None,
            }),
            Arguments::Text(body) => {
                if self.shells[index] == ShellKind::Windows {
                    return None;
                }
                Some(analyze_shell_body(self.dockerfile, instruction, body.span))
            }
            _ => None,
        }
    }
}

/// Analyses a shell-form RUN body, with its heredocs when they feed a shell.
fn analyze_shell_body(
    dockerfile: &Dockerfile,
    instruction: &Instruction,
    body: Span,
) -> RunCommands {
    let mut map = LogicalLine::default();
    let line = &instruction.line;
    let (start, end) = (line.to_logical(body.start), line.to_logical_end(body.end));
    map.push_mapped(line, start..end);

    if !instruction.heredocs.is_empty() {
        let header = &line.text[start..end];
        let feeds_shell = header_runs_heredoc_as_script(header);
        if feeds_shell {
            // `RUN <<EOF` or `RUN <<EOF bash -e`: the bodies are the script.
            map = LogicalLine::default();
            for heredoc in &instruction.heredocs {
                map.push_source(&dockerfile.text, heredoc.content_span);
            }
        } else {
            // `RUN cat <<EOF > file`: the bodies are data for the command, so the shell reads
            // them as heredocs of the header.
            for heredoc in &instruction.heredocs {
                map.push_synthetic("\n", body.end);
                map.push_source(&dockerfile.text, heredoc.content_span);
                map.push_synthetic(&heredoc.name, heredoc.content_span.end);
            }
            map.push_synthetic("\n", body.end);
        }
    }

    match shell::analyze(&map.text) {
        Ok(script) => RunCommands {
            script,
            map,
            error: None,
        },
        Err(error) => {
            let at = map.to_source(error.offset);
            RunCommands {
                script: Script::default(),
                error: Some((
                    error.message,
                    Span::new(at, (at + 1).min(body.end.max(at + 1))),
                )),
                map,
            }
        }
    }
}

/// Returns true if a heredoc RUN header has no command of its own, or runs a shell that reads
/// the heredoc as its script.
fn header_runs_heredoc_as_script(header: &str) -> bool {
    let words: Vec<&str> = header
        .split_whitespace()
        .filter(|word| !word.contains("<<"))
        .collect();
    match words.first() {
        None => true,
        Some(first) => {
            let program = first.rsplit('/').next().unwrap_or(first);
            matches!(program, "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh")
                && !words.contains(&"-c")
        }
    }
}

/// Works out the shell of each instruction: the last `SHELL` or `# hadolint shell=` pragma of
/// the stage or its parents, or the default of the base image (`cmd` for Windows images,
/// `/bin/sh` otherwise). `shell_pragmas` holds each pragma's source offset and shell name. As
/// in hadolint, a pragma above the first FROM, ARG, ENV and SHELL sets the default of every
/// stage.
fn shells_in_effect(
    dockerfile: &Dockerfile,
    model: &Model,
    shell_pragmas: &[(usize, &str)],
) -> Vec<ShellKind> {
    let windows_file = dockerfile.escape == '`';
    let mut stage_final: Vec<ShellKind> = Vec::with_capacity(model.stages.len());
    let mut shells = Vec::with_capacity(dockerfile.instructions.len());
    let mut current = default_shell(windows_file, "");
    let mut pragma_default: Option<ShellKind> = None;
    let mut pending_pragmas = shell_pragmas.iter().peekable();
    let mut seen_setting = false;
    for (index, instruction) in dockerfile.instructions.iter().enumerate() {
        while let Some((_, name)) =
            pending_pragmas.next_if(|(offset, _)| *offset < instruction.span.start)
        {
            let pipefail = matches!(current, ShellKind::Posix { pipefail: true, .. });
            current = match shell_from_argv(vec![name]) {
                ShellKind::Posix { program, .. } => ShellKind::Posix { program, pipefail },
                ShellKind::Windows => ShellKind::Windows,
            };
            if !seen_setting {
                pragma_default = Some(current.clone());
            }
        }
        seen_setting |= matches!(
            instruction.keyword,
            Keyword::From | Keyword::Arg | Keyword::Env | Keyword::Shell
        );
        if instruction.keyword == Keyword::From
            && let Some(stage) = model.stage_of[index]
        {
            // Record the shell the previous stage ended with, for stages built on it.
            if let Some(previous) = stage.checked_sub(1)
                && stage_final.len() == previous
            {
                stage_final.push(current.clone());
            }
            current = match model.stages[stage].base {
                crate::model::Base::Stage(parent) if parent < stage_final.len() => {
                    stage_final[parent].clone()
                }
                _ => pragma_default.clone().unwrap_or_else(|| {
                    default_shell(windows_file, &model.stages[stage].image_expanded)
                }),
            };
        }
        if let (Keyword::Shell, Arguments::Exec(words)) =
            (&instruction.keyword, &instruction.arguments)
        {
            current = shell_from_argv(words.iter().map(|word| word.value.as_str()).collect());
        }
        shells.push(current.clone());
    }
    shells
}

fn default_shell(windows_file: bool, image: &str) -> ShellKind {
    let image = image.to_ascii_lowercase();
    // `powershell` is no marker, because `mcr.microsoft.com/powershell` also has Linux tags
    // such as `alpine-3.17` and `ubuntu-24.04`. Its Windows tags name `nanoserver` or
    // `windowsservercore`.
    let windows_image = ["windows", "nanoserver", "servercore"]
        .iter()
        .any(|marker| image.contains(marker));
    if windows_image || (windows_file && image.is_empty()) {
        ShellKind::Windows
    } else {
        ShellKind::Posix {
            program: "/bin/sh".to_string(),
            pipefail: false,
        }
    }
}

fn shell_from_argv(argv: Vec<&str>) -> ShellKind {
    let Some(first) = argv.first() else {
        return default_shell(false, "");
    };
    let program = first
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(first)
        .to_ascii_lowercase();
    let program = program.trim_end_matches(".exe");
    if matches!(program, "cmd" | "powershell" | "pwsh") {
        return ShellKind::Windows;
    }
    // `-o pipefail`, also with other options in front: `-euxo pipefail`.
    let pipefail = argv.windows(2).any(|pair| {
        pair[0].starts_with('-')
            && !pair[0].starts_with("--")
            && pair[0].ends_with('o')
            && pair[1] == "pipefail"
    });
    ShellKind::Posix {
        program: first.to_string(),
        pipefail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heredoc_header_kinds() {
        assert!(header_runs_heredoc_as_script("<<EOF"));
        assert!(header_runs_heredoc_as_script("<<EOF bash -ex"));
        assert!(!header_runs_heredoc_as_script("cat <<EOF > /etc/app.conf"));
        assert!(!header_runs_heredoc_as_script("python3 <<EOF"));
    }

    #[test]
    fn shell_program_kinds() {
        assert_eq!(
            shell_from_argv(vec!["/bin/bash", "-o", "pipefail", "-c"]),
            ShellKind::Posix {
                program: "/bin/bash".into(),
                pipefail: true
            }
        );
        assert_eq!(
            shell_from_argv(vec!["powershell", "-Command"]),
            ShellKind::Windows
        );
        assert_eq!(shell_from_argv(vec!["cmd", "/S", "/C"]), ShellKind::Windows);
    }

    #[test]
    fn powershell_images_on_linux_use_sh() {
        assert_eq!(
            default_shell(false, "mcr.microsoft.com/powershell:alpine-3.17"),
            ShellKind::Posix {
                program: "/bin/sh".into(),
                pipefail: false
            }
        );
        assert_eq!(
            default_shell(false, "mcr.microsoft.com/powershell:lts-nanoserver-1809"),
            ShellKind::Windows
        );
    }
}
