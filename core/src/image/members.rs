//! Tar entries with their extension headers applied, reading each extension header only up to a
//! size limit.
//!
//! Without raw mode, the `tar` crate (0.4) reads a PAX header (`x`) or GNU long name (`L`, `K`)
//! into memory whole, whatever size it declares, so a small compressed layer can claim
//! gigabytes of memory. Here the archive is iterated raw, each extension header is checked
//! against the limit before it is read, and the records that matter are applied the way the
//! crate applies them: the path, link name, uid and gid.

use std::io::{self, Read};

/// One entry of an archive with the extension headers before it applied.
pub(crate) struct Member<'a, R: Read> {
    pub entry: tar::Entry<'a, R>,
    /// A GNU long name, else a PAX `path` record, else the name in the header.
    pub path: Vec<u8>,
    /// A GNU long link name, else a PAX `linkpath` record, else the link name in the header.
    pub link: Option<Vec<u8>>,
    /// The size of the file's contents. For a GNU sparse file it includes the holes.
    pub size: u64,
    pub uid: u64,
    pub gid: u64,
}

/// Iterates over the entries of an archive, applying extension headers to the entry after them.
/// PAX global headers (`g`) are returned as entries, as the `tar` crate returns them.
pub(crate) struct Members<'a, R: Read> {
    entries: tar::Entries<'a, R>,
    max_header_bytes: u64,
}

/// Extension headers read so far that describe the next entry.
#[derive(Default)]
struct Pending {
    long_name: Option<Vec<u8>>,
    long_link: Option<Vec<u8>>,
    pax: Option<Vec<u8>>,
}

impl Pending {
    fn is_empty(&self) -> bool {
        self.long_name.is_none() && self.long_link.is_none() && self.pax.is_none()
    }
}

impl<'a, R: Read> Members<'a, R> {
    /// Wraps `entries`, switching them to raw mode. Extension headers larger than
    /// `max_header_bytes` fail with `InvalidData`.
    pub(crate) fn new(entries: tar::Entries<'a, R>, max_header_bytes: u64) -> Members<'a, R> {
        Members {
            entries: entries.raw(true),
            max_header_bytes,
        }
    }

    /// Returns the next entry, or `None` at the end of the archive.
    pub(crate) fn next_member(&mut self) -> io::Result<Option<Member<'a, R>>> {
        let mut pending = Pending::default();
        loop {
            let Some(entry) = self.entries.next() else {
                if pending.is_empty() {
                    return Ok(None);
                }
                return Err(invalid_data(
                    "the archive ends with extension headers but no entry for them to describe"
                        .to_string(),
                ));
            };
            let mut entry = entry?;
            let header = entry.header();
            let entry_type = header.entry_type();
            let recognized = header.as_gnu().is_some() || header.as_ustar().is_some();
            let is_extension = matches!(
                entry_type,
                tar::EntryType::GNULongName
                    | tar::EntryType::GNULongLink
                    | tar::EntryType::XHeader
                    | tar::EntryType::XGlobalHeader
            );
            if is_extension && entry.size() > self.max_header_bytes {
                return Err(invalid_data(format!(
                    "the extension header (type `{}`) at offset {} of the uncompressed archive \
                     declares {} bytes, more than the limit of {} bytes \
                     (`Limits::max_extension_header_bytes`)",
                    char::from(entry_type.as_byte()),
                    entry.raw_header_position(),
                    entry.size(),
                    self.max_header_bytes
                )));
            }
            // The crate interprets these types only in GNU and ustar headers. In an old-style
            // header they stay ordinary entries.
            let slot = match entry_type {
                tar::EntryType::GNULongName if recognized => Some(&mut pending.long_name),
                tar::EntryType::GNULongLink if recognized => Some(&mut pending.long_link),
                tar::EntryType::XHeader if recognized => Some(&mut pending.pax),
                _ => None,
            };
            if let Some(slot) = slot {
                if slot.is_some() {
                    return Err(invalid_data(format!(
                        "two extension headers of type `{}` describe the entry after offset {}",
                        char::from(entry_type.as_byte()),
                        entry.raw_header_position()
                    )));
                }
                let mut data = Vec::new();
                entry.read_to_end(&mut data)?;
                *slot = Some(data);
                continue;
            }
            return apply(entry, pending).map(Some);
        }
    }
}

