//! Writing to standard output and standard error, and the color choice.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use clap::ValueEnum;

/// The `--color` option.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Color when the stream is a terminal and NO_COLOR is unset or empty.
    Auto,
    /// Color even when the stream is a file or a pipe.
    Always,
    /// Never color.
    Never,
}

impl ColorChoice {
    /// Returns true if output to a stream that is (or is not) a terminal gets colors.
    pub fn enabled(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && !no_color_requested(),
        }
    }

    pub fn for_stdout(self) -> bool {
        self.enabled(io::stdout().is_terminal())
    }

    pub fn for_stderr(self) -> bool {
        self.enabled(io::stderr().is_terminal())
    }
}

/// Returns true if NO_COLOR is set to a non-empty value, which by the convention of
/// no-color.org turns colors off.
fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty())
}

/// The `--format` option of `lint`: every format of [`plimsoll::formats::Format`], by name or
/// by hadolint's name for it, ignoring case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Format(pub plimsoll::formats::Format);

/// The formats in the order `--help` lists them.
const FORMATS: [Format; 11] = {
    use plimsoll::formats::Format as F;
    [
        Format(F::Text),
        Format(F::Json),
        Format(F::Sarif),
        Format(F::Checkstyle),
        Format(F::Junit),
        Format(F::Gitlab),
        Format(F::Codeclimate),
        Format(F::Gnu),
        Format(F::Github),
        Format(F::Sonarqube),
        Format(F::Codacy),
    ]
};

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &FORMATS
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        use plimsoll::formats::Format as F;
        let help = match self.0 {
            F::Text => "Findings with source lines, for a terminal",
            F::Json => "The versioned JSON report",
            F::Sarif => "SARIF 2.1.0, for GitHub code scanning",
            F::Checkstyle => "Checkstyle XML",
            F::Junit => "JUnit XML: a test suite per file, a failed test case per finding",
            F::Gitlab => "GitLab Code Quality JSON",
            F::Codeclimate => "Code Climate engine issues; always exits 0 on findings",
            F::Gnu => "file:line:column: severity: CODE message",
            F::Github => "GitHub Actions workflow commands (annotations)",
            F::Sonarqube => "SonarQube generic issue import JSON",
            F::Codacy => "Codacy tool results; always exits 0 on findings",
        };
        Some(
            clap::builder::PossibleValue::new(self.0.name())
                .aliases(self.0.aliases().iter().copied())
                .help(help),
        )
    }
}

/// Writes `text` to standard output.
///
/// A closed pipe, as when the output goes to `head`, is not an error: the reader has all it
/// wanted. Any other write error is returned as a message.
pub fn print(text: &str) -> Result<(), String> {
    let mut stdout = io::stdout().lock();
    let written = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    match written {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => {
            Err(format!("failed to write to standard output: {error}"))
        }
        _ => Ok(()),
    }
}

/// Writes `text` to the file at `path`, replacing its content, or to standard output when
/// `path` is `None` or `-`.
pub fn write_output(path: Option<&Path>, text: &str) -> Result<(), String> {
    match path {
        Some(path) if path.as_os_str() != "-" => std::fs::write(path, text)
            .map_err(|error| format!("failed to write `{}`: {error}", path.display())),
        _ => print(text),
    }
}

/// Writes `text` to standard error. A failed write is dropped because there is no other place
/// to report it.
pub fn print_stderr(text: &str) {
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// Writes `warning: message` to standard error.
pub fn print_warning(message: &str) {
    print_stderr(&format!("warning: {message}\n"));
}

/// Writes `error: message` to standard error.
pub fn print_error(message: &str) {
    print_stderr(&format!("error: {message}\n"));
}
