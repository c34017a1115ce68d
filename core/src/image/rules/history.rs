//! Reading the `created_by` of history entries back into instructions.
//!
//! Builders record instructions in different forms:
//!
//! | builder | RUN | other instructions |
//! |---|---|---|
//! | classic `docker build` | `/bin/sh -c apt-get update`, with build arguments `\|1 V=1 /bin/sh -c …` | `/bin/sh -c #(nop)  CMD ["sh"]`, `/bin/sh -c #(nop) ADD file:<sha> in / ` |
//! | BuildKit | `RUN /bin/sh -c apt-get update # buildkit`, with build arguments `RUN \|1 V=1 /bin/sh -c …` | `ENV K=V`, `ADD src dst # buildkit` |
//! | kaniko | `RUN apt-get update` | `ADD src dst`, `COPY src dst` |
//!
//! [`HistoryStep::parse`] turns each form into an instruction keyword, its arguments and, for
//! RUN, the shell commands.

use std::ops::Range;

use crate::shell::{Command, Script, ShellWord, analyze};

/// Dockerfile instruction keywords as history entries write them.
const KEYWORDS: &[&str] = &[
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

/// One history entry read back into an instruction.
#[derive(Clone, Debug, Default)]
pub struct HistoryStep {
    /// 0-based position in the configuration's `history` array.
    pub index: usize,
    /// The upper-case instruction keyword, or empty when the entry has no `created_by` or its
    /// form is not recognised.
    pub keyword: String,
    /// The arguments of the instruction. For RUN, the shell script without the shell and
    /// without the build arguments.
    pub body: String,
    /// `NAME=value` build arguments recorded in front of a RUN.
    pub build_args: Vec<String>,
    /// The simple commands of a RUN, in order.
    pub commands: Vec<Command>,
}

impl HistoryStep {
    /// Reads one `created_by`.
    pub fn parse(index: usize, created_by: Option<&str>) -> HistoryStep {
        let mut step = HistoryStep {
            index,
            ..HistoryStep::default()
        };
        let Some(text) = created_by else {
            return step;
        };
        let text = text.trim();
        let text = text
            .strip_suffix("# buildkit")
            .map_or(text, str::trim_end)
            .trim();

        if let Some(rest) = text.strip_prefix("/bin/sh -c #(nop)") {
            let (keyword, body) = split_keyword(rest.trim_start());
            if KEYWORDS.contains(&keyword.as_str()) {
                step.keyword = keyword;
                step.body = body.to_string();
            }
            return step;
        }

        let (keyword, body) = split_keyword(text);
        if KEYWORDS.contains(&keyword.as_str()) {
            if keyword == "RUN" {
                step.set_run(body);
            } else {
                step.keyword = keyword;
                step.body = body.to_string();
            }
            return step;
        }

        // The classic builder writes RUN as the shell command line alone.
        let (build_args, script) = strip_build_args(text);
        if strip_shell(script).is_some() {
            step.set_run(text);
            step.build_args = build_args;
        }
        step
    }

    fn set_run(&mut self, text: &str) {
        let (build_args, script) = strip_build_args(text);
        let script = strip_shell(script).unwrap_or(script);
        self.keyword = "RUN".to_string();
        self.body = script.to_string();
        self.build_args = build_args;
        self.commands = shell_commands(script);
    }

    pub fn is(&self, keyword: &str) -> bool {
        self.keyword == keyword
    }

    /// Returns the `NAME=value` words of an ENV, ARG or LABEL step, and the build arguments
    /// of a RUN, with quotes removed.
    pub fn assignments(&self) -> Vec<String> {
        let mut words = self.build_args.clone();
        if matches!(self.keyword.as_str(), "ENV" | "ARG" | "LABEL") {
            words.extend(
                shell_words(&self.body)
                    .into_iter()
                    .filter(|word| word.contains('=')),
            );
        }
        words
    }
}

/// Splits `KEYWORD rest` at the first blank.
fn split_keyword(text: &str) -> (String, &str) {
    let (keyword, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    (keyword.to_string(), rest.trim())
}

/// Removes the `|N NAME=value …` prefix that records the build arguments of a RUN, and
/// returns them with the rest.
fn strip_build_args(text: &str) -> (Vec<String>, &str) {
    let Some(rest) = text.strip_prefix('|') else {
        return (Vec::new(), text);
    };
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let Ok(count) = rest[..digits].parse::<usize>() else {
        return (Vec::new(), text);
    };
    let mut rest = rest[digits..].trim_start();
    let mut args = Vec::new();
    for _ in 0..count {
        let (word, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        if word.is_empty() {
            break;
        }
        args.push(word.to_string());
        rest = after.trim_start();
    }
    (args, rest)
}

/// Removes a leading `/bin/sh -c` or another shell invoked with `-c`, such as
/// `/bin/bash -o pipefail -c`, and returns the script.
fn strip_shell(text: &str) -> Option<&str> {
    let first = text.split_whitespace().next()?;
    let program = first.rsplit('/').next().unwrap_or(first);
    if !matches!(program, "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh") {
        return None;
    }
    let at = text.find(" -c ")?;
    Some(text.get(at + 4..).unwrap_or("").trim_start())
}

/// Returns the simple commands of a script. A script the shell parser rejects is split at
/// `&&`, `||`, `;` and `|`, and each part at blanks, so that rules still see its words.
fn shell_commands(script: &str) -> Vec<Command> {
    if let Ok(parsed) = analyze(script) {
        return parsed.commands;
    }
    let mut commands = Vec::new();
    let mut offset = 0;
    for part in script.split(['&', '|', ';']) {
        let words: Vec<(String, Range<usize>)> = part
            .split_whitespace()
            .map(|word| (word.to_string(), offset..offset + word.len()))
            .collect();
        offset += part.len() + 1;
        commands.extend(Script::from_argv(words).commands);
    }
    commands
}

/// Returns the words of `text` with quotes removed, as the shell would split them.
fn shell_words(text: &str) -> Vec<String> {
    match analyze(text) {
        Ok(script) => script
            .commands
            .into_iter()
            .flat_map(|command| command.assignments.into_iter().chain(command.argv))
            .map(|word: ShellWord| word.value)
            .collect(),
        Err(_) => text.split_whitespace().map(str::to_string).collect(),
    }
}

/// Returns the program a command runs: the last path component of its first word.
pub fn program(command: &Command) -> Option<&str> {
    let name = command.argv.first()?.value.as_str();
    Some(name.rsplit('/').next().unwrap_or(name))
}

/// Returns the positional words of a command after its program, skipping words that start
/// with `-`.
pub fn positional(command: &Command) -> Vec<&str> {
    command
        .args()
        .iter()
        .map(|word| word.value.as_str())
        .filter(|word| !word.starts_with('-'))
        .collect()
}

/// For `apt-get`, `apt` and `aptitude`, returns the subcommand.
pub fn apt_subcommand(command: &Command) -> Option<&str> {
    if !matches!(program(command)?, "apt-get" | "apt" | "aptitude") {
        return None;
    }
    // Options with a value (`-o Dpkg::Options=…`, `-t bookworm`) would otherwise be read as
    // the subcommand.
    let mut words = command.args().iter().map(|word| word.value.as_str());
    while let Some(word) = words.next() {
        if matches!(word, "-o" | "--option" | "-t" | "--target-release" | "-c") {
            words.next();
        } else if !word.starts_with('-') {
            return Some(word);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(created_by: &str) -> HistoryStep {
        HistoryStep::parse(0, Some(created_by))
    }

    fn programs(step: &HistoryStep) -> Vec<&str> {
        step.commands.iter().filter_map(program).collect()
    }

    #[test]
    fn classic_run() {
        let step = step("/bin/sh -c apt-get update && apt-get install -y curl");
        assert!(step.is("RUN"));
        assert_eq!(step.body, "apt-get update && apt-get install -y curl");
        assert_eq!(programs(&step), ["apt-get", "apt-get"]);
    }

    #[test]
    fn classic_run_with_build_args() {
        let step = step("|2 TOKEN=abc V=1 /bin/sh -c make");
        assert!(step.is("RUN"));
        assert_eq!(step.build_args, ["TOKEN=abc", "V=1"]);
        assert_eq!(step.body, "make");
    }

    #[test]
    fn classic_nop_instructions() {
        let add = step("/bin/sh -c #(nop) ADD file:abc in / ");
        assert!(add.is("ADD"));
        assert_eq!(add.body, "file:abc in /");
        let cmd = step("/bin/sh -c #(nop)  CMD [\"sh\"]");
        assert!(cmd.is("CMD"));
    }

    #[test]
    fn buildkit_forms() {
        let run = step("RUN |1 V=1 /bin/sh -c apk add curl # buildkit");
        assert!(run.is("RUN"));
        assert_eq!(run.build_args, ["V=1"]);
        assert_eq!(programs(&run), ["apk"]);
        let add = step("ADD app.tar /srv # buildkit");
        assert!(add.is("ADD"));
        assert_eq!(add.body, "app.tar /srv");
        let env = step("ENV DB_PASSWORD=\"hunter 2\" A=1");
        assert_eq!(env.assignments(), ["DB_PASSWORD=hunter 2", "A=1"]);
    }

    #[test]
    fn kaniko_forms() {
        let run = step("RUN apt-get update");
        assert_eq!(programs(&run), ["apt-get"]);
        assert!(step("ADD a b").is("ADD"));
    }

    #[test]
    fn bash_with_options() {
        let run = step("/bin/bash -o pipefail -c curl x | sh");
        assert!(run.is("RUN"));
        assert_eq!(programs(&run), ["curl", "sh"]);
    }

    #[test]
    fn unknown_forms() {
        assert_eq!(step("").keyword, "");
        assert_eq!(step("cmd.exe /S /C dir").keyword, "");
        assert_eq!(HistoryStep::parse(0, None).keyword, "");
        assert_eq!(step("|x").keyword, "");
        assert_eq!(step("|9 A=1").keyword, "");
    }

    #[test]
    fn unparsable_script_falls_back_to_words() {
        let run = step("RUN apt-get update && echo \"unterminated");
        assert_eq!(programs(&run)[0], "apt-get");
    }

    #[test]
    fn apt_subcommand_skips_option_values() {
        let run = step("RUN apt-get -o Acquire::Retries=3 install -y curl");
        assert_eq!(apt_subcommand(&run.commands[0]), Some("install"));
    }
}
