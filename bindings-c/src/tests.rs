//! Calls the exported functions the way a C caller does. The C runner in `tests/` repeats
//! the main cases against the built library under valgrind.

use std::ffi::CStr;
use std::ptr;

use super::*;

/// Calls `f` with a fresh output buffer and returns the status and the JSON.
fn call(f: impl FnOnce(*mut plimsoll_bytes) -> plimsoll_status) -> (plimsoll_status, String) {
    let mut out = plimsoll_bytes::EMPTY;
    let status = f(&mut out);
    let json = out.as_str().to_string();
    // SAFETY: `out` was written by the library and is freed once.
    unsafe { plimsoll_bytes_free(out) };
    (status, json)
}

fn lint(source: &[u8], options: &[u8]) -> (plimsoll_status, String) {
    // SAFETY: both slices are valid for their lengths.
    call(|out| unsafe {
        plimsoll_lint(
            source.as_ptr(),
            source.len(),
            options.as_ptr(),
            options.len(),
            out,
        )
    })
}

fn new_linter(options: &str) -> Result<*mut plimsoll_linter, String> {
    let mut error = plimsoll_bytes::EMPTY;
    // SAFETY: `options` is valid for its length and `error` is writable.
    let linter = unsafe { plimsoll_linter_new(options.as_ptr(), options.len(), &mut error) };
    if linter.is_null() {
        let json = error.as_str().to_string();
        // SAFETY: `error` was written by the library and is freed once.
        unsafe { plimsoll_bytes_free(error) };
        return Err(json);
    }
    assert!(
        error.data.is_null(),
        "a successful creation leaves no error"
    );
    Ok(linter)
}

#[test]
fn version_matches_core() {
    // SAFETY: `plimsoll_version` returns a static NUL-terminated string.
    let version = unsafe { CStr::from_ptr(plimsoll_version()) };
    assert_eq!(version.to_str().unwrap(), plimsoll::VERSION);
}

#[test]
fn lint_returns_core_report() {
    let (status, json) = lint(b"FROM debian:latest\n", b"{}");

    assert_eq!(status, plimsoll_status::Ok);
    let expected = plimsoll::api::lint_json("Dockerfile", b"FROM debian:latest\n", "{}").unwrap();
    assert_eq!(json, expected);
}

#[test]
fn lint_accepts_null_empty_inputs() {
    // SAFETY: NULL pointers with length 0 are read as empty strings.
    let (status, json) = call(|out| unsafe { plimsoll_lint(ptr::null(), 0, ptr::null(), 0, out) });

    assert_eq!(status, plimsoll_status::Ok);
    assert!(json.contains("\"path\": \"Dockerfile\""), "{json}");
}

#[test]
fn lint_named_puts_path_in_report() {
    let path = "app/Dockerfile.prod";
    let source = b"FROM alpine:3.20\n";
    // SAFETY: every slice is valid for its length.
    let (status, json) = call(|out| unsafe {
        plimsoll_lint_named(
            path.as_ptr(),
            path.len(),
            source.as_ptr(),
            source.len(),
            ptr::null(),
            0,
            out,
        )
    });

    assert_eq!(status, plimsoll_status::Ok);
    assert!(json.contains("\"path\": \"app/Dockerfile.prod\""), "{json}");
}

/// A Dockerfile that is not UTF-8 is linted as the CLI and the other bindings lint it: each
/// invalid sequence becomes U+FFFD and a PL0005 finding.
#[test]
fn invalid_utf8_source_is_finding() {
    let source = b"FROM debian:12\nLABEL a=\xff\xfe\n";
    let (status, json) = lint(source, b"");

    assert_eq!(status, plimsoll_status::Ok);
    assert_eq!(
        json,
        plimsoll::api::lint_json("Dockerfile", source, "").unwrap()
    );
    assert!(json.contains("\"code\": \"PL0005\""), "{json}");

    let linter = new_linter("").unwrap();
    // SAFETY: `linter` is live and `source` is valid for its length.
    let (status, from_linter) =
        call(|out| unsafe { plimsoll_linter_lint(linter, source.as_ptr(), source.len(), out) });
    assert_eq!((status, from_linter), (plimsoll_status::Ok, json));
    // SAFETY: `linter` is freed once, after its last use.
    unsafe { plimsoll_linter_free(linter) };

    // SAFETY: `source` is valid for its length.
    let (status, parsed) =
        call(|out| unsafe { plimsoll_parse(source.as_ptr(), source.len(), out) });
    assert_eq!(
        (status, parsed),
        (plimsoll_status::Ok, plimsoll::api::parse_json(source))
    );
}

