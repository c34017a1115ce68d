//! Times `plimsoll::api::lint_json` on one file, the Rust baseline that `bench/bench.js`
//! compares the Node.js binding with.
//!
//! Usage: `cargo run --release -p plimsoll-node --example bench_lint_json -- FILE ITERATIONS ROUNDS`
//!
//! Runs one untimed warm-up round and then `ROUNDS` rounds of `ITERATIONS` calls, each linting
//! the file's bytes under the name `Dockerfile` with default options. Prints the mean time per
//! call of each timed round in nanoseconds, as a JSON array on one line.

use std::hint::black_box;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path, iterations, rounds] = args.as_slice() else {
        eprintln!("usage: bench_lint_json FILE ITERATIONS ROUNDS");
        return ExitCode::from(2);
    };
    let (Some(iterations), Some(rounds)) = (positive(iterations), positive(rounds)) else {
        eprintln!("ITERATIONS and ROUNDS must be positive integers");
        return ExitCode::from(2);
    };
    let source = match std::fs::read(path) {
        Ok(source) => source,
        Err(error) => {
            eprintln!("failed to read `{path}`: {error}");
            return ExitCode::from(2);
        }
    };

    let mut round_means = Vec::new();
    for round in 0..=rounds {
        let start = Instant::now();
        for _ in 0..iterations {
            let report = plimsoll::api::lint_json("Dockerfile", black_box(&source), "");
            black_box(report.expect("default options are valid"));
        }
        let mean = start.elapsed().as_nanos() as f64 / f64::from(iterations);
        // Round 0 warms the caches and the allocator and is not counted.
        if round > 0 {
            round_means.push(format!("{mean:.0}"));
        }
    }
    println!("[{}]", round_means.join(", "));
    ExitCode::SUCCESS
}

fn positive(text: &str) -> Option<u32> {
    text.parse().ok().filter(|&value| value > 0)
}
