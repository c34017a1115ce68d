//! A Dockerfile source or an image config as Python passes it: `str` or a bytes-like object.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::PyString;

use crate::errors::invalid_input;

/// The source of a Dockerfile or an image config, kept alive by its Python object so that the
/// bytes can be read while the GIL is released.
pub enum Source {
    /// A `str`, encoded as UTF-8.
    Text(PyBackedStr),
    /// `bytes` (borrowed) or `bytearray` (copied). The core decodes a Dockerfile as UTF-8 and
    /// reports invalid sequences as findings, and rejects an image config that is not UTF-8.
    Bytes(PyBackedBytes),
}

impl Source {
    /// Converts `source`, raising `TypeError` for other types and `InvalidInputError` for a
    /// `str` that has no UTF-8 encoding because it contains lone surrogates.
    pub fn extract(source: &Bound<'_, PyAny>) -> PyResult<Source> {
        Source::extract_named(source, "source")
    }

    /// Converts the argument called `name` in messages, as [`Source::extract`] does.
    pub fn extract_named(source: &Bound<'_, PyAny>, name: &str) -> PyResult<Source> {
        if let Ok(text) = source.cast::<PyString>() {
            return match PyBackedStr::try_from(text.clone()) {
                Ok(text) => Ok(Source::Text(text)),
                Err(cause) => {
                    let py = source.py();
                    let error = invalid_input(
                        py,
                        &format!(
                            "{name} is not valid Unicode: it contains a lone surrogate, which \
                             has no UTF-8 encoding; pass the file's bytes instead"
                        ),
                    );
                    error.set_cause(py, Some(cause));
                    Err(error)
                }
            };
        }
        match source.extract::<PyBackedBytes>() {
            Ok(bytes) => Ok(Source::Bytes(bytes)),
            Err(_) => Err(PyTypeError::new_err(format!(
                "{name} must be str or bytes, not {}",
                source.get_type().name()?
            ))),
        }
    }

    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Source::Text(text) => text.as_bytes(),
            Source::Bytes(bytes) => bytes,
        }
    }
}