#[test]
fn invalid_utf8_path_names_offset() {
    let path = b"a\xffb";
    let source = b"FROM a:1\n";
    // SAFETY: every slice is valid for its length.
    let (status, json) = call(|out| unsafe {
        plimsoll_lint_named(
            path.as_ptr(),
            path.len(),
            source.as_ptr(),
            source.len(),
            ptr::null(),
            0,
            out,
        )
    });

    assert_eq!(status, plimsoll_status::InvalidUtf8);
    assert_eq!(
        json,
        r#"{"error":{"kind":"invalid_input","message":"`path` is not valid UTF-8: invalid byte at offset 1"}}"#
    );
}

#[test]
fn truncated_utf8_options_are_rejected() {
    let (status, json) = lint(b"FROM a\n", b"{\"target\": \"\xc3");

    assert_eq!(status, plimsoll_status::InvalidUtf8);
    assert!(
        json.contains("`options_json` is not valid UTF-8: it ends inside the multi-byte sequence that starts at byte offset 12"),
        "{json}"
    );
}

#[test]
fn null_source_with_length_is_invalid_argument() {
    // SAFETY: the NULL source is rejected before it is read.
    let (status, json) = call(|out| unsafe { plimsoll_lint(ptr::null(), 3, ptr::null(), 0, out) });

    assert_eq!(status, plimsoll_status::InvalidArgument);
    assert!(
        json.contains("`source` is NULL but its length is 3"),
        "{json}"
    );
}

#[test]
fn null_out_is_invalid_argument() {
    let source = b"FROM a\n";
    // SAFETY: `source` is valid; the NULL `out` is rejected before anything is written.
    let status = unsafe {
        plimsoll_lint(
            source.as_ptr(),
            source.len(),
            ptr::null(),
            0,
            ptr::null_mut(),
        )
    };

    assert_eq!(status, plimsoll_status::InvalidArgument);
}

