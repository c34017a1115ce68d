//! One pass over each layer: counts, whiteouts, the final filesystem and the wasted bytes.
//!
//! Layers are streamed: each tar entry is looked at once and its bytes are skipped, except for
//! the few small files whose contents rules read. Memory grows with the number of paths, never
//! with the size of a layer.

use std::cell::Cell;
use std::collections::{BTreeMap, HashSet};
use std::io::{self, BufRead, BufReader, Read};
use std::rc::Rc;

use sha2::{Digest, Sha256};

use super::analysis::{EntryKind, FileEntry, LayerSummary, Waste, WasteReason, WastedFile};
use super::dive::{Dive, DiveLayer};
use super::limits::{Limits, invalid};
use super::members::{Member, Members};
use super::source::Progress;
use super::store::{Codec, Decoder, clean_relative, read_error};

/// Files whose contents the analysis keeps, as the final filesystem has them.
const CAPTURED: [&str; 4] = [
    "/etc/passwd",
    "/etc/shadow",
    "/etc/group",
    "/etc/master.passwd",
];

/// How much of each captured file is kept.
const CAPTURE_LIMIT: u64 = 1 << 20;

const OPAQUE: &str = ".wh..wh..opq";
const META_PREFIX: &str = ".wh..wh.";
const WHITEOUT_PREFIX: &str = ".wh.";

#[derive(Clone, Debug)]
struct Node {
    kind: EntryKind,
    size: u64,
    mode: u32,
    uid: u64,
    gid: u64,
    layer: usize,
}

/// The expected description of one layer, from the manifest and the config.
pub(crate) struct LayerPlan<'p> {
    pub index: usize,
    pub media_type: Option<String>,
    /// The digest the manifest declares for the stored blob.
    pub digest: Option<String>,
    /// The size the manifest declares for the stored blob.
    pub size: Option<u64>,
    pub diff_id: Option<String>,
    pub created_by: Option<String>,
    /// The location of the blob, for error messages.
    pub location: String,
    pub progress: Option<&'p (dyn Fn(Progress) + Sync)>,
    /// Bytes of earlier layers and of all layers, for progress reports.
    pub progress_base: u64,
    pub progress_total: u64,
}

/// The state of the filesystem as the layers are applied, lowest first.
pub(crate) struct Analyzer<'l> {
    limits: &'l Limits,
    state: BTreeMap<String, Node>,
    contents: BTreeMap<String, Vec<u8>>,
    wasted: Vec<WastedFile>,
    layer_wasted: Vec<u64>,
    /// Whiteouts and opaque markers the current layer has applied. They act on lower layers
    /// only, so applying one twice finds nothing new. Remembering them keeps a layer that
    /// repeats a marker after many entries of its own from taking quadratic time.
    applied: HashSet<(bool, String)>,
    entries_seen: u64,
    /// Uncompressed bytes of the layers read so far, and the most all layers may decompress to.
    uncompressed_total: u64,
    uncompressed_budget: u64,
    dive: Dive,
}

