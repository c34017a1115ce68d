//! Lints arbitrary bytes with the default options and renders the findings both as the JSON
//! report and as text. None of these steps may panic or hang, whatever the input.

#![no_main]

use libfuzzer_sys::fuzz_target;
use plimsoll::LintOptions;
use plimsoll::report::{Report, file_report, render_text};

fuzz_target!(|data: &[u8]| {
    // With default options `lint` has no rule code or target stage to reject, so an `Err` is
    // a bug as much as a panic is.
    let result = plimsoll::lint(data, &LintOptions::default()).expect("default options are valid");

    let report = Report::new(vec![file_report("Dockerfile", &result)]);
    std::hint::black_box(report.to_json());
    std::hint::black_box(render_text("Dockerfile", &result, false));
    std::hint::black_box(render_text("Dockerfile", &result, true));
});
