//! Reading an image from what a user has on disk: a config or `docker inspect` JSON, a
//! `docker save` archive (any era, gzip-compressed or not), a go-containerregistry or kaniko
//! tarball, or an OCI image layout as a directory or a tar. The kind is detected from the
//! content, never from the file name.
//!
//! Nothing is extracted: each layer is streamed once and analysed on the way.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use super::analysis::{Filesystem, ImageAnalysis};
use super::config::{ConfigSource, ImageConfig};
use super::layers::{Analyzer, LayerPlan, read_captured};
use super::layout::{Plan, Selection, normalize_name, plan};
pub use super::limits::Limits;
use super::limits::{invalid, io_error};
use super::store::{Codec, DirStore, ReadSeek, Store, TarStore};

/// How far reading the layers has come, in bytes of stored layer blobs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub read: u64,
    pub total: u64,
}

/// Options for reading an image: the image to select and the limits to apply.
#[derive(Default)]
pub struct ImageOptions<'a> {
    /// A name (`x`, `x:1`, `docker.io/library/x:1`, compared once normalised) or a 0-based
    /// index written `#1`, for an archive or layout with several images.
    pub image: Option<String>,
    /// `os/arch[/variant]`, for an index with several platforms.
    pub platform: Option<String>,
    /// Called as the layers are read.
    pub progress: Option<&'a (dyn Fn(Progress) + Sync)>,
    /// Bounds on the input; the defaults admit every real image seen so far.
    pub limits: Limits,
}

/// Reads the image at `path`: a file of any accepted kind, an OCI image layout directory, or
/// the directory of an unpacked `docker save` archive.
pub fn analyze_path(
    path: &Path,
    options: &ImageOptions<'_>,
) -> Result<ImageAnalysis, crate::Error> {
    let metadata = std::fs::metadata(path)
        .map_err(|error| io_error(format!("reading {}: {error}", path.display())))?;
    if metadata.is_dir() {
        let mut store = DirStore::new(path);
        if !store.exists("index.json") && !store.exists("manifest.json") {
            return Err(invalid(format!(
                "{} is a directory without `index.json` or `manifest.json`, so neither an OCI \
                 image layout nor an unpacked `docker save` archive",
                path.display()
            )));
        }
        let plan = plan(&mut store, &selection(options), &options.limits)?;
        return run(&mut store, plan, None, options);
    }
    let file = File::open(path)
        .map_err(|error| io_error(format!("opening {}: {error}", path.display())))?;
    analyze_reader(BufReader::with_capacity(1 << 16, file), options)
}

/// Reads an image from a seekable stream holding a file of any accepted kind.
pub fn analyze_reader<R: Read + Seek>(
    mut reader: R,
    options: &ImageOptions<'_>,
) -> Result<ImageAnalysis, crate::Error> {
    let mut head = [0u8; 512];
    let length = reader
        .seek(SeekFrom::End(0))
        .map_err(|error| io_error(format!("seeking in the input: {error}")))?;
    reader
        .seek(SeekFrom::Start(0))
        .map_err(|error| io_error(format!("seeking in the input: {error}")))?;
    let mut filled = 0;
    while filled < head.len() {
        let read = reader
            .read(&mut head[filled..])
            .map_err(|error| io_error(format!("reading the input: {error}")))?;
        if read == 0 {
            break;
        }
        filled += read;
    }
    let head = &head[..filled];
    let codec = Codec::sniff(head);
    if codec == Codec::None {
        let first = head.iter().find(|byte| !byte.is_ascii_whitespace());
        if matches!(first, Some(b'{') | Some(b'[')) {
            return config_only(&mut reader, length, options);
        }
        if !looks_like_tar(head) {
            return Err(invalid(
                "not an image: the input is neither JSON nor a tar archive, plain, gzip or zstd"
                    .to_string(),
            ));
        }
    }
    let reader: &mut dyn ReadSeek = &mut reader;
    let mut store = TarStore::index(reader, codec, &options.limits)?;
    let plan = plan(&mut store, &selection(options), &options.limits)?;
    run(&mut store, plan, Some(length), options)
}

