//! A linter handle: options parsed and checked once, then used for any number of Dockerfiles.

use std::ptr;

use plimsoll::Error;
use plimsoll::api::{Options, lint_report};

use crate::boundary::{Failure, bytes, respond, run, store_error, text};
use crate::bytes::plimsoll_bytes;
use crate::{DEFAULT_PATH, plimsoll_status};

/// A linter with fixed options, created by `plimsoll_linter_new`.
///
/// It is immutable after creation, so any number of threads may call `plimsoll_linter_lint`
/// on one handle at the same time. The caller owns it and frees it with
/// `plimsoll_linter_free` once no call is using it.
pub struct plimsoll_linter {
    options: Options,
}

// The handle is shared across threads by C callers, so it must stay `Send + Sync`.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<plimsoll_linter>();
};

/// Lints an empty Dockerfile with `options`, so that an unknown rule code is rejected when the
/// handle is created rather than at its first use. The target is left out, because whether a
/// stage of that name exists depends on the Dockerfile.
fn check_rule_codes(options: &Options) -> Result<(), Error> {
    let without_target = Options {
        target: None,
        ..options.clone()
    };
    lint_report(DEFAULT_PATH, b"", &without_target).map(drop)
}

/// Creates a linter from lint options given as JSON.
///
/// `options_json` is `options_len` bytes of UTF-8 JSON, borrowed for this call only; NULL
/// with length 0, or an empty string, means the defaults. The options are parsed once, and
/// unknown fields and rule codes are rejected here. A `target` stage is checked by each lint,
/// because it depends on the Dockerfile.
///
/// Returns the new linter, which the caller owns and frees with `plimsoll_linter_free`. On
/// error, returns NULL and, unless `error_out` is NULL, writes `{"error":...}` JSON to
/// `*error_out`, which the caller then owns and frees with `plimsoll_bytes_free`. On success
/// `*error_out` is zeroed.
///
/// # Safety
///
/// `options_json` is NULL or valid for `options_len` bytes, and `error_out` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn plimsoll_linter_new(
    options_json: *const u8,
    options_len: usize,
    error_out: *mut plimsoll_bytes,
) -> *mut plimsoll_linter {
    let created = run(|| {
        // SAFETY: the caller guarantees `options_json` for `options_len` bytes.
        let json = unsafe { text("options_json", options_json, options_len)? };
        let options = Options::from_json(json)?;
        check_rule_codes(&options)?;
        Ok(Box::new(plimsoll_linter { options }))
    });

    match created {
        Ok(linter) => {
            if !error_out.is_null() {
                // SAFETY: the caller guarantees that a non-NULL `error_out` is writable.
                unsafe { error_out.write(plimsoll_bytes::EMPTY) };
            }
            Box::into_raw(linter)
        }
        Err(failure) => {
            // SAFETY: the caller guarantees that `error_out` is NULL or writable.
            unsafe { store_error(error_out, &failure) };
            ptr::null_mut()
        }
    }
}

/// Lints a Dockerfile with the linter's options and writes the JSON report to `*out`, naming
/// the file `Dockerfile` in the report.
///
/// `linter` is borrowed, and other threads may use it at the same time. `source` is
/// `source_len` bytes, read as `plimsoll_lint` reads them, and borrowed for this call only; it
/// may be NULL when `source_len` is 0. Statuses are as for `plimsoll_lint`. Unless `out` is NULL, the caller owns `*out`
/// afterwards, on success and on error, and frees it with `plimsoll_bytes_free`.
///
/// # Safety
///
/// `linter` is NULL or a live handle from `plimsoll_linter_new`, `source` is NULL or valid
/// for `source_len` bytes, and `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn plimsoll_linter_lint(
    linter: *const plimsoll_linter,
    source: *const u8,
    source_len: usize,
    out: *mut plimsoll_bytes,
) -> plimsoll_status {
    // SAFETY: `DEFAULT_PATH` is valid for its length; the other arguments are the caller's.
    unsafe {
        plimsoll_linter_lint_named(
            linter,
            DEFAULT_PATH.as_ptr(),
            DEFAULT_PATH.len(),
            source,
            source_len,
            out,
        )
    }
}

/// Lints a Dockerfile like `plimsoll_linter_lint`, and names the file `path` in the report.
///
/// `path` is `path_len` bytes of UTF-8, used only as the report's `path` field; nothing is
/// read from it. The caller owns `*out` afterwards and frees it with `plimsoll_bytes_free`.
///
/// # Safety
///
/// `linter` is NULL or a live handle from `plimsoll_linter_new`, each non-NULL pointer is
/// valid for its length, and `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn plimsoll_linter_lint_named(
    linter: *const plimsoll_linter,
    path: *const u8,
    path_len: usize,
    source: *const u8,
    source_len: usize,
    out: *mut plimsoll_bytes,
) -> plimsoll_status {
    // SAFETY: the caller guarantees `linter`, each pointer for its length, and `out`.
    unsafe {
        respond(out, || {
            let Some(linter) = linter.as_ref() else {
                return Err(Failure::invalid_argument("`linter` is NULL".to_string()));
            };
            let path = text("path", path, path_len)?;
            let source = bytes("source", source, source_len)?;
            let report = lint_report(path, source, &linter.options)?;
            Ok(report.to_json())
        })
    }
}

/// Frees a linter. NULL is accepted and does nothing.
///
/// No other call may be using the linter, and it must not be used afterwards.
///
/// # Safety
///
/// `linter` is NULL or a handle from `plimsoll_linter_new` that was not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn plimsoll_linter_free(linter: *mut plimsoll_linter) {
    if linter.is_null() {
        return;
    }
    // The closure always returns `Ok`, and the panic hook has already printed any panic, so
    // the result is dropped.
    let _ = run(|| {
        // SAFETY: `plimsoll_linter_new` made `linter` with `Box::into_raw`, and the caller
        // guarantees that this is its only release.
        drop(unsafe { Box::from_raw(linter) });
        Ok(())
    });
}
