//! The native module `plimsoll._native` of the Python package `plimsoll`.
//!
//! Each function converts its Python arguments and calls the core's API ([`plimsoll::api`]).
//! The GIL is released while a file is read and while the core lints or parses. `lint`,
//! `lint_file`, `parse` and `rules` return the result objects of `plimsoll._types`, and the
//! `_json` functions return the core's JSON text unchanged. Errors of the core become the
//! exception classes of `plimsoll._errors`, and a panic becomes `InternalError`.

mod documents;
mod errors;
mod image;
mod objects;
mod source;

use std::path::PathBuf;

use plimsoll::api::{self, Options};
use plimsoll::report::Report;
use plimsoll::{Error, ErrorKind};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyList;
use serde::de::DeserializeOwned;

use crate::documents::ParseOutput;
use crate::errors::{read_error, to_py_err};
use crate::objects::Builder;
use crate::source::Source;

/// Lints `source` with options given as JSON and returns a `Report`, naming the file `path`.
#[pyfunction]
#[pyo3(signature = (source, options_json = "", path = "Dockerfile"))]
fn lint<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    options_json: &str,
    path: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let source = Source::extract(source)?;
    let report = py
        .detach(|| api::catch_panic(|| lint_report(path, source.as_bytes(), options_json)))
        .map_err(|error| to_py_err(py, error))?;
    Builder::new(py)?.report(report)
}

/// Reads the file at `path` and returns its `Report`. The report names the file by `path` as
/// given, with bytes that are not UTF-8 replaced by U+FFFD, as the CLI does.
#[pyfunction]
#[pyo3(signature = (path, options_json = ""))]
fn lint_file<'py>(
    py: Python<'py>,
    path: &Bound<'py, PyAny>,
    options_json: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let file_path: PathBuf = path.extract()?;
    let display_path = file_path.to_string_lossy().into_owned();

    let result = py.detach(|| {
        let source = std::fs::read(&file_path).map_err(FileError::Read)?;
        api::catch_panic(|| lint_report(&display_path, &source, options_json))
            .map_err(FileError::Lint)
    });

    match result {
        Ok(report) => Builder::new(py)?.report(report),
        Err(FileError::Read(error)) => Err(read_error(py, path, &display_path, &error)),
        Err(FileError::Lint(error)) => Err(to_py_err(py, error)),
    }
}

/// A failure of [`lint_file`]. Both variants are built without the GIL and become Python
/// exceptions after it is taken back.
enum FileError {
    Read(std::io::Error),
    Lint(Error),
}

fn lint_report(path: &str, source: &[u8], options_json: &str) -> Result<Report, Error> {
    let options = Options::from_json(options_json)?;
    api::lint_report(path, source, &options)
}

/// Lints `source` and returns the JSON report, naming the file `path` in it.
#[pyfunction]
#[pyo3(signature = (source, options_json = "", path = "Dockerfile"))]
fn lint_json(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    options_json: &str,
    path: &str,
) -> PyResult<String> {
    let source = Source::extract(source)?;
    py.detach(|| api::catch_panic(|| api::lint_json(path, source.as_bytes(), options_json)))
        .map_err(|error| to_py_err(py, error))
}

/// Parses `source` and returns a `ParseResult`.
#[pyfunction]
fn parse<'py>(py: Python<'py>, source: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let source = Source::extract(source)?;
    let output = py
        .detach(|| {
            api::catch_panic(|| read_document::<ParseOutput>(&api::parse_json(source.as_bytes())))
        })
        .map_err(|error| to_py_err(py, error))?;
    Builder::new(py)?.parse_result(output)
}

/// Returns a list of every rule as a `Rule`.
#[pyfunction]
fn rules<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
    let rules = api::catch_panic(|| read_document::<Vec<documents::Rule>>(&api::rules_json()))
        .map_err(|error| to_py_err(py, error))?;
    let builder = Builder::new(py)?;
    let objects = rules
        .into_iter()
        .map(|rule| builder.rule(rule))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, objects)
}

/// Reads a JSON document of the core into its typed form. A failure means that the core and
/// [`documents`] disagree, which is a bug.
fn read_document<T: DeserializeOwned>(json: &str) -> Result<T, Error> {
    serde_json::from_str(json).map_err(|error| {
        Error::new(
            ErrorKind::Internal,
            format!(
                "internal error (a bug in plimsoll, please report it): the core's JSON does not \
                 match the Python binding: {error}"
            ),
        )
    })
}

/// Parses `source` and returns `{"version", "instructions", "diagnostics"}` as JSON.
#[pyfunction]
fn parse_json(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<String> {
    let source = Source::extract(source)?;
    py.detach(|| api::catch_panic(|| Ok(api::parse_json(source.as_bytes()))))
        .map_err(|error| to_py_err(py, error))
}

/// Returns `{"error": {"kind", "message"}}`, the JSON that the core's raw modes return for an
/// error of `kind`.
#[pyfunction]
fn error_json(kind: &str, message: String) -> PyResult<String> {
    let kind = [
        ErrorKind::InvalidOption,
        ErrorKind::InvalidInput,
        ErrorKind::Io,
        ErrorKind::Internal,
    ]
    .into_iter()
    .find(|candidate| candidate.as_str() == kind)
    .ok_or_else(|| PyValueError::new_err(format!("unknown error kind {kind:?}")))?;
    Ok(api::error_json(&Error::new(kind, message)))
}

#[pymodule]
#[pyo3(name = "_native")]
fn native_module(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add("__version__", plimsoll::VERSION)?;
    module.add_function(wrap_pyfunction!(lint, module)?)?;
    module.add_function(wrap_pyfunction!(lint_file, module)?)?;
    module.add_function(wrap_pyfunction!(lint_json, module)?)?;
    module.add_function(wrap_pyfunction!(parse, module)?)?;
    module.add_function(wrap_pyfunction!(rules, module)?)?;
    module.add_function(wrap_pyfunction!(parse_json, module)?)?;
    module.add_function(wrap_pyfunction!(error_json, module)?)?;
    module.add_function(wrap_pyfunction!(image::lint_image, module)?)?;
    module.add_function(wrap_pyfunction!(image::lint_image_json, module)?)?;
    module.add_function(wrap_pyfunction!(image::lint_image_config, module)?)?;
    module.add_function(wrap_pyfunction!(image::lint_image_config_json, module)?)?;
    Ok(())
}