/// Applies the pending extension headers to `entry`, with the precedence the `tar` crate uses.
fn apply<R: Read>(entry: tar::Entry<'_, R>, pending: Pending) -> io::Result<Member<'_, R>> {
    let header = entry.header();
    let pax = pending.pax.as_deref();

    // Raw iteration finds the next header from the size field of this one, so a PAX `size`
    // record that differs from it cannot be followed.
    // TODO: read the headers directly to accept PAX sizes, which writers use for files of
    // 8 GiB and more.
    let mut size = entry.size();
    if let Some(pax_size) = pax.and_then(|pax| pax_number(pax, "size"))
        && pax_size != size
    {
        return Err(invalid_data(format!(
            "the entry at offset {} has a PAX size of {pax_size} bytes but a header size of \
             {size} bytes, which is not supported",
            entry.raw_header_position()
        )));
    }
    if header.entry_type() == tar::EntryType::GNUSparse {
        let Some(gnu) = header.as_gnu() else {
            return Err(invalid_data(format!(
                "the sparse entry at offset {} has no GNU header",
                entry.raw_header_position()
            )));
        };
        // TODO: an extended sparse map follows the header in blocks that raw iteration reads
        // as data, so such entries are rejected. Reading a sparse entry returns its stored
        // chunks without the holes between them.
        if gnu.is_extended() {
            return Err(invalid_data(format!(
                "the sparse entry at offset {} has an extended sparse map, which is not supported",
                entry.raw_header_position()
            )));
        }
        size = gnu.real_size()?;
    }
    let path = match pending.long_name {
        Some(name) => strip_nul(name),
        None => pax
            .and_then(|pax| pax_text(pax, b"path"))
            .unwrap_or_else(|| header.path_bytes().into_owned()),
    };
    let link = match pending.long_link {
        Some(name) => Some(strip_nul(name)),
        None => pax
            .and_then(|pax| pax_text(pax, b"linkpath"))
            .or_else(|| header.link_name_bytes().map(|bytes| bytes.into_owned())),
    };
    let uid = pax
        .and_then(|pax| pax_number(pax, "uid"))
        .unwrap_or_else(|| header.uid().unwrap_or(0));
    let gid = pax
        .and_then(|pax| pax_number(pax, "gid"))
        .unwrap_or_else(|| header.gid().unwrap_or(0));
    Ok(Member {
        entry,
        path,
        link,
        size,
        uid,
        gid,
    })
}

/// Removes the one trailing NUL that GNU long names carry.
fn strip_nul(mut name: Vec<u8>) -> Vec<u8> {
    if name.last() == Some(&0) {
        name.pop();
    }
    name
}

/// Returns the value of the first well-formed record named `key`, skipping malformed records.
fn pax_text(pax: &[u8], key: &[u8]) -> Option<Vec<u8>> {
    tar::PaxExtensions::new(pax)
        .filter_map(Result::ok)
        .find(|record| record.key_bytes() == key)
        .map(|record| record.value_bytes().to_vec())
}

/// Returns the number in the first record named `key`. A malformed record before it, or a
/// value that is no decimal `u64`, gives `None`, as in the `tar` crate.
fn pax_number(pax: &[u8], key: &str) -> Option<u64> {
    for record in tar::PaxExtensions::new(pax) {
        let record = record.ok()?;
        if record.key() != Ok(key) {
            continue;
        }
        return record.value().ok()?.parse().ok();
    }
    None
}

fn invalid_data(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}
