//! The C ABI of plimsoll: byte strings in, one JSON buffer out.
//!
//! `include/plimsoll.h` is generated from this crate by `cargo xtask header`, so the doc
//! comments of the exported items are written for C readers. Each function reads its
//! arguments and calls `plimsoll::api` inside a panic boundary. It then maps the core's error
//! kinds to a `plimsoll_status`. The lint logic stays in the core.
//!
//! Ownership, which every function's doc repeats:
//! - Pointer arguments are borrowed for the duration of the call only.
//! - A `plimsoll_bytes` that a function writes belongs to the caller, who frees it once with
//!   `plimsoll_bytes_free`, on success and on error alike.
//! - A `plimsoll_linter` belongs to the caller, who frees it once with `plimsoll_linter_free`.
//! - `plimsoll_version` returns a static string, which the caller must not free.

// The exported types carry their C names, such as `plimsoll_status`.
#![allow(non_camel_case_types)]

// With `panic = "abort"` a panic would end the host process instead of reaching the boundary.
#[cfg(panic = "abort")]
compile_error!(
    "plimsoll-c needs `panic = \"unwind\"`, so that panics become PLIMSOLL_STATUS_INTERNAL"
);

mod boundary;
mod bytes;
mod image;
mod linter;
#[cfg(feature = "test-hooks")]
mod test_hooks;

use std::ffi::c_char;

use plimsoll::api::{lint_json, parse_json, rules_json};

use crate::boundary::{bytes, respond, run, text};
pub use crate::bytes::plimsoll_bytes;
pub use crate::image::{plimsoll_lint_image, plimsoll_lint_image_config};
pub use crate::linter::{
    plimsoll_linter, plimsoll_linter_free, plimsoll_linter_lint, plimsoll_linter_lint_named,
    plimsoll_linter_new,
};

/// The file name that `plimsoll_lint` and `plimsoll_linter_lint` put in the report.
const DEFAULT_PATH: &str = "Dockerfile";

/// The result of a call.
///
/// Every status other than `PLIMSOLL_STATUS_OK` is an error. A function with an output
/// buffer then fills it with `{"error":{"kind":...,"message":...}}`, where `kind` is one of
/// `invalid_input`, `invalid_option`, `io` and `internal`, unless the output pointer itself
/// is NULL.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum plimsoll_status {
    /// Success: the output buffer contains the result.
    Ok = 0,
    /// A pointer is NULL where one is required, or a length exceeds `PTRDIFF_MAX`. The error
    /// kind is `invalid_input`.
    InvalidArgument = 1,
    /// A path, name or options argument is not valid UTF-8; the message names the argument
    /// and the byte offset. A Dockerfile source need not be UTF-8, and an image config that is
    /// not UTF-8 is `PLIMSOLL_STATUS_INVALID_INPUT`. The error kind is `invalid_input`.
    InvalidUtf8 = 2,
    /// The core rejected the input for another reason, such as an image config that is not
    /// JSON or an archive that is not an image. The error kind is `invalid_input`.
    InvalidInput = 3,
    /// The options are not usable: malformed JSON, an unknown field, an unknown rule code, or
    /// a target stage that the Dockerfile does not have. The error kind is `invalid_option`.
    InvalidOption = 4,
    /// Reading a file failed (error kind `io`). Only `plimsoll_lint_image` reads files.
    Io = 5,
    /// A bug in plimsoll, such as a panic caught at the boundary. The error kind is
    /// `internal`.
    Internal = 6,
}

/// The library version, such as "0.1.0", with a terminating NUL byte. Built from
/// `plimsoll::VERSION` at compile time, so the two cannot differ.
static VERSION: [u8; plimsoll::VERSION.len() + 1] = {
    let version = plimsoll::VERSION.as_bytes();
    let mut bytes = [0; plimsoll::VERSION.len() + 1];
    let mut index = 0;
    while index < version.len() {
        bytes[index] = version[index];
        index += 1;
    }
    bytes
};

/// Returns the version of the library, such as "0.1.0".
///
/// The string is static and NUL-terminated; the caller must not free or modify it. It equals
/// `PLIMSOLL_VERSION` when the header and the library come from the same build.
#[unsafe(no_mangle)]
pub extern "C" fn plimsoll_version() -> *const c_char {
    // Needs no panic boundary: it only takes the address of a static.
    VERSION.as_ptr().cast()
}

