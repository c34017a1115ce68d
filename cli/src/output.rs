//! Writing to standard output and standard error, and the color choice.

use std::io::{self, IsTerminal, Write};

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

/// The output format of `lint` and `rules`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
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

/// Writes `text` to standard error. A failed write is dropped because there is no other place
/// to report it.
pub fn print_stderr(text: &str) {
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// Writes `error: message` to standard error.
pub fn print_error(message: &str) {
    print_stderr(&format!("error: {message}\n"));
}
