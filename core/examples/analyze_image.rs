//! Reads an image with `plimsoll::image::analyze_path` and prints what was found.
//!
//! Usage: `analyze_image PATH [IMAGE]`. The benchmark script runs it under `/usr/bin/time`.

use std::path::Path;
use std::time::Instant;

use plimsoll::image::{ImageOptions, analyze_path};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: analyze_image PATH [IMAGE]");
        std::process::exit(2);
    };
    let options = ImageOptions {
        image: args.next(),
        ..ImageOptions::default()
    };
    let start = Instant::now();
    let analysis = match analyze_path(Path::new(&path), &options) {
        Ok(analysis) => analysis,
        Err(error) => {
            eprintln!("error: {error}");
            std::process::exit(1);
        }
    };
    let seconds = start.elapsed().as_secs_f64();
    println!("reference: {:?}", analysis.reference);
    println!("config: {:?}", analysis.config_digest);
    for layer in &analysis.layers {
        println!(
            "layer {}: stored {:?} uncompressed {} entries {} files {} bytes {} dirs {} \
             symlinks {} hardlinks {} whiteouts {} opaque {} wasted {} digest {:?} diff_id {:?}",
            layer.index,
            layer.compressed_size,
            layer.uncompressed_size,
            layer.entries,
            layer.regular_files,
            layer.file_bytes,
            layer.dirs,
            layer.symlinks,
            layer.hardlinks,
            layer.whiteouts.len(),
            layer.opaque_whiteouts.len(),
            layer.wasted_bytes,
            layer.digest,
            layer.diff_id,
        );
    }
    let files = analysis
        .filesystem
        .entries
        .iter()
        .filter(|entry| entry.kind == plimsoll::image::analysis::EntryKind::File);
    let (count, bytes) = files.fold((0u64, 0u64), |(count, bytes), entry| {
        (count + 1, bytes + entry.size)
    });
    println!(
        "final: {} entries, {count} files, {bytes} file bytes",
        analysis.filesystem.entries.len()
    );
    println!(
        "wasted: {} bytes in {} files (overwritten {}, deleted {}, hidden {})",
        analysis.waste.bytes,
        analysis.waste.files,
        analysis.waste.overwritten_bytes,
        analysis.waste.deleted_bytes,
        analysis.waste.opaque_hidden_bytes
    );
    println!("dive: {:?}", analysis.dive);
    let stored: u64 = analysis
        .layers
        .iter()
        .map(|layer| layer.compressed_size.unwrap_or(layer.uncompressed_size))
        .sum();
    let uncompressed: u64 = analysis.layers.iter().map(|l| l.uncompressed_size).sum();
    println!(
        "time: {seconds:.3} s; {:.1} MB/s stored, {:.1} MB/s uncompressed",
        stored as f64 / seconds / 1e6,
        uncompressed as f64 / seconds / 1e6
    );
}