impl<'l> Analyzer<'l> {
    /// Starts an analysis of an image whose input is `input_bytes` long. All layers together may
    /// decompress to at most `max_compression_ratio` times the input, so that a layer listed
    /// many times cannot make reading take unbounded time.
    pub(crate) fn new(limits: &'l Limits, input_bytes: u64) -> Analyzer<'l> {
        Analyzer {
            limits,
            state: BTreeMap::new(),
            contents: BTreeMap::new(),
            wasted: Vec::new(),
            layer_wasted: Vec::new(),
            applied: HashSet::new(),
            entries_seen: 0,
            uncompressed_total: 0,
            uncompressed_budget: input_bytes
                .saturating_mul(limits.max_compression_ratio)
                .max(limits.ratio_check_after),
            dive: Dive::default(),
        }
    }

    /// Reads one layer blob, compressed or not, and applies it.
    pub(crate) fn apply_layer(
        &mut self,
        blob: &mut dyn Read,
        plan: &LayerPlan<'_>,
    ) -> Result<LayerSummary, crate::Error> {
        let where_ = format!("layer {} ({})", plan.index, plan.location);
        let stored_count = Rc::new(Cell::new(0u64));
        let stored = Hashing {
            inner: blob,
            hasher: Sha256::new(),
            count: 0,
            shared: Some(stored_count.clone()),
            progress: plan.progress.map(|callback| ProgressSink {
                callback,
                base: plan.progress_base,
                total: plan.progress_total,
            }),
        };
        let mut buffered = BufReader::with_capacity(1 << 16, stored);
        let head = buffered
            .fill_buf()
            .map_err(|error| read_error(&where_, error))?;
        let codec = Codec::sniff(head);
        let decoder = Decoder::new(codec, buffered).map_err(|error| read_error(&where_, error))?;
        let mut plain = Hashing {
            inner: Guard {
                inner: decoder,
                count: 0,
                stored: stored_count,
                limits: self.limits,
                compressed: codec != Codec::None,
                earlier_layers: self.uncompressed_total,
                budget: self.uncompressed_budget,
            },
            hasher: Sha256::new(),
            count: 0,
            shared: None,
            progress: None,
        };

        self.layer_wasted.push(0);
        self.applied.clear();
        let mut summary = LayerSummary {
            index: plan.index,
            media_type: plan.media_type.clone(),
            created_by: plan.created_by.clone(),
            ..LayerSummary::default()
        };
        let mut dive_layer = DiveLayer::default();
        {
            let mut archive = tar::Archive::new(&mut plain);
            let entries = archive
                .entries()
                .map_err(|error| read_error(&where_, error))?;
            let mut members = Members::new(entries, self.limits.max_extension_header_bytes);
            while let Some(mut member) = members
                .next_member()
                .map_err(|error| read_error(&where_, error))?
            {
                self.entries_seen += 1;
                if self.entries_seen > self.limits.max_entries {
                    return Err(invalid(format!(
                        "the image has more than {} entries over all its layers (in {where_})",
                        self.limits.max_entries
                    )));
                }
                self.apply_entry(&mut member, plan.index, &mut summary, &mut dive_layer)
                    .map_err(|error| match error {
                        EntryError::Read(error) => read_error(&where_, error),
                        EntryError::Invalid(message) => invalid(format!("{where_}: {message}")),
                    })?;
            }
        }
        // The end-of-archive blocks and any padding belong to the uncompressed size.
        io::copy(&mut plain, &mut io::sink()).map_err(|error| read_error(&where_, error))?;
        summary.uncompressed_size = plain.count;
        self.uncompressed_total = self.uncompressed_total.saturating_add(plain.count);
        let diff_id = hex_digest(plain.hasher);
        let mut stored = plain.inner.into_inner();
        io::copy(&mut stored, &mut io::sink()).map_err(|error| read_error(&where_, error))?;
        stored.report();
        let digest = hex_digest(stored.hasher);

        if let Some(expected) = &plan.diff_id
            && expected.starts_with("sha256:")
            && *expected != diff_id
        {
            return Err(invalid(format!(
                "{where_}: the uncompressed tar has digest {diff_id}, but the config lists \
                     diff_id {expected}"
            )));
        }
        if let Some(expected) = &plan.digest
            && expected.starts_with("sha256:")
            && *expected != digest
        {
            return Err(invalid(format!(
                "{where_}: the blob has digest {digest}, but the manifest declares {expected}"
            )));
        }
        if let Some(expected) = plan.size
            && expected != stored.count
        {
            return Err(invalid(format!(
                "{where_}: the blob is {} bytes, but the manifest declares {expected}",
                stored.count
            )));
        }
        summary.digest = Some(digest);
        summary.diff_id = Some(diff_id);
        summary.compressed_size = (codec != Codec::None).then_some(stored.count);
        self.dive.finish_layer(dive_layer);
        Ok(summary)
    }

    fn apply_entry<R: Read>(
        &mut self,
        member: &mut Member<'_, R>,
        layer: usize,
        summary: &mut LayerSummary,
        dive_layer: &mut DiveLayer,
    ) -> Result<(), EntryError> {
        let entry = &mut member.entry;
        let header = entry.header();
        let entry_type = header.entry_type();
        // Extension headers describe the next entry, or the archive, and are no file.
        if matches!(
            entry_type,
            tar::EntryType::XGlobalHeader
                | tar::EntryType::XHeader
                | tar::EntryType::GNULongName
                | tar::EntryType::GNULongLink
        ) {
            return Ok(());
        }
        let raw_path = String::from_utf8_lossy(&member.path).into_owned();
        let path = format!("/{}", clean_relative(&raw_path));
        let size = member.size;
        // Some writers also put the file type bits (such as 0o100000) in the mode field.
        let mode = header.mode().unwrap_or(0) & 0o7777;
        let uid = member.uid;
        let gid = member.gid;
        let link = member
            .link
            .as_deref()
            .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
            .unwrap_or_default();
        summary.entries += 1;

        let (dir, name) = split_path(&path);
        dive_layer.add(&path, size, entry_type == tar::EntryType::Directory);

        if name == OPAQUE {
            summary.opaque_whiteouts.push(dir.to_string());
            if self.applied.insert((true, dir.to_string())) {
                self.hide_children(dir, layer, &path);
            }
            return Ok(());
        }
        if name.starts_with(META_PREFIX) {
            return Ok(());
        }
        if let Some(target) = name.strip_prefix(WHITEOUT_PREFIX) {
            // An empty name would white out `dir` itself, with all the lower layers have under
            // it, and the OCI image spec gives `.wh.` alone no meaning.
            if matches!(target, "" | "." | "..") {
                return Err(EntryError::Invalid(format!(
                    "the whiteout `{path}` names no file to delete"
                )));
            }
            let target = join(dir, target);
            summary.whiteouts.push(target.clone());
            if self.applied.insert((false, target.clone())) {
                self.delete(&target, layer, &path);
            }
            return Ok(());
        }

        let kind = match entry_type {
            tar::EntryType::Regular | tar::EntryType::Continuous | tar::EntryType::GNUSparse => {
                summary.regular_files += 1;
                summary.file_bytes = summary.file_bytes.saturating_add(size);
                EntryKind::File
            }
            tar::EntryType::Directory => {
                summary.dirs += 1;
                EntryKind::Dir
            }
            tar::EntryType::Symlink => {
                summary.symlinks += 1;
                EntryKind::Symlink { target: link }
            }
            tar::EntryType::Link => {
                summary.hardlinks += 1;
                EntryKind::Hardlink {
                    target: format!("/{}", clean_relative(&link)),
                }
            }
            _ => EntryKind::Other,
        };
        if path == "/" {
            return Ok(());
        }

        if let Some(old) = self.state.get(&path) {
            let both_dirs = old.kind == EntryKind::Dir && kind == EntryKind::Dir;
            if !both_dirs {
                let subtree = old.kind == EntryKind::Dir;
                self.remove(
                    &path,
                    subtree,
                    true,
                    layer,
                    |_| true,
                    &WasteReason::Overwritten,
                );
            }
        }
        // A captured path that is a link keeps no contents here; `linked_captures` names the
        // file whose bytes the caller reads in a second pass.
        if CAPTURED.contains(&path.as_str()) {
            if kind == EntryKind::File {
                let mut bytes = Vec::new();
                entry
                    .by_ref()
                    .take(CAPTURE_LIMIT)
                    .read_to_end(&mut bytes)
                    .map_err(EntryError::Read)?;
                self.contents.insert(path.clone(), bytes);
            } else {
                self.contents.remove(&path);
            }
        }
        let size = if kind == EntryKind::File { size } else { 0 };
        self.state.insert(
            path,
            Node {
                kind,
                size,
                mode,
                uid,
                gid,
                layer,
            },
        );
        Ok(())
    }

    /// Applies `.wh.<name>`: the path and everything under it, from lower layers, goes.
    fn delete(&mut self, target: &str, layer: usize, whiteout: &str) {
        let reason = WasteReason::Deleted {
            whiteout: whiteout.to_string(),
        };
        self.remove(
            target,
            true,
            true,
            layer,
            |node| node.layer < layer,
            &reason,
        );
    }

    /// Applies `.wh..wh..opq`: every lower-layer entry under the directory goes.
    fn hide_children(&mut self, dir: &str, layer: usize, marker: &str) {
        let reason = WasteReason::Hidden {
            opaque_whiteout: marker.to_string(),
        };
        self.remove(dir, true, false, layer, |node| node.layer < layer, &reason);
    }

    fn remove(
        &mut self,
        path: &str,
        subtree: bool,
        include_self: bool,
        by_layer: usize,
        applies: impl Fn(&Node) -> bool,
        reason: &WasteReason,
    ) {
        let mut victims: Vec<String> = Vec::new();
        if include_self && self.state.get(path).is_some_and(&applies) {
            victims.push(path.to_string());
        }
        if subtree {
            let prefix = if path == "/" {
                "/".to_string()
            } else {
                format!("{path}/")
            };
            victims.extend(
                self.state
                    .range(prefix.clone()..)
                    .take_while(|(key, _)| key.starts_with(&prefix))
                    .filter(|(_, node)| applies(node))
                    .map(|(key, _)| key.clone()),
            );
        }
        for victim in victims {
            let Some(node) = self.state.remove(&victim) else {
                continue;
            };
            self.contents.remove(&victim);
            if node.kind == EntryKind::File && node.size > 0 {
                if let Some(wasted) = self.layer_wasted.get_mut(node.layer - 1) {
                    *wasted = wasted.saturating_add(node.size);
                }
                self.wasted.push(WastedFile {
                    path: victim,
                    layer: node.layer,
                    size: node.size,
                    reason: reason.clone(),
                    by_layer,
                });
            }
        }
    }

    /// Returns the captured paths that are links to a regular file of the final filesystem,
    /// with that file's path and layer.
    fn linked_captures(&self) -> Vec<LinkedCapture> {
        let mut found = Vec::new();
        for path in CAPTURED {
            let mut current = path.to_string();
            for _ in 0..16 {
                let Some(node) = self.state.get(&current) else {
                    break;
                };
                current = match &node.kind {
                    EntryKind::File => {
                        if current != path {
                            found.push(LinkedCapture {
                                path: path.to_string(),
                                target: current,
                                layer: node.layer,
                            });
                        }
                        break;
                    }
                    EntryKind::Hardlink { target } => target.clone(),
                    EntryKind::Symlink { target } => {
                        let base = if target.starts_with('/') {
                            ""
                        } else {
                            split_path(&current).0
                        };
                        format!("/{}", clean_relative(&format!("{base}/{target}")))
                    }
                    _ => break,
                };
            }
        }
        found
    }

    /// Returns everything the layers added up to.
    pub(crate) fn finish(self) -> Outcome {
        let linked_captures = self.linked_captures();
        let dive = self.dive.figures();
        let entries = self
            .state
            .into_iter()
            .map(|(path, node)| FileEntry {
                path,
                kind: node.kind,
                size: node.size,
                mode: node.mode,
                uid: node.uid,
                gid: node.gid,
                layer: node.layer,
            })
            .collect();
        let mut waste = Waste::default();
        for item in &self.wasted {
            waste.bytes = waste.bytes.saturating_add(item.size);
            waste.files += 1;
            let bucket = match item.reason {
                WasteReason::Overwritten => &mut waste.overwritten_bytes,
                WasteReason::Deleted { .. } => &mut waste.deleted_bytes,
                WasteReason::Hidden { .. } => &mut waste.opaque_hidden_bytes,
            };
            *bucket = bucket.saturating_add(item.size);
        }
        let mut items = self.wasted;
        items.sort_by(|a, b| {
            b.size
                .cmp(&a.size)
                .then_with(|| a.path.cmp(&b.path))
                .then_with(|| a.layer.cmp(&b.layer))
        });
        waste.items = items;
        Outcome {
            entries,
            contents: self.contents,
            waste,
            layer_wasted: self.layer_wasted,
            dive,
            linked_captures,
        }
    }
}

/// A captured path that links to a regular file, whose bytes are in `layer`.
pub(crate) struct LinkedCapture {
    pub path: String,
    pub target: String,
    pub layer: usize,
}

/// Reads the first `CAPTURE_LIMIT` bytes of the regular file `target` (absolute, cleaned)
/// from a layer blob, compressed or not. Returns `None` when the layer has no such file.
pub(crate) fn read_captured(
    blob: &mut dyn Read,
    target: &str,
    where_: &str,
    limits: &Limits,
) -> Result<Option<Vec<u8>>, crate::Error> {
    let mut buffered = BufReader::with_capacity(1 << 16, blob);
    let head = buffered
        .fill_buf()
        .map_err(|error| read_error(where_, error))?;
    let codec = Codec::sniff(head);
    let decoder = Decoder::new(codec, buffered).map_err(|error| read_error(where_, error))?;
    let mut archive = tar::Archive::new(decoder);
    let entries = archive
        .entries()
        .map_err(|error| read_error(where_, error))?;
    let mut members = Members::new(entries, limits.max_extension_header_bytes);
    let mut found = None;
    while let Some(mut member) = members
        .next_member()
        .map_err(|error| read_error(where_, error))?
    {
        let raw_path = String::from_utf8_lossy(&member.path).into_owned();
        if format!("/{}", clean_relative(&raw_path)) != target {
            continue;
        }
        // The last entry of a path in a layer is the one that counts.
        found = if member.entry.header().entry_type() == tar::EntryType::Regular {
            let mut bytes = Vec::new();
            member
                .entry
                .by_ref()
                .take(CAPTURE_LIMIT)
                .read_to_end(&mut bytes)
                .map_err(|error| read_error(where_, error))?;
            Some(bytes)
        } else {
            None
        };
    }
    Ok(found)
}

/// The result of applying all layers.
pub(crate) struct Outcome {
    pub entries: Vec<FileEntry>,
    pub contents: BTreeMap<String, Vec<u8>>,
    pub waste: Waste,
    /// Wasted bytes of each layer, lowest first.
    pub layer_wasted: Vec<u64>,
    pub dive: super::analysis::DiveFigures,
    /// Captured paths that are links, whose contents the caller reads from the target's layer.
    pub linked_captures: Vec<LinkedCapture>,
}

/// The progress report: the callback, the bytes before this layer, and the bytes of all layers.
#[derive(Clone, Copy)]
struct ProgressSink<'p> {
    callback: &'p (dyn Fn(Progress) + Sync),
    base: u64,
    total: u64,
}

