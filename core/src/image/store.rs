//! The sources of an image's files: the members of a tar archive (plain or compressed), or the
//! files of an OCI image layout directory.
//!
//! Both are read through [`Store`], which opens a file by its cleaned relative name and never
//! writes anything.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use flate2::bufread::MultiGzDecoder;

use super::limits::{Limits, invalid, io_error};
use super::members::Members;

/// Read and Seek in one object-safe trait.
pub(crate) trait ReadSeek: Read + Seek {}
impl<T: Read + Seek> ReadSeek for T {}

/// The compression of a stream, detected from its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Codec {
    None,
    Gzip,
    Zstd,
}

impl Codec {
    pub(crate) fn sniff(head: &[u8]) -> Codec {
        if head.starts_with(&[0x1f, 0x8b]) {
            Codec::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Codec::Zstd
        } else {
            Codec::None
        }
    }
}

/// A decompressing reader over a buffered source.
pub(crate) enum Decoder<R: Read> {
    Plain(BufReader<R>),
    Gzip(Box<MultiGzDecoder<BufReader<R>>>),
    Zstd(Box<ruzstd::decoding::StreamingDecoder<BufReader<R>, ruzstd::decoding::FrameDecoder>>),
}

impl<R: Read> Decoder<R> {
    pub(crate) fn new(codec: Codec, source: BufReader<R>) -> io::Result<Decoder<R>> {
        Ok(match codec {
            Codec::None => Decoder::Plain(source),
            Codec::Gzip => Decoder::Gzip(Box::new(MultiGzDecoder::new(source))),
            Codec::Zstd => Decoder::Zstd(Box::new(
                ruzstd::decoding::StreamingDecoder::new(source)
                    .map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error))?,
            )),
        })
    }

    /// Returns the source, dropping whatever the decoder had buffered.
    pub(crate) fn into_source(self) -> R {
        match self {
            Decoder::Plain(source) => source.into_inner(),
            Decoder::Gzip(decoder) => decoder.into_inner().into_inner(),
            Decoder::Zstd(decoder) => decoder.into_inner().into_inner(),
        }
    }
}

impl<R: Read> Read for Decoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Decoder::Plain(source) => source.read(buf),
            Decoder::Gzip(decoder) => decoder.read(buf),
            Decoder::Zstd(decoder) => decoder.read(buf),
        }
    }
}

