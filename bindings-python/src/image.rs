//! The image functions of the native module: an image read from a path, or an image config
//! given as bytes. Like the Dockerfile functions, they release the GIL while the core reads
//! and lints.

use std::path::PathBuf;

use plimsoll::api::{self, ImageApiOptions};
use plimsoll::report::Report;
use plimsoll::{Error, ErrorKind};
use pyo3::prelude::*;

use crate::errors::{io_error, to_py_err};
use crate::objects::Builder;
use crate::source::Source;

/// Reads and lints the image at `path` and returns a `Report` with one image, named by
/// `path` as given, with bytes that are not UTF-8 replaced by U+FFFD.
#[pyfunction]
#[pyo3(signature = (path, options_json = ""))]
pub fn lint_image<'py>(
    py: Python<'py>,
    path: &Bound<'py, PyAny>,
    options_json: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let report = image_report(py, path, options_json)?;
    Builder::new(py)?.report(report)
}

/// Reads and lints the image at `path` and returns the JSON report.
#[pyfunction]
#[pyo3(signature = (path, options_json = ""))]
pub fn lint_image_json(
    py: Python<'_>,
    path: &Bound<'_, PyAny>,
    options_json: &str,
) -> PyResult<String> {
    image_report(py, path, options_json).map(|report| report.to_json())
}

/// Lints an image config given as `str` or bytes, reading no file, and returns a `Report`
/// with one image, named `name`.
#[pyfunction]
#[pyo3(signature = (config, options_json = "", name = "image.json"))]
pub fn lint_image_config<'py>(
    py: Python<'py>,
    config: &Bound<'py, PyAny>,
    options_json: &str,
    name: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let config = Source::extract_named(config, "config")?;
    let report = py
        .detach(|| api::catch_panic(|| config_report(name, config.as_bytes(), options_json)))
        .map_err(|error| to_py_err(py, error))?;
    Builder::new(py)?.report(report)
}

/// Lints an image config given as `str` or bytes and returns the JSON report.
#[pyfunction]
#[pyo3(signature = (config, options_json = "", name = "image.json"))]
pub fn lint_image_config_json(
    py: Python<'_>,
    config: &Bound<'_, PyAny>,
    options_json: &str,
    name: &str,
) -> PyResult<String> {
    let config = Source::extract_named(config, "config")?;
    py.detach(|| api::catch_panic(|| api::image_config_json(name, config.as_bytes(), options_json)))
        .map_err(|error| to_py_err(py, error))
}

/// Reads and lints the image at `path` without the GIL. A failed read becomes an `IoError`
/// whose `filename` is `path` as the caller passed it.
fn image_report(py: Python<'_>, path: &Bound<'_, PyAny>, options_json: &str) -> PyResult<Report> {
    let image_path: PathBuf = path.extract()?;
    let result = py.detach(|| {
        api::catch_panic(|| {
            let options = ImageApiOptions::from_json(options_json)?;
            api::image_report(&image_path, &options)
        })
    });
    result.map_err(|error| match error.kind {
        ErrorKind::Io => io_error(py, error, path),
        _ => to_py_err(py, error),
    })
}

fn config_report(name: &str, config: &[u8], options_json: &str) -> Result<Report, Error> {
    let options = ImageApiOptions::from_json(options_json)?;
    api::image_config_report(name, config, &options)
}
