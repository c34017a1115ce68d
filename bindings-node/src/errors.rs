//! Conversion of core errors into thrown JavaScript errors.

use std::fmt::Display;

use napi::bindgen_prelude::{JsError, Unknown};
use napi::{Env, Status};
use plimsoll::api::catch_panic;
use plimsoll::{Error, ErrorKind};

/// The `code` property of a thrown error: `PLIMSOLL_` and the core kind in upper case.
struct ErrorCode(ErrorKind);

impl AsRef<str> for ErrorCode {
    fn as_ref(&self) -> &str {
        match self.0 {
            ErrorKind::InvalidOption => "PLIMSOLL_INVALID_OPTION",
            ErrorKind::InvalidInput => "PLIMSOLL_INVALID_INPUT",
            ErrorKind::Io => "PLIMSOLL_IO",
            ErrorKind::Internal => "PLIMSOLL_INTERNAL",
        }
    }
}

/// Runs `f` inside the core's panic boundary and turns its error into a JavaScript `Error`
/// with a `code` property.
pub(crate) fn run<T>(env: &Env, f: impl FnOnce() -> Result<T, Error>) -> napi::Result<T> {
    catch_panic(f).map_err(|error| to_js_error(env, error))
}

/// Creates the JavaScript `Error` for `error`, whose `code` is the stable string of its kind,
/// and wraps it so that napi-rs throws or rejects with that object.
pub(crate) fn to_js_error(env: &Env, error: Error) -> napi::Error {
    let napi_error = napi::Error::new(ErrorCode(error.kind), error.message);
    // SAFETY: `env` is the environment of the current call, on the JavaScript thread, and
    // `into_value` returns an error object created in it (or null if it is shutting down).
    let value = unsafe { JsError::from(napi_error).into_value(env.raw()) };
    if value.is_null() {
        return napi::Error::new(
            Status::GenericFailure,
            "failed to create a JavaScript error",
        );
    }
    // SAFETY: `value` is a live value of `env`, created just above.
    napi::Error::from(unsafe { Unknown::from_raw_unchecked(env.raw(), value) })
}

/// Converts a failure to move a value between Rust and JavaScript, or to serialize a result,
/// into an internal error. The arguments were checked before, so such a failure is a bug.
pub(crate) fn internal(error: impl Display) -> Error {
    Error::new(
        ErrorKind::Internal,
        format!("internal error (a bug in plimsoll, please report it): {error}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_is_prefixed_upper_case_kind() {
        for kind in [
            ErrorKind::InvalidOption,
            ErrorKind::InvalidInput,
            ErrorKind::Io,
            ErrorKind::Internal,
        ] {
            let expected = format!("PLIMSOLL_{}", kind.as_str().to_uppercase());
            assert_eq!(ErrorCode(kind).as_ref(), expected);
        }
    }
}
