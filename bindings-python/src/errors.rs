//! Conversion of core errors into the exception classes that `plimsoll._errors` defines.
//!
//! The classes are written in Python, because `IoError` derives from both `PlimsollError` and
//! `OSError`. This module looks them up when it raises an error, and by then the package
//! `plimsoll` has imported `plimsoll._errors`.

use std::io;

use plimsoll::{Error, ErrorKind};
use pyo3::prelude::*;

const ERRORS_MODULE: &str = "plimsoll._errors";

/// Converts a core error into an instance of the exception class for its kind.
pub fn to_py_err(py: Python<'_>, error: Error) -> PyErr {
    let class = match error.kind {
        ErrorKind::InvalidOption => "InvalidOptionError",
        ErrorKind::InvalidInput => "InvalidInputError",
        ErrorKind::Io => "IoError",
        ErrorKind::Internal => "InternalError",
    };
    new_exception(py, class, (error.message,))
}

/// Returns `InvalidInputError(message)`.
pub fn invalid_input(py: Python<'_>, message: &str) -> PyErr {
    new_exception(py, "InvalidInputError", (message,))
}

/// Returns the `IoError` for a failed read of `path`, with the message the CLI prints, the
/// operating system's error number and `path` as the caller passed it.
pub fn read_error(
    py: Python<'_>,
    path: &Bound<'_, PyAny>,
    display_path: &str,
    error: &io::Error,
) -> PyErr {
    let message = format!("failed to read `{display_path}`: {error}");
    new_exception(py, "IoError", (message, error.raw_os_error(), path))
}

/// Returns the `IoError` for a core error of kind `io` about `path`, with `path` as the caller
/// passed it and no error number, because the core's error does not keep one.
pub fn io_error(py: Python<'_>, error: Error, path: &Bound<'_, PyAny>) -> PyErr {
    new_exception(py, "IoError", (error.message, None::<i32>, path))
}

/// Calls the exception class `class` of `plimsoll._errors` with `arguments`. If that fails,
/// the error of the failure is returned instead, so that no error is lost silently.
fn new_exception<'py, A>(py: Python<'py>, class: &str, arguments: A) -> PyErr
where
    A: pyo3::call::PyCallArgs<'py>,
{
    let exception = py
        .import(ERRORS_MODULE)
        .and_then(|module| module.getattr(class))
        .and_then(|class| class.call1(arguments));
    match exception {
        Ok(exception) => PyErr::from_value(exception),
        Err(error) => error,
    }
}