#[test]
fn invalid_options_map_to_status() {
    let (status, json) = lint(b"FROM a\n", br#"{"ignore": ["DL9999"]}"#);

    assert_eq!(status, plimsoll_status::InvalidOption);
    assert!(
        json.starts_with(r#"{"error":{"kind":"invalid_option""#),
        "{json}"
    );
}

#[test]
fn zeroed_bytes_free_is_noop() {
    // SAFETY: a zeroed struct is accepted.
    unsafe { plimsoll_bytes_free(plimsoll_bytes::EMPTY) };
}

#[test]
fn buffer_ends_with_nul() {
    let mut out = plimsoll_bytes::EMPTY;
    // SAFETY: `out` is writable.
    let status = unsafe { plimsoll_rules(&mut out) };

    assert_eq!(status, plimsoll_status::Ok);
    // SAFETY: the library writes a NUL byte after `len` bytes of JSON.
    let terminated = unsafe { CStr::from_ptr(out.data.cast()) };
    assert_eq!(terminated.to_bytes().len(), out.len);
    // SAFETY: `out` was written by the library and is freed once.
    unsafe { plimsoll_bytes_free(out) };
}

#[test]
fn parse_returns_instructions() {
    let source = b"FROM a:1\nFOO bar\n";
    // SAFETY: `source` is valid for its length.
    let (status, json) = call(|out| unsafe { plimsoll_parse(source.as_ptr(), source.len(), out) });

    assert_eq!(status, plimsoll_status::Ok);
    assert_eq!(json, plimsoll::api::parse_json(source));
}

#[test]
fn linter_rejects_unknown_rule_at_creation() {
    let error = new_linter(r#"{"select": ["DL9999"]}"#).unwrap_err();

    assert!(error.contains("unknown rule `DL9999`"), "{error}");
}

#[test]
fn linter_rejects_malformed_options() {
    let error = new_linter(r#"{"ignore": "DL3007"}"#).unwrap_err();

    assert!(
        error.starts_with(r#"{"error":{"kind":"invalid_option""#),
        "{error}"
    );
}

#[test]
fn linter_checks_target_per_lint() {
    let linter = new_linter(r#"{"target": "build"}"#).unwrap();
    let lint_with = |source: &[u8]| {
        // SAFETY: `linter` is live and `source` is valid for its length.
        call(|out| unsafe { plimsoll_linter_lint(linter, source.as_ptr(), source.len(), out) })
    };

    let (found, _) = lint_with(b"FROM a:1 AS build\nFROM b:1\n");
    let (missing, json) = lint_with(b"FROM a:1\n");

    assert_eq!(found, plimsoll_status::Ok);
    assert_eq!(missing, plimsoll_status::InvalidOption);
    assert!(json.contains("target stage `build` not found"), "{json}");
    // SAFETY: `linter` is freed once, after its last use.
    unsafe { plimsoll_linter_free(linter) };
}

#[test]
fn linter_matches_one_shot_lint() {
    let options = r#"{"ignore": ["DL3007"], "failure_threshold": "warning"}"#;
    let source = b"FROM debian:latest\nRUN apt-get install curl\n";
    let linter = new_linter(options).unwrap();

    // SAFETY: `linter` is live and `source` is valid for its length.
    let (status, json) =
        call(|out| unsafe { plimsoll_linter_lint(linter, source.as_ptr(), source.len(), out) });

    assert_eq!(status, plimsoll_status::Ok);
    assert_eq!((status, json), lint(source, options.as_bytes()));
    // SAFETY: `linter` is freed once, after its last use.
    unsafe { plimsoll_linter_free(linter) };
}

#[test]
fn linter_is_shared_across_threads() {
    let linter = new_linter("").unwrap() as usize;
    let source = b"FROM debian:latest\n";
    let expected = lint(source, b"").1;

    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                let linter = linter as *const plimsoll_linter;
                // SAFETY: `linter` stays live until every thread has joined.
                let (status, json) = call(|out| unsafe {
                    plimsoll_linter_lint(linter, source.as_ptr(), source.len(), out)
                });
                assert_eq!(status, plimsoll_status::Ok);
                assert_eq!(json, expected);
            });
        }
    });
    // SAFETY: every thread has joined, so this is the last use.
    unsafe { plimsoll_linter_free(linter as *mut plimsoll_linter) };
}

#[test]
fn null_linter_is_invalid_argument() {
    // SAFETY: the NULL linter is rejected before it is read.
    let (status, json) =
        call(|out| unsafe { plimsoll_linter_lint(ptr::null(), ptr::null(), 0, out) });

    assert_eq!(status, plimsoll_status::InvalidArgument);
    assert!(json.contains("`linter` is NULL"), "{json}");
    // SAFETY: freeing NULL does nothing.
    unsafe { plimsoll_linter_free(ptr::null_mut()) };
}

#[cfg(feature = "test-hooks")]
#[test]
fn panic_becomes_internal_status() {
    // SAFETY: the output pointer is writable.
    let (status, json) = call(|out| unsafe { crate::test_hooks::plimsoll_test_panic(out) });

    assert_eq!(status, plimsoll_status::Internal);
    assert!(json.starts_with(r#"{"error":{"kind":"internal""#), "{json}");
    assert!(json.contains("plimsoll_test_panic was called"), "{json}");
}

fn lint_image_config(name: &str, config: &[u8], options: &str) -> (plimsoll_status, String) {
    // SAFETY: every slice is valid for its length.
    call(|out| unsafe {
        plimsoll_lint_image_config(
            name.as_ptr(),
            name.len(),
            config.as_ptr(),
            config.len(),
            options.as_ptr(),
            options.len(),
            out,
        )
    })
}

#[test]
fn image_config_returns_core_report() {
    let config = br#"{"config": {"User": "0"}}"#;
    let (status, json) = lint_image_config("image.json", config, "");

    assert_eq!(status, plimsoll_status::Ok);
    let expected = plimsoll::api::image_config_json("image.json", config, "").unwrap();
    assert_eq!(json, expected);
}

#[test]
fn image_config_errors_map_to_status() {
    let (status, json) = lint_image_config("image.json", b"[1, 2]", "");
    assert_eq!(status, plimsoll_status::InvalidInput);
    assert!(json.contains("\"kind\":\"invalid_input\""), "{json}");

    let (status, _) = lint_image_config("image.json", b"{}", r#"{"platform": 1}"#);
    assert_eq!(status, plimsoll_status::InvalidOption);

    // A config that is not UTF-8 gets the core's message, as in the other bindings.
    let config = b"{\"config\": \"\xff\"}";
    let (status, json) = lint_image_config("image.json", config, "");
    assert_eq!(status, plimsoll_status::InvalidInput);
    let error = plimsoll::api::image_config_json("image.json", config, "").unwrap_err();
    assert_eq!(json, plimsoll::api::error_json(&error));
}

#[test]
fn missing_image_is_io_status() {
    let path = "/nonexistent/plimsoll/image.tar";
    // SAFETY: `path` is valid for its length and the options are NULL with length 0.
    let (status, json) =
        call(|out| unsafe { plimsoll_lint_image(path.as_ptr(), path.len(), ptr::null(), 0, out) });

    assert_eq!(status, plimsoll_status::Io);
    assert!(json.contains("\"kind\":\"io\""), "{json}");
}
