//! Reads arbitrary bytes as an image archive or configuration with `analyze_reader`. It may
//! return an error but must not panic, hang or use memory out of proportion to the input.
//!
//! The limits are lowered so that a short input cannot make a run slow by declaring a huge
//! decompressed layer: the checks are the same, only the thresholds are smaller.

#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use plimsoll::image::{ImageOptions, Limits, analyze_reader};

fuzz_target!(|data: &[u8]| {
    let options = ImageOptions {
        image: None,
        platform: None,
        progress: None,
        limits: Limits {
            max_layer_bytes: 64 << 20,
            ratio_check_after: 1 << 20,
            max_entries: 100_000,
            ..Limits::default()
        },
    };
    if let Ok(analysis) = analyze_reader(Cursor::new(data), &options) {
        std::hint::black_box(analysis);
    }
    // Selecting by index and by platform runs the other paths of the layout code.
    let options = ImageOptions {
        image: Some("#1".to_string()),
        platform: Some("linux/arm64".to_string()),
        ..options
    };
    std::hint::black_box(analyze_reader(Cursor::new(data), &options).is_ok());
});
