//! Analysis of the shell script of a `RUN`: its simple commands with their words, in source
//! order, with byte ranges in the script.
//!
//! The script is parsed with brush-parser 0.4.0, whose types stay inside this module. brush
//! gives the structure and the position of each word. The words themselves are read from the
//! script text, because brush's word values drop comments and blanks inside `$(…)` and `${…}`.
//! Quote removal and the search for `$(…)` and backquotes are done here, and each command
//! substitution is parsed again on its own to find the commands inside it.
//!
//! All offsets are byte offsets in the text given to [`analyze`].

mod command;
mod parse;
mod scan;
mod walk;

#[cfg(test)]
mod tests;

use std::fmt;
use std::ops::Range;

/// The commands of one shell script, such as a `RUN` body or a heredoc given to a shell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Script {
    /// Every simple command, including those inside compound commands, functions, command
    /// substitutions and process substitutions, ordered by start offset.
    pub commands: Vec<Command>,
    /// Every pipeline of two or more commands, ordered by start offset.
    pub pipelines: Vec<Pipeline>,
}

impl Script {
    /// Builds the script of an exec-form instruction such as `RUN ["apt-get", "update"]`: one
    /// command whose words are given with their values and ranges, with no shell involved.
    /// Each word's `raw` is its value, and an empty list gives an empty script.
    pub fn from_argv(words: Vec<(String, Range<usize>)>) -> Script {
        let (Some(first), Some(last)) = (words.first(), words.last()) else {
            return Script::default();
        };
        let span = first.1.start..last.1.end;
        let argv = words
            .into_iter()
            .map(|(value, span)| ShellWord {
                raw: value.clone(),
                value,
                span,
            })
            .collect();
        Script {
            commands: vec![Command {
                argv,
                assignments: Vec::new(),
                redirects: Vec::new(),
                separator: Separator::End,
                span,
                nesting: Nesting::default(),
                pipefail: false,
            }],
            pipelines: Vec::new(),
        }
    }

    /// Returns true if the script has a pipeline of two or more commands.
    pub fn has_pipeline(&self) -> bool {
        !self.pipelines.is_empty()
    }
}

/// A simple command: assignments, words and redirects, as in `A=1 make -j4 > log`.
///
/// `[[ … ]]` is also reported as a command named `[[`, with the words between the brackets
/// split at blanks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    /// The words of the command, the program first.
    pub argv: Vec<ShellWord>,
    /// The `NAME=value` words before the program.
    pub assignments: Vec<ShellWord>,
    /// The redirects, in source order.
    pub redirects: Vec<Redirect>,
    /// The operator after the command.
    pub separator: Separator,
    /// The range of the command, from its first word or redirect to its last.
    pub span: Range<usize>,
    /// The constructs that contain the command.
    pub nesting: Nesting,
    /// True if `set -o pipefail` (or `set -eo pipefail` and similar) ran before this command
    /// in the same shell process and was not undone by `set +o pipefail`.
    pub pipefail: bool,
}

/// One word with its quotes removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellWord {
    /// The word after quote removal. Expansions (`$x`, `${x}`, `$(…)`, `$((…))`, backquotes,
    /// `~`) are kept as written, and `$'…'` strings are decoded.
    pub value: String,
    /// The word as written in the script.
    pub raw: String,
    /// The byte range of the word in the script.
    pub span: Range<usize>,
}

/// The operator that follows a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Separator {
    /// `&&`.
    And,
    /// `||`.
    Or,
    /// `;` or a newline.
    Sequence,
    /// `|`, or `|&`.
    Pipe,
    /// `&`.
    Background,
    /// Nothing: the command is the last of its list, such as the last command of a script, a
    /// subshell or an `if` condition.
    End,
}

/// The constructs around a command.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Nesting {
    /// Inside `( … )`, a process substitution `<( … )` or `>( … )`, or a `coproc`.
    pub in_subshell: bool,
    /// Inside `$( … )` or backquotes.
    pub in_command_substitution: bool,
    /// An element of, or inside an element of, a pipeline of two or more commands.
    pub in_pipeline: bool,
    /// In the condition of an `if`, `elif`, `while` or `until`.
    pub in_condition: bool,
    /// In a branch of an `if` or a `case`.
    pub in_branch: bool,
    /// In the body or condition of a `for`, `while` or `until` loop.
    pub in_loop: bool,
    /// In the body of a function definition.
    pub in_function: bool,
    /// In a list that runs in the background, such as `a && b &`.
    pub in_background: bool,
}

impl Nesting {
    /// Returns true if the command runs in the shell process of the script itself, so that
    /// `cd`, `export` or `set` there last for the rest of the script. A function body counts
    /// as separate because when it runs is unknown.
    pub fn in_main_shell(&self) -> bool {
        !(self.in_subshell
            || self.in_command_substitution
            || self.in_pipeline
            || self.in_function
            || self.in_background)
    }
}

/// A pipeline of two or more commands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pipeline {
    /// The range from the start of the first command to the end of the last.
    pub span: Range<usize>,
    /// True for `! a | b`.
    pub negated: bool,
    /// True if `set -o pipefail` was in effect when the pipeline started.
    pub pipefail: bool,
    /// The constructs around the pipeline.
    pub nesting: Nesting,
}

/// One redirect of a command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    /// The file descriptor written before the operator, as the `2` of `2>&1`.
    pub fd: Option<u32>,
    pub operator: RedirectOperator,
    /// The file, the descriptor of `>&2`, or the word of `<<<`. For a here-document it is the
    /// body, whose span lies on the lines after the command. `None` for a process
    /// substitution such as `> >(tee log)`.
    pub target: Option<ShellWord>,
    /// The range from the descriptor or operator to the end of the target; for a
    /// here-document, to the end of the delimiter word.
    pub span: Range<usize>,
}

/// The operator of a redirect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RedirectOperator {
    /// `<`.
    Read,
    /// `>`.
    Write,
    /// `>>`.
    Append,
    /// `<>`.
    ReadWrite,
    /// `>|`.
    Clobber,
    /// `<&`.
    DuplicateInput,
    /// `>&`.
    DuplicateOutput,
    /// `&>`.
    OutputAndError,
    /// `&>>`.
    AppendOutputAndError,
    /// `<<`.
    HereDocument,
    /// `<<-`, which strips leading tabs from the body.
    HereDocumentStripTabs,
    /// `<<<`.
    HereString,
}

/// A script that could not be analysed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellError {
    pub message: String,
    /// The byte offset in the script where the problem was found.
    pub offset: usize,
}

impl fmt::Display for ShellError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for ShellError {}

/// Analyses a shell script: a `RUN` body after line continuations were removed, or the body of
/// a heredoc run by a shell.
///
/// Returns an error for a syntax error and for scripts nested beyond the limits that keep
/// brush-parser within its stack and time: 16 levels of `$(…)` and `${…}`, 32 levels of
/// compound commands, and 10 levels of parentheses and `case`.
pub fn analyze(script: &str) -> Result<Script, ShellError> {
    let first = match walk::analyze_text(script, script) {
        Ok(analysed) => return Ok(analysed),
        Err(failure) => failure,
    };

    // brush-parser 0.4.0 ends `$(case $x in a) …;; esac)` at the `)` of the pattern; the
    // rewrite to `(a)` keeps every offset.
    if first.syntax
        && script.contains("esac")
        && let Some(rewritten) = scan::rewrite_case_patterns(script)
        && let Ok(analysed) = walk::analyze_text(script, &rewritten)
    {
        return Ok(analysed);
    }

    Err(ShellError {
        message: first.message,
        offset: first.offset,
    })
}
