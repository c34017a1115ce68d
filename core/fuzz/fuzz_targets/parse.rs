//! Parses arbitrary bytes and converts the result to BuildKit's JSON form. Neither step may
//! panic or hang, whatever the input.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dockerfile = plimsoll::parse(data);
    let json = plimsoll::syntax::to_buildkit_json(&dockerfile);
    std::hint::black_box(json.to_string());
});
