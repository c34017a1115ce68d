//! Lint time of generated Dockerfiles of shapes that once took quadratic time: many ignore
//! pragmas, many `check=` comments, many stages, many global ARGs, a long chain of stages, a
//! long chain of ENVs, many stage ARGs, and many findings on one long line rendered as text.
//!
//! Run with `cargo bench -p plimsoll --bench scaling`. Each shape is measured at two sizes, the
//! second ten times the first; if the time grows linearly, the second time is about ten times
//! the first.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use plimsoll::LintOptions;
use plimsoll::report::render_text;

fn main() {
    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .configure_from_args();

    let shapes: [(&str, Generator, usize); 8] = [
        ("ignore_pragmas", ignore_pragmas, 10_000),
        ("check_comments", check_comments, 10_000),
        ("named_stages", named_stages, 10_000),
        ("global_args", global_args, 10_000),
        ("stage_chain", stage_chain, 2_000),
        ("env_chain", env_chain, 2_000),
        ("stage_args", stage_args, 10_000),
        ("long_line", long_line, 100_000),
    ];
    for (name, generate, size) in shapes {
        bench_shape(&mut criterion, name, generate, size);
    }
    criterion.final_summary();
}

/// Makes a Dockerfile of one shape with the given number of repetitions.
type Generator = fn(usize) -> String;

fn bench_shape(criterion: &mut Criterion, name: &str, generate: Generator, size: usize) {
    let options = LintOptions::default();
    let mut group = criterion.benchmark_group(name);
    for count in [size, size * 10] {
        let source = generate(count);
        group.throughput(Throughput::Bytes(source.len() as u64));
        group.bench_function(count.to_string(), |bencher| {
            bencher.iter(|| {
                let result = plimsoll::lint(black_box(source.as_bytes()), &options)
                    .expect("default lint options are valid");
                black_box(render_text("Dockerfile", &result, false))
            })
        });
    }
    group.finish();
}

fn ignore_pragmas(count: usize) -> String {
    let mut source = String::from("FROM a:1\n");
    for _ in 0..count {
        source.push_str("# hadolint ignore=DL3003\nRUN cd /x\n");
    }
    source
}

fn check_comments(count: usize) -> String {
    let mut source = String::from("FROM a:1\n");
    for _ in 0..count {
        source.push_str("# check=skip=JSONArgsRecommended\nCMD x\n");
    }
    source
}

fn named_stages(count: usize) -> String {
    (0..count)
        .map(|index| format!("FROM a AS s{index}\n"))
        .collect()
}

fn global_args(count: usize) -> String {
    let mut source: String = (0..count)
        .map(|index| format!("ARG A{index}=$X\n"))
        .collect();
    source.push_str("FROM a:1\n");
    source
}

fn stage_chain(count: usize) -> String {
    let mut source = String::from("FROM a:1 AS s0\n");
    for index in 1..count {
        source.push_str(&format!("FROM s{} AS s{index}\nRUN x\n", index - 1));
    }
    source
}

fn env_chain(count: usize) -> String {
    let mut source = String::from("FROM a:1\nENV V0=x\n");
    for index in 1..count {
        source.push_str(&format!("ENV V{index}=$V{}\n", index - 1));
    }
    source
}

fn stage_args(count: usize) -> String {
    let mut source = String::from("FROM a:1\n");
    for index in 0..count {
        source.push_str(&format!(
            "ARG B{index}=$B{}\nRUN echo $B{index}\n",
            index.max(1) - 1
        ));
    }
    source
}

fn long_line(count: usize) -> String {
    format!("FROM a:1\nRUN apt-get install -y {}\n", "p ".repeat(count))
}
