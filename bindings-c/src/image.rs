//! Image linting: an image read from a path, or an image config given as bytes.

use plimsoll::api::{image_config_json, image_json};

use crate::boundary::{bytes, respond, text};
use crate::bytes::plimsoll_bytes;
use crate::plimsoll_status;

/// Reads and lints the image at `path` and writes the JSON report, with its `images` list,
/// to `*out`. The report names the image `path` as given.
///
/// `path` is `path_len` bytes of UTF-8 naming a `docker save` archive, an OCI image layout
/// (a directory or a tar file), or a file holding an image config blob or `docker inspect`
/// output. A file whose first character other than blanks is `{` or `[` is read as a
/// config. `options_json` is `options_len` bytes of UTF-8 JSON with the image options
/// (`image`, `platform`, `max_size`, `lowest_efficiency`, `highest_wasted_bytes`,
/// `highest_user_wasted_percent`, `ignore`, `select`, `severity`, `failure_threshold`); NULL
/// with length 0, or an empty string, means the defaults. Both are borrowed for this call only.
///
/// Findings are data, so an image with findings returns `PLIMSOLL_STATUS_OK`. A read failure
/// returns `PLIMSOLL_STATUS_IO`, an image that cannot be read `PLIMSOLL_STATUS_INVALID_INPUT`,
/// and options that cannot be used `PLIMSOLL_STATUS_INVALID_OPTION`. On any status other than
/// OK `*out` contains `{"error":...}` JSON. Unless `out` is NULL (then the status is
/// `PLIMSOLL_STATUS_INVALID_ARGUMENT` and nothing is written), the caller owns `*out`
/// afterwards and frees it with `plimsoll_bytes_free`.
///
/// # Safety
///
/// Each non-NULL pointer is valid for its length, and `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn plimsoll_lint_image(
    path: *const u8,
    path_len: usize,
    options_json: *const u8,
    options_len: usize,
    out: *mut plimsoll_bytes,
) -> plimsoll_status {
    // SAFETY: the caller guarantees each pointer is valid for its length, and `out`.
    unsafe {
        respond(out, || {
            let path = text("path", path, path_len)?;
            let options = text("options_json", options_json, options_len)?;
            Ok(image_json(path, options)?)
        })
    }
}

/// Lints an image config blob or `docker inspect` output given as bytes, without reading any
/// file, and writes the JSON report to `*out`, naming the image `name`.
///
/// `name` is `name_len` bytes of UTF-8, used only as the image's `path` field in the report.
/// `config` is `config_len` bytes of JSON; bytes that are not UTF-8 make it invalid input, with
/// the same message as in the other bindings. `options_json` is as for `plimsoll_lint_image`;
/// the options `image` and `platform` have no effect on a config. All three are borrowed for
/// this call only, and each may be NULL when its length is 0.
///
/// A config that is not valid JSON, or not an image config, returns
/// `PLIMSOLL_STATUS_INVALID_INPUT`. The other statuses and the ownership of `*out` are as for
/// `plimsoll_lint_image`: the caller frees `*out` with `plimsoll_bytes_free`.
///
/// # Safety
///
/// Each non-NULL pointer is valid for its length, and `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn plimsoll_lint_image_config(
    name: *const u8,
    name_len: usize,
    config: *const u8,
    config_len: usize,
    options_json: *const u8,
    options_len: usize,
    out: *mut plimsoll_bytes,
) -> plimsoll_status {
    // SAFETY: the caller guarantees each pointer is valid for its length, and `out`.
    unsafe {
        respond(out, || {
            let name = text("name", name, name_len)?;
            let config = bytes("config", config, config_len)?;
            let options = text("options_json", options_json, options_len)?;
            Ok(image_config_json(name, config, options)?)
        })
    }
}
