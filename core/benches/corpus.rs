//! Throughput of `parse` and `lint` over the shared corpus of real Dockerfiles, and the parse
//! time of one very long continued instruction.
//!
//! Run with `cargo bench -p plimsoll --bench corpus`. The corpus is read from
//! `../shared/corpus/files` beside the repository. Without it the benchmark prints why and
//! exits with status 0, so that `cargo bench` still succeeds in a checkout without it.
//!
//! `docs/benchmarks.md` records the method and the results.

use std::fs;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{BenchmarkGroup, Criterion, Throughput, measurement::WallTime};
use plimsoll::LintOptions;

const CORPUS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/files");

/// Length of every continued line of the generated Dockerfiles, line feed included, so that
/// 10,000 lines are 1 MB and 100,000 lines are 10 MB (MB = 10^6 bytes).
const CONTINUED_LINE_LENGTH: usize = 100;

fn main() {
    let Some(corpus) = read_corpus(Path::new(CORPUS_DIR)) else {
        println!("corpus benchmark skipped: no *.Dockerfile files in {CORPUS_DIR}");
        return;
    };

    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(8))
        .configure_from_args();

    bench_corpus(&mut criterion, &corpus);
    bench_long_continuation(&mut criterion);

    criterion.final_summary();
}

/// Reads every `*.Dockerfile` in `dir` in file name order. Returns `None` when the directory
/// is missing or has no such file.
fn read_corpus(dir: &Path) -> Option<Vec<Vec<u8>>> {
    let mut paths: Vec<_> = fs::read_dir(dir)
        .ok()?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "Dockerfile")
        })
        .collect();
    paths.sort();

    let files: Vec<Vec<u8>> = paths
        .iter()
        .map(|path| {
            fs::read(path)
                .unwrap_or_else(|error| panic!("failed to read {}: {error}", path.display()))
        })
        .collect();
    (!files.is_empty()).then_some(files)
}

/// Benchmarks the groups `parse` and `lint`. Each runs over the whole corpus per iteration and
/// is measured twice: once reported in bytes per second, once in files per second.
fn bench_corpus(criterion: &mut Criterion, corpus: &[Vec<u8>]) {
    let total_bytes: usize = corpus.iter().map(Vec::len).sum();
    println!(
        "corpus: {} files, {total_bytes} bytes, from {CORPUS_DIR}",
        corpus.len()
    );
    let options = LintOptions::default();

    let mut group = criterion.benchmark_group("parse");
    bench_both_throughputs(&mut group, corpus, total_bytes, |source| {
        black_box(plimsoll::parse(black_box(source)));
    });
    group.finish();

    let mut group = criterion.benchmark_group("lint");
    bench_both_throughputs(&mut group, corpus, total_bytes, |source| {
        let result = plimsoll::lint(black_box(source), &options);
        black_box(result.expect("default lint options are valid"));
    });
    group.finish();
}

fn bench_both_throughputs(
    group: &mut BenchmarkGroup<'_, WallTime>,
    corpus: &[Vec<u8>],
    total_bytes: usize,
    run: impl Fn(&[u8]),
) {
    let run_corpus = || {
        for source in corpus {
            run(source);
        }
    };

    group.throughput(Throughput::Bytes(total_bytes as u64));
    group.bench_function("corpus_bytes", |bencher| bencher.iter(run_corpus));

    group.throughput(Throughput::Elements(corpus.len() as u64));
    group.bench_function("corpus_files", |bencher| bencher.iter(run_corpus));
}

/// Benchmarks the group `parse_long_continuation`: one `RUN` continued over 10,000 lines (1 MB)
/// and over 100,000 lines (10 MB). If parse time grows linearly with the input, the 10 MB time
/// is about 10 times the 1 MB time.
///
/// NOTE: The ratio also depends on the allocator. glibc's malloc serves the 1 MB parse from
/// recycled heap memory once a larger parse has raised its mmap threshold, and then takes about
/// a quarter of the time it takes when each parse faults in fresh pages. This group measures
/// 1 MB first, so that both sizes pay for fresh pages.
fn bench_long_continuation(criterion: &mut Criterion) {
    let small = long_continuation(10_000);
    let large = long_continuation(100_000);

    let mut group = criterion.benchmark_group("parse_long_continuation");
    for (name, source) in [("1MB", &small), ("10MB", &large)] {
        group.throughput(Throughput::Bytes(source.len() as u64));
        group.bench_function(name, |bencher| {
            bencher.iter(|| black_box(plimsoll::parse(black_box(source))))
        });
    }
    group.finish();
}

/// Generates a Dockerfile whose `RUN` instruction spans `lines` continued lines of
/// [`CONTINUED_LINE_LENGTH`] bytes each, after a short `FROM` line.
fn long_continuation(lines: usize) -> Vec<u8> {
    let mut source = String::with_capacity(lines * CONTINUED_LINE_LENGTH + 32);
    source.push_str("FROM alpine:3.20\n");
    for index in 0..lines {
        let start = source.len();
        let prefix = if index == 0 { "RUN" } else { "   &&" };
        source.push_str(&format!("{prefix} echo line {index:06} "));

        // Pads with dots up to the fixed length. The last line has no continuation.
        let suffix = if index + 1 == lines { "\n" } else { " \\\n" };
        let padding = CONTINUED_LINE_LENGTH - (source.len() - start) - suffix.len();
        source.extend(std::iter::repeat_n('.', padding));
        source.push_str(suffix);
    }
    source.into_bytes()
}
