//! Exports for the C tests only, built with the `test-hooks` feature and left out of the
//! header.

use crate::boundary::respond;
use crate::bytes::plimsoll_bytes;
use crate::plimsoll_status;

/// Panics inside the panic boundary, so that a test can check that the panic becomes
/// `PLIMSOLL_STATUS_INTERNAL` with `{"error":...}` JSON in `*out`. The caller owns `*out`
/// afterwards and frees it with `plimsoll_bytes_free`.
///
/// # Safety
///
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn plimsoll_test_panic(out: *mut plimsoll_bytes) -> plimsoll_status {
    // SAFETY: the caller guarantees `out`.
    unsafe {
        respond(out, || -> Result<String, _> {
            panic!("plimsoll_test_panic was called")
        })
    }
}
