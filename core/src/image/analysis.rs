//! The results of reading an image: its layers, the filesystem it ships, and the bytes it wastes.
//!
//! The archive reader fills these types in one pass over the layers; the image rules read
//! them. Paths are absolute and cleaned (`/etc/passwd`), whatever form the tar entries used.

use std::collections::BTreeMap;

use super::config::ImageConfig;

/// One image, read and analysed.
#[derive(Clone, Debug, Default)]
pub struct ImageAnalysis {
    /// The name the image was selected or tagged by, normalised (`docker.io/library/x:1`).
    pub reference: Option<String>,
    /// `sha256:` digest of the config blob, which is the image ID.
    pub config_digest: Option<String>,
    pub config: ImageConfig,
    pub layers: Vec<LayerSummary>,
    pub filesystem: Filesystem,
    pub waste: Waste,
    pub dive: DiveFigures,
}

/// One layer, lowest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LayerSummary {
    /// 1-based position, lowest layer first.
    pub index: usize,
    pub media_type: Option<String>,
    /// Digest of the blob as stored, compressed or not.
    pub digest: Option<String>,
    /// Digest of the uncompressed tar.
    pub diff_id: Option<String>,
    /// Size of the blob as stored; `None` when the archive keeps only the uncompressed tar.
    pub compressed_size: Option<u64>,
    /// Size of the uncompressed tar, headers and padding included.
    pub uncompressed_size: u64,
    pub entries: u64,
    pub regular_files: u64,
    /// Sum of the sizes of regular files.
    pub file_bytes: u64,
    pub dirs: u64,
    pub symlinks: u64,
    pub hardlinks: u64,
    /// Paths deleted by `.wh.<name>` entries of this layer.
    pub whiteouts: Vec<String>,
    /// Directories emptied by `.wh..wh..opq` entries of this layer.
    pub opaque_whiteouts: Vec<String>,
    /// `created_by` of the history entry that made this layer, skipping `empty_layer` entries.
    pub created_by: Option<String>,
    /// Bytes of this layer's regular files that later layers hide.
    pub wasted_bytes: u64,
}

/// The final filesystem: the files a container started from the image can see.
#[derive(Clone, Debug, Default)]
pub struct Filesystem {
    /// Every visible entry, sorted by path.
    pub entries: Vec<FileEntry>,
    /// The contents of the small files rules read (`/etc/passwd`, `/etc/shadow`, `/etc/group`,
    /// `/etc/master.passwd`), as the final filesystem has them.
    pub contents: BTreeMap<String, Vec<u8>>,
}

/// One visible entry of the final filesystem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEntry {
    pub path: String,
    pub kind: EntryKind,
    pub size: u64,
    /// Permission bits including setuid (0o4000), setgid (0o2000) and sticky (0o1000).
    pub mode: u32,
    pub uid: u64,
    pub gid: u64,
    /// 1-based index of the layer the entry comes from.
    pub layer: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Dir,
    Symlink {
        target: String,
    },
    Hardlink {
        target: String,
    },
    /// Devices, FIFOs and other special files.
    Other,
}

/// Bytes that ship but cannot be seen: regular files that a later layer overwrites, deletes
/// with a whiteout, or hides with an opaque whiteout. The surviving copy is not counted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Waste {
    pub bytes: u64,
    pub files: u64,
    pub overwritten_bytes: u64,
    pub deleted_bytes: u64,
    pub opaque_hidden_bytes: u64,
    /// Every hidden copy, largest first, then by path and layer.
    pub items: Vec<WastedFile>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WastedFile {
    pub path: String,
    /// 1-based index of the layer holding the hidden copy.
    pub layer: usize,
    pub size: u64,
    pub reason: WasteReason,
    /// 1-based index of the layer that hides it.
    pub by_layer: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WasteReason {
    Overwritten,
    /// Deleted by the whiteout at this path.
    Deleted {
        whiteout: String,
    },
    /// Hidden by the opaque whiteout at this path.
    Hidden {
        opaque_whiteout: String,
    },
}

/// dive's figures, with dive's formulas, so that its CI thresholds mean the same here.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DiveFigures {
    /// dive's efficiency score, between 0 and 1.
    pub efficiency: f64,
    /// dive's wasted bytes, which count every copy of a path that occurs in several layers,
    /// the surviving copy included.
    pub wasted_bytes: u64,
    /// dive's wasted bytes divided by the size of all layers but the first.
    pub user_wasted_percent: f64,
    /// Sum of the layer sizes as dive counts them.
    pub image_size: u64,
    /// The same sum without the first layer.
    pub user_size: u64,
}