/// The files an image is made of, opened by cleaned relative name (`blobs/sha256/<hex>`).
pub(crate) trait Store {
    /// Opens a file and returns it with its size.
    fn open(&mut self, name: &str) -> Result<(Box<dyn Read + '_>, u64), crate::Error>;
    fn exists(&self, name: &str) -> bool;
    /// Returns the size of a file without reading it.
    fn size(&self, name: &str) -> Result<u64, crate::Error>;
    /// Describes where a file is, for error messages.
    fn describe(&self, name: &str) -> String;

    /// Reads a small file whole, refusing one larger than `limit`.
    fn read_small(&mut self, name: &str, limit: u64) -> Result<Vec<u8>, crate::Error> {
        let where_ = self.describe(name);
        let (mut reader, size) = self.open(name)?;
        if size > limit {
            return Err(invalid(format!(
                "{where_} is {size} bytes, more than the limit of {limit} for a JSON document"
            )));
        }
        let mut bytes = Vec::with_capacity(size as usize);
        reader
            .read_to_end(&mut bytes)
            .map_err(|error| read_error(&where_, error))?;
        if (bytes.len() as u64) < size {
            return Err(invalid(format!(
                "{where_} is truncated: {} of {size} bytes",
                bytes.len()
            )));
        }
        Ok(bytes)
    }
}

/// Turns an error met while reading `what` into a library error.
pub(crate) fn read_error(what: &str, error: io::Error) -> crate::Error {
    match error.kind() {
        io::ErrorKind::UnexpectedEof => invalid(format!("{what} is truncated")),
        io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput | io::ErrorKind::Other => {
            invalid(format!("{what} cannot be read: {error}"))
        }
        _ => io_error(format!("reading {what}: {error}")),
    }
}

/// Cleans a path inside an archive or layout: no leading `/` or `./`, no `.` components, and
/// `..` resolved lexically without going above the root. Returns `""` for the root.
pub(crate) fn clean_relative(name: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in name.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[derive(Clone, Debug)]
enum MemberKind {
    File { offset: u64, size: u64 },
    Link { target: String },
    Other,
}

/// The outer tar archive, indexed by member name, with its members opened on demand.
pub(crate) struct TarStore<'a> {
    backing: Backing<'a>,
    members: HashMap<String, MemberKind>,
}

enum Backing<'a> {
    Plain(&'a mut dyn ReadSeek),
    /// A compressed archive, read forwards. Opening a member behind the current position
    /// decompresses again from the start.
    // NOTE: an archive whose manifest lists layers in the reverse of their order in the
    // archive is decompressed once per layer.
    Compressed {
        codec: Codec,
        raw: Option<&'a mut dyn ReadSeek>,
        decoder: Option<(Decoder<&'a mut dyn ReadSeek>, u64)>,
    },
}

impl<'a> TarStore<'a> {
    /// Indexes the archive in one pass over its headers.
    pub(crate) fn index(
        reader: &'a mut dyn ReadSeek,
        codec: Codec,
        limits: &Limits,
    ) -> Result<TarStore<'a>, crate::Error> {
        reader
            .seek(SeekFrom::Start(0))
            .map_err(|error| io_error(format!("seeking in the archive: {error}")))?;
        match codec {
            Codec::None => {
                let length = reader
                    .seek(SeekFrom::End(0))
                    .and_then(|length| reader.seek(SeekFrom::Start(0)).map(|_| length))
                    .map_err(|error| io_error(format!("seeking in the archive: {error}")))?;
                let mut archive = tar::Archive::new(&mut *reader);
                let entries = archive
                    .entries_with_seek()
                    .map_err(|error| read_error("the archive", error))?;
                let members = collect_members(entries, Some(length), limits)?;
                Ok(TarStore {
                    backing: Backing::Plain(reader),
                    members,
                })
            }
            _ => {
                let decoder = Decoder::new(codec, BufReader::new(&mut *reader))
                    .map_err(|error| read_error("the compressed archive", error))?;
                let mut archive = tar::Archive::new(decoder);
                let entries = archive
                    .entries()
                    .map_err(|error| read_error("the compressed archive", error))?;
                let members = collect_members(entries, None, limits)?;
                drop(archive);
                Ok(TarStore {
                    backing: Backing::Compressed {
                        codec,
                        raw: Some(reader),
                        decoder: None,
                    },
                    members,
                })
            }
        }
    }

    /// Follows symbolic and hard links between members, as in `<id>/layer.tar -> ../<x>/layer.tar`.
    fn resolve(&self, name: &str) -> Result<(u64, u64), crate::Error> {
        let mut current = clean_relative(name);
        for _ in 0..16 {
            match self.members.get(&current) {
                None => {
                    return Err(invalid(format!(
                        "the archive has no member `{current}`{}",
                        if current == name {
                            String::new()
                        } else {
                            format!(" (reached from `{name}`)")
                        }
                    )));
                }
                Some(MemberKind::File { offset, size }) => return Ok((*offset, *size)),
                Some(MemberKind::Other) => {
                    return Err(invalid(format!(
                        "archive member `{current}` is not a regular file"
                    )));
                }
                Some(MemberKind::Link { target }) => current = target.clone(),
            }
        }
        Err(invalid(format!(
            "archive member `{name}` is a link loop or a chain of more than 16 links"
        )))
    }
}

fn collect_members<R: Read>(
    entries: tar::Entries<'_, R>,
    length: Option<u64>,
    limits: &Limits,
) -> Result<HashMap<String, MemberKind>, crate::Error> {
    let mut members = HashMap::new();
    let mut iterator = Members::new(entries, limits.max_extension_header_bytes);
    while let Some(member) = iterator
        .next_member()
        .map_err(|error| read_error("the archive", error))?
    {
        if members.len() >= limits.max_archive_members {
            return Err(invalid(format!(
                "the archive has more than {} members",
                limits.max_archive_members
            )));
        }
        let raw_name = String::from_utf8_lossy(&member.path).into_owned();
        let name = clean_relative(&raw_name);
        let offset = member.entry.raw_file_position();
        let size = member.size;
        let kind = match member.entry.header().entry_type() {
            tar::EntryType::Regular | tar::EntryType::Continuous | tar::EntryType::GNUSparse => {
                if let Some(length) = length
                    && offset.checked_add(size).is_none_or(|end| end > length)
                {
                    return Err(invalid(format!(
                        "archive member `{raw_name}` declares {size} bytes at offset {offset}, \
                             past the end of the archive ({length} bytes)"
                    )));
                }
                MemberKind::File { offset, size }
            }
            tar::EntryType::Symlink => {
                let target = member
                    .link
                    .as_deref()
                    .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
                    .unwrap_or_default();
                // A symbolic link resolves from the member's directory; an absolute target
                // stays inside the archive, whose root is the only root there is.
                let base = match name.rfind('/') {
                    Some(at) if !target.starts_with('/') => &name[..at],
                    _ => "",
                };
                MemberKind::Link {
                    target: clean_relative(&format!("{base}/{target}")),
                }
            }
            tar::EntryType::Link => {
                let target = member
                    .link
                    .as_deref()
                    .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
                    .unwrap_or_default();
                MemberKind::Link {
                    target: clean_relative(&target),
                }
            }
            _ => MemberKind::Other,
        };
        members.insert(name, kind);
    }
    Ok(members)
}

impl Store for TarStore<'_> {
    fn open(&mut self, name: &str) -> Result<(Box<dyn Read + '_>, u64), crate::Error> {
        let (offset, size) = self.resolve(name)?;
        match &mut self.backing {
            Backing::Plain(reader) => {
                reader
                    .seek(SeekFrom::Start(offset))
                    .map_err(|error| io_error(format!("seeking in the archive: {error}")))?;
                Ok((Box::new((&mut **reader).take(size)), size))
            }
            Backing::Compressed {
                codec,
                raw,
                decoder,
            } => {
                let behind = decoder.as_ref().is_none_or(|(_, at)| *at > offset);
                if behind {
                    let reader = match (raw.take(), decoder.take()) {
                        (Some(reader), _) => reader,
                        (None, Some((old, _))) => old.into_source(),
                        (None, None) => unreachable_reader()?,
                    };
                    reader
                        .seek(SeekFrom::Start(0))
                        .map_err(|error| io_error(format!("seeking in the archive: {error}")))?;
                    let fresh = Decoder::new(*codec, BufReader::new(reader))
                        .map_err(|error| read_error("the compressed archive", error))?;
                    *decoder = Some((fresh, 0));
                }
                let Some((stream, at)) = decoder.as_mut() else {
                    return unreachable_reader();
                };
                let skip = offset - *at;
                let skipped = io::copy(&mut (&mut *stream).take(skip), &mut io::sink())
                    .map_err(|error| read_error("the compressed archive", error))?;
                *at += skipped;
                if skipped < skip {
                    return Err(invalid(format!(
                        "the compressed archive is truncated before member `{name}`"
                    )));
                }
                Ok((
                    Box::new(Forward {
                        stream,
                        at,
                        remaining: size,
                    }),
                    size,
                ))
            }
        }
    }

