//! Bounds on what reading an image may cost, so that a hostile archive fails fast with a clear
//! error instead of exhausting memory or time.

use crate::error::{Error, ErrorKind};

/// Bounds on the input. The defaults admit any real image seen so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest JSON document read whole: `manifest.json`, `index.json`, a manifest, a config.
    pub max_json_bytes: u64,
    /// Maximum number of members in the outer archive.
    pub max_archive_members: usize,
    /// Maximum number of entries over all layers together. Memory grows with this number.
    pub max_entries: u64,
    /// Maximum number of layers in one image.
    pub max_layers: usize,
    /// Largest uncompressed layer.
    pub max_layer_bytes: u64,
    /// Largest ratio of uncompressed to compressed bytes, checked once a layer passes
    /// `ratio_check_after` uncompressed bytes; catches decompression bombs early.
    pub max_compression_ratio: u64,
    pub ratio_check_after: u64,
    /// Deepest nesting of image indexes.
    pub max_index_depth: usize,
    /// Largest extension header in a tar archive: a PAX header (`x` or `g`) or a GNU long name
    /// or long link name (`L` or `K`). The path and link records of one are kept in memory.
    pub max_extension_header_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_json_bytes: 16 << 20,
            max_archive_members: 1_000_000,
            max_entries: 5_000_000,
            max_layers: 1_000,
            max_layer_bytes: 256 << 30,
            // Deflate cannot exceed about 1,032:1; zstd can go far beyond. Real layers stay
            // well under 100:1 once past a few hundred MiB.
            max_compression_ratio: 500,
            ratio_check_after: 512 << 20,
            max_index_depth: 4,
            // A PAX header contains a path, a link name, times and extended attributes, which
            // come to a few KiB in the images seen so far.
            max_extension_header_bytes: 1 << 20,
        }
    }
}

pub(crate) fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidInput, message)
}

pub(crate) fn io_error(message: String) -> Error {
    Error::new(ErrorKind::Io, message)
}