enum EntryError {
    Read(io::Error),
    /// An entry the layer format does not allow, described without the layer.
    Invalid(String),
}

/// Splits `/a/b` into `/a` and `b`; the root's children have the directory `/`.
fn split_path(path: &str) -> (&str, &str) {
    match path.rfind('/') {
        Some(0) => ("/", &path[1..]),
        Some(at) => (&path[..at], &path[at + 1..]),
        None => ("/", path),
    }
}

fn join(dir: &str, name: &str) -> String {
    if dir == "/" {
        format!("/{name}")
    } else {
        format!("{dir}/{name}")
    }
}

pub(crate) fn hex_digest(hasher: Sha256) -> String {
    let bytes = hasher.finalize();
    let mut text = String::with_capacity(7 + 64);
    text.push_str("sha256:");
    for byte in bytes.iter() {
        text.push(char::from_digit(u32::from(byte >> 4), 16).unwrap_or('0'));
        text.push(char::from_digit(u32::from(byte & 0xf), 16).unwrap_or('0'));
    }
    text
}

/// Counts and hashes what passes through, and reports progress.
struct Hashing<'p, R> {
    inner: R,
    hasher: Sha256,
    count: u64,
    shared: Option<Rc<Cell<u64>>>,
    progress: Option<ProgressSink<'p>>,
}