    fn exists(&self, name: &str) -> bool {
        self.members.contains_key(&clean_relative(name))
    }

    fn size(&self, name: &str) -> Result<u64, crate::Error> {
        self.resolve(name).map(|(_, size)| size)
    }

    fn describe(&self, name: &str) -> String {
        format!("archive member `{name}`")
    }
}

fn unreachable_reader<T>() -> Result<T, crate::Error> {
    Err(crate::Error::new(
        crate::ErrorKind::Internal,
        "the compressed archive lost its reader",
    ))
}

/// A member of a compressed archive, read forwards from the shared decoder.
struct Forward<'s, 'a> {
    stream: &'s mut Decoder<&'a mut dyn ReadSeek>,
    at: &'s mut u64,
    remaining: u64,
}

impl Read for Forward<'_, '_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.remaining == 0 {
            return Ok(0);
        }
        let want = buf
            .len()
            .min(usize::try_from(self.remaining).unwrap_or(usize::MAX));
        let read = self.stream.read(&mut buf[..want])?;
        self.remaining -= read as u64;
        *self.at += read as u64;
        Ok(read)
    }
}

/// An OCI image layout directory. Names with `..` are refused and no symbolic link is
/// followed, so nothing outside the directory is ever read.
pub(crate) struct DirStore {
    root: PathBuf,
}

impl DirStore {
    pub(crate) fn new(root: &Path) -> DirStore {
        DirStore {
            root: root.to_path_buf(),
        }
    }

    fn checked_path(&self, name: &str) -> Result<PathBuf, crate::Error> {
        let mut path = self.root.clone();
        for part in name.split('/') {
            if part.is_empty() || part == "." {
                continue;
            }
            if part == ".." || part.contains('\\') {
                return Err(invalid(format!(
                    "refusing to read `{name}` in the layout: the name leaves the directory"
                )));
            }
            path.push(part);
            match std::fs::symlink_metadata(&path) {
                Ok(metadata) if metadata.file_type().is_symlink() => {
                    return Err(invalid(format!(
                        "refusing to follow the symbolic link `{}` in the layout",
                        path.display()
                    )));
                }
                Ok(_) => {}
                Err(error) if error.kind() == io::ErrorKind::NotFound => {
                    return Err(invalid(format!(
                        "the layout has no file `{name}` (looked for {})",
                        path.display()
                    )));
                }
                Err(error) => {
                    return Err(io_error(format!("reading {}: {error}", path.display())));
                }
            }
        }
        Ok(path)
    }
}

impl Store for DirStore {
    fn open(&mut self, name: &str) -> Result<(Box<dyn Read + '_>, u64), crate::Error> {
        let path = self.checked_path(name)?;
        let file = File::open(&path)
            .map_err(|error| io_error(format!("opening {}: {error}", path.display())))?;
        let metadata = file
            .metadata()
            .map_err(|error| io_error(format!("reading {}: {error}", path.display())))?;
        if !metadata.is_file() {
            return Err(invalid(format!("{} is not a regular file", path.display())));
        }
        Ok((
            Box::new(BufReader::with_capacity(1 << 16, file)),
            metadata.len(),
        ))
    }

    fn exists(&self, name: &str) -> bool {
        self.checked_path(name).is_ok()
    }

    fn size(&self, name: &str) -> Result<u64, crate::Error> {
        let path = self.checked_path(name)?;
        let metadata = std::fs::metadata(&path)
            .map_err(|error| io_error(format!("reading {}: {error}", path.display())))?;
        Ok(metadata.len())
    }

    fn describe(&self, name: &str) -> String {
        format!("`{}`", self.root.join(name).display())
    }
}