fn selection<'a>(options: &'a ImageOptions<'_>) -> Selection<'a> {
    Selection {
        image: options.image.as_deref(),
        platform: options.platform.as_deref(),
    }
}

/// Returns whether `head` starts with a tar header: the `ustar` magic, or a valid checksum over
/// the 512 header bytes with the checksum field read as spaces.
fn looks_like_tar(head: &[u8]) -> bool {
    if head.len() < 512 {
        return false;
    }
    if &head[257..262] == b"ustar" {
        return true;
    }
    let field = &head[148..156];
    let text: String = field
        .iter()
        .take_while(|&&b| b != 0 && b != b' ')
        .map(|&b| b as char)
        .collect();
    let Ok(declared) = u32::from_str_radix(text.trim(), 8) else {
        return false;
    };
    let sum: u32 = head[..512]
        .iter()
        .enumerate()
        .map(|(at, &b)| {
            if (148..156).contains(&at) {
                32
            } else {
                u32::from(b)
            }
        })
        .sum();
    sum == declared
}

/// Reads an image configuration or `docker inspect` output, which has no layers.
fn config_only<R: Read + Seek>(
    reader: &mut R,
    length: u64,
    options: &ImageOptions<'_>,
) -> Result<ImageAnalysis, crate::Error> {
    if length > options.limits.max_json_bytes {
        return Err(invalid(format!(
            "the JSON input is {length} bytes, more than the limit of {}",
            options.limits.max_json_bytes
        )));
    }
    reader
        .seek(SeekFrom::Start(0))
        .map_err(|error| io_error(format!("seeking in the input: {error}")))?;
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|error| io_error(format!("reading the input: {error}")))?;
    let config = ImageConfig::from_json(&bytes)?;
    check_platform(&config, options)?;
    let (config_digest, reference) = match config.source {
        ConfigSource::Blob => {
            use sha2::Digest;
            let mut hasher = sha2::Sha256::new();
            hasher.update(&bytes);
            (Some(super::layers::hex_digest(hasher)), None)
        }
        ConfigSource::Inspect => inspect_identity(&bytes),
    };
    Ok(ImageAnalysis {
        reference,
        config_digest,
        config,
        // dive scores an image without layers 1.0: nothing is wasted.
        dive: super::dive::Dive::default().figures(),
        ..ImageAnalysis::default()
    })
}

/// Refuses an image whose configuration names another platform than the one requested. An
/// index chooses by the platforms its descriptors declare, but a `docker save` archive, a
/// single-image layout or a bare configuration carries the platform only in the
/// configuration.
fn check_platform(config: &ImageConfig, options: &ImageOptions<'_>) -> Result<(), crate::Error> {
    let Some(requested) = options.platform.as_deref() else {
        return Ok(());
    };
    let (Some(os), Some(architecture)) = (&config.os, &config.architecture) else {
        return Ok(());
    };
    let mut parts = requested.split('/');
    let matches = parts.next() == Some(os.as_str())
        && parts.next() == Some(architecture.as_str())
        && parts
            .next()
            .is_none_or(|variant| config.variant.as_deref() == Some(variant));
    if matches {
        return Ok(());
    }
    let actual = match &config.variant {
        Some(variant) if !variant.is_empty() => format!("{os}/{architecture}/{variant}"),
        _ => format!("{os}/{architecture}"),
    };
    Err(invalid(format!(
        "the image is for {actual}, not for the requested platform `{requested}`"
    )))
}

/// Returns the `Id` and the first `RepoTags` entry of `docker inspect` output.
fn inspect_identity(bytes: &[u8]) -> (Option<String>, Option<String>) {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return (None, None);
    };
    let object = match &value {
        serde_json::Value::Array(items) => items.first(),
        other => Some(other),
    };
    let Some(object) = object else {
        return (None, None);
    };
    let id = object
        .get("Id")
        .and_then(|id| id.as_str())
        .map(str::to_string);
    let tag = object
        .get("RepoTags")
        .and_then(|tags| tags.as_array())
        .and_then(|tags| tags.first())
        .and_then(|tag| tag.as_str())
        .map(normalize_name);
    (id, tag)
}