/// Lints a Dockerfile and writes the JSON report to `*out`, naming the file `Dockerfile` in
/// the report.
///
/// `source` is the Dockerfile, `source_len` bytes. Bytes that are not UTF-8 are not an error:
/// each invalid sequence is read as U+FFFD and reported as finding `PL0005`, as the command
/// line and the other bindings do. `options_json` is `options_len` bytes of UTF-8 JSON with
/// the lint options; NULL with length 0, or an empty string, means the defaults. Either
/// pointer may be NULL when its length is 0. Both are borrowed for this call only.
///
/// Findings are data, so a Dockerfile with findings or syntax errors still returns
/// `PLIMSOLL_STATUS_OK`. On any other status `*out` contains `{"error":...}` JSON. Unless `out`
/// is NULL (then the status is `PLIMSOLL_STATUS_INVALID_ARGUMENT` and nothing is written),
/// the caller owns `*out` afterwards and frees it with `plimsoll_bytes_free`.
///
/// # Safety
///
/// Each non-NULL pointer is valid for its length, and `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn plimsoll_lint(
    source: *const u8,
    source_len: usize,
    options_json: *const u8,
    options_len: usize,
    out: *mut plimsoll_bytes,
) -> plimsoll_status {
    // SAFETY: `DEFAULT_PATH` is valid for its length; the other arguments are the caller's.
    unsafe {
        plimsoll_lint_named(
            DEFAULT_PATH.as_ptr(),
            DEFAULT_PATH.len(),
            source,
            source_len,
            options_json,
            options_len,
            out,
        )
    }
}

/// Lints a Dockerfile like `plimsoll_lint`, and names the file `path` in the report.
///
/// `path` is `path_len` bytes of UTF-8, used only as the report's `path` field; nothing is
/// read from it. The other arguments, the statuses and the ownership of `*out` are as for
/// `plimsoll_lint`: the caller frees `*out` with `plimsoll_bytes_free`.
///
/// # Safety
///
/// Each non-NULL pointer is valid for its length, and `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn plimsoll_lint_named(
    path: *const u8,
    path_len: usize,
    source: *const u8,
    source_len: usize,
    options_json: *const u8,
    options_len: usize,
    out: *mut plimsoll_bytes,
) -> plimsoll_status {
    // SAFETY: the caller guarantees each pointer is valid for its length, and `out`.
    unsafe {
        respond(out, || {
            let path = text("path", path, path_len)?;
            let source = bytes("source", source, source_len)?;
            let options = text("options_json", options_json, options_len)?;
            Ok(lint_json(path, source, options)?)
        })
    }
}

/// Parses a Dockerfile and writes `{"version","instructions","diagnostics"}` JSON to `*out`:
/// each instruction as BuildKit's parser records it, and the syntax diagnostics.
///
/// `source` is `source_len` bytes, read as `plimsoll_lint` reads them, and borrowed for this
/// call only; it may be NULL when `source_len` is 0. On a non-OK status `*out` contains
/// `{"error":...}` JSON. Unless `out` is NULL, the caller owns `*out` afterwards and frees it
/// with `plimsoll_bytes_free`.
///
/// # Safety
///
/// `source` is NULL or valid for `source_len` bytes, and `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn plimsoll_parse(
    source: *const u8,
    source_len: usize,
    out: *mut plimsoll_bytes,
) -> plimsoll_status {
    // SAFETY: the caller guarantees `source` for `source_len` bytes, and `out`.
    unsafe {
        respond(out, || {
            let source = bytes("source", source, source_len)?;
            Ok(parse_json(source))
        })
    }
}

/// Writes a JSON array of every rule to `*out`: its code, name, aliases, default severity,
/// whether it can attach a fix, and its documentation in Markdown.
///
/// Unless `out` is NULL, the caller owns `*out` afterwards and frees it with
/// `plimsoll_bytes_free`.
///
/// # Safety
///
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn plimsoll_rules(out: *mut plimsoll_bytes) -> plimsoll_status {
    // SAFETY: the caller guarantees `out`.
    unsafe { respond(out, || Ok(rules_json())) }
}

/// Frees a buffer that a plimsoll function wrote.
///
/// Pass the struct exactly as the library wrote it, and free each buffer once. A zeroed
/// struct (`data` NULL) is accepted and does nothing, so a caller may free its buffer
/// whatever the status was.
///
/// # Safety
///
/// `bytes` is zeroed, or came unchanged from a plimsoll function and was not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn plimsoll_bytes_free(bytes: plimsoll_bytes) {
    // The closure always returns `Ok`, and the panic hook has already printed any panic, so
    // the result is dropped.
    let _ = run(|| {
        // SAFETY: the caller guarantees that `bytes` is zeroed or unchanged and not freed.
        unsafe { bytes.release() };
        Ok(())
    });
}

#[cfg(test)]
mod tests;
