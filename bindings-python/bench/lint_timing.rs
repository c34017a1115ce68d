//! Times the core calls that the Python binding wraps, for comparison with the binding's own
//! per-call times in `bench.py`.
//!
//! Usage: `cargo run --release -p plimsoll-python --example lint_timing -- FILE [CALLS] [REPEATS]`
//!
//! Each measure runs CALLS calls in a row, REPEATS times, and prints the best mean time per
//! call in microseconds, as one JSON object per line. `bench.py` times the Python calls the
//! same way.

use std::hint::black_box;
use std::time::Instant;

use plimsoll::api::{Options, lint_json, lint_report, parse_json};

fn main() {
    let mut arguments = std::env::args().skip(1);
    let path = arguments
        .next()
        .expect("usage: lint_timing FILE [CALLS] [REPEATS]");
    let calls: u32 = arguments.next().map_or(2000, |value| {
        value.parse().expect("CALLS must be a positive integer")
    });
    let repeats: u32 = arguments.next().map_or(5, |value| {
        value.parse().expect("REPEATS must be a positive integer")
    });
    let source =
        std::fs::read(&path).unwrap_or_else(|error| panic!("failed to read {path}: {error}"));
    let options = Options::default();

    let measures: [(&str, &dyn Fn()); 3] = [
        ("lint_json", &|| {
            black_box(lint_json("Dockerfile", black_box(&source), "{}").unwrap());
        }),
        ("lint_report", &|| {
            black_box(lint_report("Dockerfile", black_box(&source), &options).unwrap());
        }),
        ("parse_json", &|| {
            black_box(parse_json(black_box(&source)));
        }),
    ];
    for (name, call) in measures {
        let microseconds = best_mean_microseconds(call, calls, repeats);
        println!(r#"{{"call": "{name}", "microseconds": {microseconds:.2}}}"#);
    }
}

/// Returns the lowest, over `repeats` runs, of the mean time of one call in a run of `calls`.
fn best_mean_microseconds(call: &dyn Fn(), calls: u32, repeats: u32) -> f64 {
    for _ in 0..calls.min(100) {
        call();
    }
    (0..repeats)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..calls {
                call();
            }
            started.elapsed().as_secs_f64() * 1e6 / f64::from(calls)
        })
        .fold(f64::INFINITY, f64::min)
}