const PROGRESS_STEP: u64 = 4 << 20;

impl<R> Hashing<'_, R> {
    fn report(&self) {
        if let Some(sink) = self.progress {
            (sink.callback)(Progress {
                read: sink.base.saturating_add(self.count),
                total: sink.total,
            });
        }
    }
}

impl<R: Read> Read for Hashing<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.hasher.update(&buf[..read]);
        let before = self.count;
        self.count += read as u64;
        if let Some(shared) = &self.shared {
            shared.set(self.count);
        }
        if before / PROGRESS_STEP != self.count / PROGRESS_STEP {
            self.report();
        }
        Ok(read)
    }
}

/// Stops a layer that grows past the limits while it is decompressed.
struct Guard<'l, R> {
    inner: R,
    count: u64,
    stored: Rc<Cell<u64>>,
    limits: &'l Limits,
    compressed: bool,
    /// Uncompressed bytes of the layers before this one, and the limit for all layers.
    earlier_layers: u64,
    budget: u64,
}

impl<R: Read> Guard<'_, Decoder<R>> {
    fn into_inner(self) -> R {
        self.inner.into_source()
    }
}

impl<R: Read> Read for Guard<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.count += read as u64;
        if self.count > self.limits.max_layer_bytes {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "the layer is larger than {} bytes uncompressed",
                    self.limits.max_layer_bytes
                ),
            ));
        }
        if self.earlier_layers.saturating_add(self.count) > self.budget {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "the layers decompress to more than {} bytes, {} times the input: refusing a \
                     likely decompression bomb",
                    self.budget, self.limits.max_compression_ratio
                ),
            ));
        }
        if self.compressed && self.count > self.limits.ratio_check_after {
            let stored = self.stored.get().max(1);
            if self.count / stored > self.limits.max_compression_ratio {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "{} bytes decompress to more than {} bytes, a ratio above {}: \
                         refusing a likely decompression bomb",
                        stored, self.count, self.limits.max_compression_ratio
                    ),
                ));
            }
        }
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_paths_at_the_last_slash() {
        assert_eq!(split_path("/a"), ("/", "a"));
        assert_eq!(split_path("/a/b/c"), ("/a/b", "c"));
        assert_eq!(join("/", "x"), "/x");
        assert_eq!(join("/a", "x"), "/a/x");
    }
}