/// Reads the planned layers. `input_bytes` is the length of the input when it is one file;
/// for a directory the distinct layer blobs count.
fn run(
    store: &mut dyn Store,
    plan: Plan,
    input_bytes: Option<u64>,
    options: &ImageOptions<'_>,
) -> Result<ImageAnalysis, crate::Error> {
    let config = ImageConfig::from_json(&plan.config)
        .map_err(|error| invalid(format!("the image config: {}", error.message)))?;
    check_platform(&config, options)?;
    if !config.diff_ids.is_empty() && config.diff_ids.len() != plan.layers.len() {
        return Err(invalid(format!(
            "the manifest lists {} layers but the config lists {} diff_ids",
            plan.layers.len(),
            config.diff_ids.len()
        )));
    }
    let mut created_by = config
        .history
        .iter()
        .filter(|entry| !entry.empty_layer)
        .map(|entry| entry.created_by.clone());

    let mut sizes = Vec::with_capacity(plan.layers.len());
    for (position, layer) in plan.layers.iter().enumerate() {
        let size = store
            .size(&layer.name)
            .map_err(|error| prefixed(error, &format!("layer {}", position + 1)))?;
        sizes.push(size);
    }
    let total = sizes
        .iter()
        .fold(0u64, |sum, &size| sum.saturating_add(size));
    let input_bytes = input_bytes.unwrap_or_else(|| {
        let mut distinct = std::collections::BTreeMap::new();
        for (layer, size) in plan.layers.iter().zip(&sizes) {
            distinct.insert(layer.name.as_str(), *size);
        }
        distinct
            .values()
            .fold(0u64, |sum, &size| sum.saturating_add(size))
    });

    let mut analyzer = Analyzer::new(&options.limits, input_bytes);
    let mut layers = Vec::with_capacity(plan.layers.len());
    let mut base = 0u64;
    for (position, layer) in plan.layers.iter().enumerate() {
        let index = position + 1;
        let layer_plan = LayerPlan {
            index,
            media_type: layer.media_type.clone(),
            digest: layer.digest.clone(),
            size: layer.size,
            diff_id: config.diff_ids.get(position).cloned(),
            created_by: created_by.next().flatten(),
            location: store.describe(&layer.name),
            progress: options.progress,
            progress_base: base,
            progress_total: total,
        };
        let (mut blob, _) = store
            .open(&layer.name)
            .map_err(|error| prefixed(error, &format!("layer {index}")))?;
        layers.push(analyzer.apply_layer(&mut blob, &layer_plan)?);
        base = base.saturating_add(sizes[position]);
    }
    let mut outcome = analyzer.finish();
    for link in std::mem::take(&mut outcome.linked_captures) {
        let Some(layer) = link.layer.checked_sub(1).and_then(|at| plan.layers.get(at)) else {
            continue;
        };
        let where_ = format!("layer {} ({})", link.layer, store.describe(&layer.name));
        let (mut blob, _) = store
            .open(&layer.name)
            .map_err(|error| prefixed(error, &format!("layer {}", link.layer)))?;
        if let Some(bytes) = read_captured(&mut blob, &link.target, &where_, &options.limits)? {
            outcome.contents.insert(link.path, bytes);
        }
    }
    for (layer, wasted) in layers.iter_mut().zip(outcome.layer_wasted) {
        layer.wasted_bytes = wasted;
    }
    Ok(ImageAnalysis {
        reference: plan.reference,
        config_digest: Some(plan.config_digest),
        config,
        layers,
        filesystem: Filesystem {
            entries: outcome.entries,
            contents: outcome.contents,
        },
        waste: outcome.waste,
        dive: outcome.dive,
    })
}

/// Puts `context` before an error's message, keeping its kind.
fn prefixed(error: crate::Error, context: &str) -> crate::Error {
    crate::Error::new(error.kind, format!("{context}: {}", error.message))
}
