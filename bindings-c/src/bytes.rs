//! The output buffer that every function with a result fills.

use std::ptr;

/// A buffer of JSON owned by the library.
///
/// `data` points to `len` bytes of UTF-8 JSON followed by one NUL byte, so `data` can also be
/// read as a C string (the JSON itself never contains a NUL byte, because JSON escapes it).
/// The caller frees the buffer once with `plimsoll_bytes_free`, passing the struct unchanged.
/// A zeroed struct (`data` NULL, `len` 0) is empty, and freeing it does nothing.
#[repr(C)]
#[derive(Debug)]
pub struct plimsoll_bytes {
    /// The first byte of the JSON, or NULL.
    pub data: *mut u8,
    /// The number of bytes of JSON, not counting the terminating NUL.
    pub len: usize,
}

impl plimsoll_bytes {
    /// The zeroed, empty buffer.
    pub(crate) const EMPTY: plimsoll_bytes = plimsoll_bytes {
        data: ptr::null_mut(),
        len: 0,
    };

    /// Moves `text` into a new buffer with a NUL byte appended.
    pub(crate) fn from_string(text: String) -> plimsoll_bytes {
        let mut bytes = text.into_bytes();
        let len = bytes.len();
        bytes.push(0);
        let data = Box::into_raw(bytes.into_boxed_slice()).cast::<u8>();
        plimsoll_bytes { data, len }
    }

    /// Releases the memory of a buffer that [`plimsoll_bytes::from_string`] made.
    ///
    /// # Safety
    ///
    /// `self` is zeroed, or it is unchanged from `from_string` and not yet released.
    pub(crate) unsafe fn release(self) {
        if self.data.is_null() {
            return;
        }
        let slice = ptr::slice_from_raw_parts_mut(self.data, self.len + 1);
        // SAFETY: `from_string` allocated exactly `len + 1` bytes at `data` as a boxed slice,
        // and the caller guarantees that this is the only release of them.
        drop(unsafe { Box::from_raw(slice) });
    }

    /// Borrows the JSON, for tests.
    #[cfg(test)]
    pub(crate) fn as_str(&self) -> &str {
        assert!(!self.data.is_null(), "the buffer is empty");
        // SAFETY: `from_string` wrote `len` readable bytes at `data`.
        let bytes = unsafe { std::slice::from_raw_parts(self.data, self.len) };
        std::str::from_utf8(bytes).expect("the library writes UTF-8 JSON")
    }
}
