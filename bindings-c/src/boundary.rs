//! The steps that every exported function takes around the core call: reading
//! `(pointer, length)` arguments, catching panics, and turning the result or the error into a
//! status and JSON.

use std::{slice, str};

use plimsoll::api::{catch_panic, error_json};
use plimsoll::{Error, ErrorKind};

use crate::bytes::plimsoll_bytes;
use crate::plimsoll_status;

/// An error together with the status that reports it to C.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) status: plimsoll_status,
    pub(crate) error: Error,
}

impl Failure {
    /// Creates the failure for a NULL pointer where one is required, or for a length that no
    /// object can have.
    pub(crate) fn invalid_argument(message: String) -> Failure {
        Failure {
            status: plimsoll_status::InvalidArgument,
            error: Error::new(ErrorKind::InvalidInput, message),
        }
    }

    fn invalid_utf8(name: &str, error: &str::Utf8Error) -> Failure {
        let offset = error.valid_up_to();
        let message = match error.error_len() {
            Some(_) => format!("`{name}` is not valid UTF-8: invalid byte at offset {offset}"),
            None => format!(
                "`{name}` is not valid UTF-8: it ends inside the multi-byte sequence that starts \
                 at byte offset {offset}"
            ),
        };
        Failure {
            status: plimsoll_status::InvalidUtf8,
            error: Error::new(ErrorKind::InvalidInput, message),
        }
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        let status = match error.kind {
            ErrorKind::InvalidOption => plimsoll_status::InvalidOption,
            ErrorKind::InvalidInput => plimsoll_status::InvalidInput,
            ErrorKind::Io => plimsoll_status::Io,
            ErrorKind::Internal => plimsoll_status::Internal,
        };
        Failure { status, error }
    }
}

/// Runs `f`, turning a panic into a failure with status `Internal`.
pub(crate) fn run<T>(f: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    match catch_panic(|| Ok(f())) {
        Ok(result) => result,
        Err(panic) => Err(Failure::from(panic)),
    }
}

/// Runs `f` inside the panic boundary and stores its JSON, or `{"error": ...}` on failure,
/// in `*out`. Returns `InvalidArgument` without running `f` when `out` is NULL.
///
/// # Safety
///
/// `out` is NULL or valid for writing one `plimsoll_bytes`.
pub(crate) unsafe fn respond(
    out: *mut plimsoll_bytes,
    f: impl FnOnce() -> Result<String, Failure>,
) -> plimsoll_status {
    if out.is_null() {
        return plimsoll_status::InvalidArgument;
    }

    let (status, json) = match run(f) {
        Ok(json) => (plimsoll_status::Ok, json),
        Err(failure) => (failure.status, error_json(&failure.error)),
    };

    // SAFETY: `out` is not NULL, and the caller guarantees it is valid for writes. `write`
    // does not read or drop the old value, which may be uninitialized.
    unsafe { out.write(plimsoll_bytes::from_string(json)) };
    status
}

/// Stores `{"error": ...}` for `failure` in `*out`, unless `out` is NULL.
///
/// # Safety
///
/// `out` is NULL or valid for writing one `plimsoll_bytes`.
pub(crate) unsafe fn store_error(out: *mut plimsoll_bytes, failure: &Failure) {
    if !out.is_null() {
        // SAFETY: as for `respond`.
        unsafe { out.write(plimsoll_bytes::from_string(error_json(&failure.error))) };
    }
}

/// Borrows the `len` bytes at `data`, the argument called `name` in messages, without
/// checking their encoding. NULL with length 0 is empty.
///
/// # Safety
///
/// Unless `data` is NULL, it points to `len` readable bytes that no one changes during `'a`.
pub(crate) unsafe fn bytes<'a>(
    name: &str,
    data: *const u8,
    len: usize,
) -> Result<&'a [u8], Failure> {
    if data.is_null() {
        if len == 0 {
            return Ok(&[]);
        }
        return Err(Failure::invalid_argument(format!(
            "`{name}` is NULL but its length is {len}"
        )));
    }
    if len > isize::MAX as usize {
        return Err(Failure::invalid_argument(format!(
            "the length of `{name}` is {len}, more than PTRDIFF_MAX"
        )));
    }

    // SAFETY: `data` is not NULL, `len` fits in `isize`, and the caller guarantees that the
    // bytes are readable and unchanged for `'a`. `u8` has alignment 1.
    Ok(unsafe { slice::from_raw_parts(data, len) })
}

/// Borrows the `len` bytes at `data` as UTF-8 text, the argument called `name` in messages.
/// NULL with length 0 is the empty string.
///
/// # Safety
///
/// Unless `data` is NULL, it points to `len` readable bytes that no one changes during `'a`.
pub(crate) unsafe fn text<'a>(name: &str, data: *const u8, len: usize) -> Result<&'a str, Failure> {
    // SAFETY: the caller's guarantee is the one `bytes` needs.
    let bytes = unsafe { bytes(name, data, len)? };
    str::from_utf8(bytes).map_err(|error| Failure::invalid_utf8(name, &error))
}
