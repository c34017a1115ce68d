//! The one error type of the library. Findings are never errors; an error means the input or
//! the options could not be used at all.

use std::fmt;

/// A stable, fieldless classification that every binding maps from: a Python exception
/// class, a JavaScript `code`, a C status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// An option value is not valid: an unknown rule code, stage or severity.
    InvalidOption,
    /// The input cannot be used, for example bytes that a binding received as UTF-8 text but that are not valid UTF-8.
    InvalidInput,
    /// Reading a file failed. The core does no I/O; bindings and the CLI use this kind.
    Io,
    /// A bug in plimsoll, such as a caught panic.
    Internal,
}

impl ErrorKind {
    /// Returns the kind as a snake_case string, stable across releases.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidOption => "invalid_option",
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::Io => "io",
            ErrorKind::Internal => "internal",
        }
    }
}

/// An error with its kind and a message for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
