//! Image references as Docker reads them: `[registry/]repository[:tag][@digest]`.
//!
//! The rules are those of `ParseNormalizedNamed` in `github.com/distribution/reference` v0.6.0,
//! which BuildKit uses for `FROM`, with digests checked as `github.com/opencontainers/go-digest`
//! v1.0.0 checks them. [`ImageReference::parse`] accepts the references that function accepts
//! and keeps each part as written. The `normalized_*` methods and [`ImageReference::familiar`]
//! give the forms that Docker derives from them.

use std::fmt;

/// The registry that a reference without one names (Docker Hub).
const DEFAULT_REGISTRY: &str = "docker.io";

/// An older name of Docker Hub's registry, which Docker rewrites to [`DEFAULT_REGISTRY`].
const LEGACY_DEFAULT_REGISTRY: &str = "index.docker.io";

/// The namespace of Docker Hub's official images, implied for a single-component repository.
const OFFICIAL_REPOSITORY_PREFIX: &str = "library/";

/// Maximum length in bytes of a repository path, `library/` included when it is implied.
const MAX_REPOSITORY_LENGTH: usize = 255;

/// Maximum length of a tag.
const MAX_TAG_LENGTH: usize = 128;

/// Minimum number of hexadecimal digits in a digest.
const MIN_DIGEST_DIGITS: usize = 32;

/// Digest algorithms that Docker verifies, with the number of hexadecimal digits of each.
const DIGEST_ALGORITHMS: [(&str, usize); 3] = [("sha256", 64), ("sha384", 96), ("sha512", 128)];

/// A parsed image reference, with each part as written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ImageReference {
    /// The registry host, with its port if any, or `None` when Docker Hub is implied.
    pub registry: Option<String>,
    /// The repository path after the registry: `debian` for `debian:12`, and `library/debian`
    /// only when written so.
    pub repository: String,
    pub tag: Option<String>,
    /// The digest with its algorithm, as in `sha256:0123...`.
    pub digest: Option<String>,
}

/// A reference that Docker rejects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferenceError {
    /// Docker's message, followed for a malformed part by what that part must look like.
    pub message: String,
    /// Byte offset in the input of the part that is wrong.
    pub offset: usize,
}

impl ReferenceError {
    fn new(message: impl Into<String>, offset: usize) -> Self {
        ReferenceError {
            message: message.into(),
            offset,
        }
    }
}

impl fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ReferenceError {}

/// A part of the input with its byte offset.
#[derive(Clone, Copy)]
struct Part<'a> {
    text: &'a str,
    offset: usize,
}

/// The input split into its parts, before any of them is checked.
struct Split<'a> {
    registry: Option<Part<'a>>,
    repository: Part<'a>,
    tag: Option<Part<'a>>,
    digest: Option<Part<'a>>,
}

impl ImageReference {
    /// Parses `input` as `docker pull` and BuildKit's `FROM` do.
    ///
    /// The first path component is the registry when it contains `.` or `:`, is `localhost`,
    /// or contains an uppercase letter; otherwise Docker Hub is implied. A `:` after the last
    /// `/` starts the tag, so the port in `localhost:5000/app` is not read as one.
    pub fn parse(input: &str) -> Result<ImageReference, ReferenceError> {
        if input.is_empty() {
            return Err(ReferenceError::new(
                "invalid reference format: the reference is empty",
                0,
            ));
        }
        if input.len() == 64 && input.bytes().all(is_lower_hex) {
            return Err(ReferenceError::new(
                format!(
                    "invalid repository name ({input}), cannot specify 64-byte hexadecimal strings"
                ),
                0,
            ));
        }

        let split = split_reference(input);
        check_lowercase_remote(input, &split)?;
        check_syntax(&split)?;

        let reference = ImageReference {
            registry: split.registry.map(|part| part.text.to_owned()),
            repository: split.repository.text.to_owned(),
            tag: split.tag.map(|part| part.text.to_owned()),
            digest: split.digest.map(|part| part.text.to_owned()),
        };
        reference.check_repository_length(&split)?;
        if let Some(digest) = split.digest {
            check_digest_algorithm(digest)?;
        }
        Ok(reference)
    }

    /// Returns the registry host: `docker.io` when none is written or when `index.docker.io`
    /// is.
    ///
    /// NOTE: for a first component that Docker reads as a registry but that is only valid as a
    /// repository component, such as `my_registry.local`, distribution's `Domain()` is empty.
    /// This returns the component, which is where containerd then pulls from.
    pub fn normalized_registry(&self) -> &str {
        match self.registry.as_deref() {
            None | Some(LEGACY_DEFAULT_REGISTRY) => DEFAULT_REGISTRY,
            Some(registry) => registry,
        }
    }

    /// Returns the repository path as Docker stores it, with `library/` before a
    /// single-component name on Docker Hub.
    pub fn normalized_repository(&self) -> String {
        if self.normalized_registry() == DEFAULT_REGISTRY && !self.repository.contains('/') {
            format!("{OFFICIAL_REPOSITORY_PREFIX}{}", self.repository)
        } else {
            self.repository.clone()
        }
    }

    /// Returns the reference in the short form that `docker` prints: `debian:12` for
    /// `docker.io/library/debian:12`.
    pub fn familiar(&self) -> String {
        let registry = self.normalized_registry();
        let repository = self.normalized_repository();

        let mut text = if registry == DEFAULT_REGISTRY {
            // Only a name directly under `library/` is official, so `library/a/b` keeps its prefix.
            match repository.strip_prefix(OFFICIAL_REPOSITORY_PREFIX) {
                Some(name) if !name.contains('/') => name.to_owned(),
                _ => repository,
            }
        } else {
            format!("{registry}/{repository}")
        };
        if let Some(tag) = &self.tag {
            text.push(':');
            text.push_str(tag);
        }
        if let Some(digest) = &self.digest {
            text.push('@');
            text.push_str(digest);
        }
        text
    }

    /// Checks the length of the repository path as distribution measures it: with `library/`
    /// when implied, and with the registry when that is only valid as a path component.
    fn check_repository_length(&self, split: &Split<'_>) -> Result<(), ReferenceError> {
        let mut length = self.normalized_repository().len();
        if let Some(registry) = split.registry
            && !is_domain_and_port(registry.text)
            && registry.text != LEGACY_DEFAULT_REGISTRY
        {
            length += registry.text.len() + 1;
        }

        if length > MAX_REPOSITORY_LENGTH {
            return Err(ReferenceError::new(
                format!("repository name must not be more than {MAX_REPOSITORY_LENGTH} characters"),
                split.repository.offset,
            ));
        }
        Ok(())
    }
}

impl fmt::Display for ImageReference {
    /// Writes the reference as it was written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(registry) = &self.registry {
            write!(f, "{registry}/")?;
        }
        f.write_str(&self.repository)?;
        if let Some(tag) = &self.tag {
            write!(f, ":{tag}")?;
        }
        if let Some(digest) = &self.digest {
            write!(f, "@{digest}")?;
        }
        Ok(())
    }
}

/// Splits `input` into registry, repository, tag and digest the way distribution's
/// `splitDockerDomain` and reference pattern do, without checking the parts.
fn split_reference(input: &str) -> Split<'_> {
    let (registry, rest) = match input.split_once('/') {
        Some((first, rest)) if is_registry_like(first) => (
            Some(Part {
                text: first,
                offset: 0,
            }),
            Part {
                text: rest,
                offset: first.len() + 1,
            },
        ),
        _ => (
            None,
            Part {
                text: input,
                offset: 0,
            },
        ),
    };

    // Neither a name nor a tag contains `@`, so the first `@` starts the digest.
    let (name_and_tag, digest) = split_part(rest, rest.text.find('@'));
    // A tag contains neither `:` nor `/`, and a repository path contains no `:`, so a `:`
    // after the last `/` starts the tag.
    let colon = name_and_tag.text.rfind(':');
    let slash = name_and_tag.text.rfind('/');
    let tag_colon = colon.filter(|&colon| slash.is_none_or(|slash| colon > slash));
    let (repository, tag) = split_part(name_and_tag, tag_colon);

    Split {
        registry,
        repository,
        tag,
        digest,
    }
}

/// Splits `part` around the one-byte separator at `separator`, if any.
fn split_part(part: Part<'_>, separator: Option<usize>) -> (Part<'_>, Option<Part<'_>>) {
    let Some(index) = separator else {
        return (part, None);
    };
    let before = Part {
        text: part.text.get(..index).unwrap_or_default(),
        offset: part.offset,
    };
    let after = Part {
        text: part.text.get(index + 1..).unwrap_or_default(),
        offset: part.offset + index + 1,
    };
    (before, Some(after))
}

/// Tells whether distribution reads `component`, the text before the first `/`, as a registry.
fn is_registry_like(component: &str) -> bool {
    component == "localhost"
        || component == LEGACY_DEFAULT_REGISTRY
        || component.contains(['.', ':'])
        || component.to_lowercase() != component
}

/// Rejects a repository with uppercase letters before the whole reference is checked, as
/// `ParseNormalizedNamed` does. Docker's message names the repository with `library/` when
/// implied, and with anything after it up to the first `:`.
fn check_lowercase_remote(input: &str, split: &Split<'_>) -> Result<(), ReferenceError> {
    let rest_offset = split.repository.offset;
    let rest = input.get(rest_offset..).unwrap_or_default();
    let remote = rest.split(':').next().unwrap_or_default();
    if remote.to_lowercase() == remote {
        return Ok(());
    }

    let implied_registry = split.registry.is_none_or(|registry| {
        registry.text == DEFAULT_REGISTRY || registry.text == LEGACY_DEFAULT_REGISTRY
    });
    let prefix = if implied_registry && !rest.contains('/') {
        OFFICIAL_REPOSITORY_PREFIX
    } else {
        ""
    };
    Err(ReferenceError::new(
        format!("invalid reference format: repository name ({prefix}{remote}) must be lowercase"),
        rest_offset,
    ))
}

/// Checks every part against distribution's reference pattern. When only uppercase letters
/// keep a reference from matching, the error is distribution's "must be lowercase".
fn check_syntax(split: &Split<'_>) -> Result<(), ReferenceError> {
    let Err(error) = find_syntax_error(split, false) else {
        return Ok(());
    };
    if find_syntax_error(split, true).is_ok() {
        return Err(ReferenceError::new(
            "repository name must be lowercase",
            error.offset,
        ));
    }
    Err(error)
}

/// Returns the first part, in input order, that does not match its pattern. With `lowercase`,
/// each part is checked as if lowercased.
fn find_syntax_error(split: &Split<'_>, lowercase: bool) -> Result<(), ReferenceError> {
    let text = |part: Part<'_>| {
        if lowercase {
            part.text.to_lowercase()
        } else {
            part.text.to_owned()
        }
    };

    if let Some(registry) = split.registry {
        let host = text(registry);
        // Distribution reads a first component that is not a valid host as part of the path.
        if !is_domain_and_port(&host) && !is_path_component(&host) {
            return Err(ReferenceError::new(
                format!(
                    "invalid reference format: invalid registry {:?}: expected a host name, an \
                     IPv4 address or an IPv6 address in brackets, and an optional :port",
                    registry.text
                ),
                registry.offset,
            ));
        }
    }

    let repository = text(split.repository);
    let mut offset = split.repository.offset;
    for (component, original) in repository.split('/').zip(split.repository.text.split('/')) {
        if !is_path_component(component) {
            return Err(ReferenceError::new(
                format!(
                    "invalid reference format: invalid repository name component {original:?}: \
                     expected lowercase letters and digits separated by '.', '_', '__' or \
                     runs of '-'"
                ),
                offset,
            ));
        }
        offset += original.len() + 1;
    }

    if let Some(tag) = split.tag
        && !is_tag(&text(tag))
    {
        return Err(ReferenceError::new(
            format!(
                "invalid reference format: invalid tag {:?}: expected 1 to {MAX_TAG_LENGTH} \
                 letters, digits, '_', '.' or '-', not starting with '.' or '-'",
                tag.text
            ),
            tag.offset,
        ));
    }

    if let Some(digest) = split.digest
        && !is_digest_syntax(&text(digest))
    {
        return Err(ReferenceError::new(
            format!(
                "invalid reference format: invalid digest {:?}: expected an algorithm, ':' and \
                 at least {MIN_DIGEST_DIGITS} hexadecimal digits",
                digest.text
            ),
            digest.offset,
        ));
    }
    Ok(())
}

/// Checks the algorithm and the encoded part of a digest that matches the reference pattern,
/// as go-digest's `Digest.Validate` does.
fn check_digest_algorithm(digest: Part<'_>) -> Result<(), ReferenceError> {
    let (algorithm, encoded) = digest.text.split_once(':').unwrap_or((digest.text, ""));

    let Some(&(_, digits)) = DIGEST_ALGORITHMS
        .iter()
        .find(|(name, _)| *name == algorithm)
    else {
        // go-digest reports an algorithm it does not know as unsupported only when the
        // algorithm is in its own lowercase syntax.
        let message = if is_go_digest_algorithm(algorithm) {
            format!("unsupported digest algorithm {algorithm:?}: use sha256, sha384 or sha512")
        } else {
            format!("invalid checksum digest format: invalid algorithm {algorithm:?}")
        };
        return Err(ReferenceError::new(message, digest.offset));
    };

    if encoded.len() != digits {
        return Err(ReferenceError::new(
            format!(
                "invalid checksum digest length: a {algorithm} digest has {digits} hexadecimal \
                 digits, not {}",
                encoded.len()
            ),
            digest.offset,
        ));
    }
    if !encoded.bytes().all(is_lower_hex) {
        return Err(ReferenceError::new(
            format!(
                "invalid checksum digest format: a {algorithm} digest is written in lowercase \
                 hexadecimal digits"
            ),
            digest.offset,
        ));
    }
    Ok(())
}

fn is_lower_hex(byte: u8) -> bool {
    matches!(byte, b'0'..=b'9' | b'a'..=b'f')
}

fn is_lower_alphanumeric(byte: u8) -> bool {
    matches!(byte, b'a'..=b'z' | b'0'..=b'9')
}

/// Matches `[a-z0-9]+` runs joined by one separator each: `.`, `_`, `__` or a run of `-`.
fn is_path_component(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut index = 0;
    loop {
        let run_start = index;
        while bytes.get(index).copied().is_some_and(is_lower_alphanumeric) {
            index += 1;
        }
        if index == run_start {
            return false;
        }

        match bytes.get(index) {
            None => return true,
            Some(b'.') => index += 1,
            Some(b'_') => {
                index += 1;
                if bytes.get(index) == Some(&b'_') {
                    index += 1;
                }
            }
            Some(b'-') => {
                while bytes.get(index) == Some(&b'-') {
                    index += 1;
                }
            }
            Some(_) => return false,
        }
    }
}

/// Matches a host (DNS-like name, IPv4 address or bracketed IPv6 address) with an optional
/// `:port`.
fn is_domain_and_port(text: &str) -> bool {
    let (host, port) = if let Some(inner) = text.strip_prefix('[') {
        let Some((address, after)) = inner.split_once(']') else {
            return false;
        };
        let valid_address =
            !address.is_empty() && address.bytes().all(|b| b.is_ascii_hexdigit() || b == b':');
        if !valid_address {
            return false;
        }
        (None, after)
    } else {
        match text.find(':') {
            Some(colon) => (text.get(..colon), text.get(colon..).unwrap_or_default()),
            None => (Some(text), ""),
        }
    };

    if let Some(name) = host
        && !name.split('.').all(is_domain_component)
    {
        return false;
    }
    port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// Matches a DNS label: ASCII letters, digits and inner `-`, in any case.
fn is_domain_component(label: &str) -> bool {
    let bytes = label.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        }
        _ => false,
    }
}

/// Matches `[\w][\w.-]{0,127}` with ASCII `\w`.
fn is_tag(text: &str) -> bool {
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = text.as_bytes();
    bytes.first().is_some_and(|&first| is_word(first))
        && bytes.len() <= MAX_TAG_LENGTH
        && bytes.iter().all(|&b| is_word(b) || b == b'.' || b == b'-')
}

/// Matches distribution's digest pattern: an algorithm of letter-led alphanumeric runs joined
/// by `-`, `_`, `+` or `.`, then `:` and at least 32 hexadecimal digits in any case.
fn is_digest_syntax(text: &str) -> bool {
    let Some((algorithm, encoded)) = text.split_once(':') else {
        return false;
    };
    let valid_algorithm = algorithm.split(['-', '_', '+', '.']).all(|component| {
        let bytes = component.as_bytes();
        bytes.first().is_some_and(u8::is_ascii_alphabetic)
            && bytes.iter().all(u8::is_ascii_alphanumeric)
    });
    valid_algorithm
        && encoded.len() >= MIN_DIGEST_DIGITS
        && encoded.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Matches the algorithm part of go-digest's own digest pattern: lowercase alphanumeric runs
/// joined by `.`, `+`, `_` or `-`.
fn is_go_digest_algorithm(algorithm: &str) -> bool {
    algorithm
        .split(['.', '+', '_', '-'])
        .all(|component| !component.is_empty() && component.bytes().all(is_lower_alphanumeric))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA256: &str = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    fn parse(input: &str) -> Result<ImageReference, ReferenceError> {
        ImageReference::parse(input)
    }

    #[test]
    fn parse_keeps_parts_as_written() {
        let digest_input = format!("debian@{SHA256}");
        let both_input = format!("localhost:5000/a/b:v1@{SHA256}");
        // input, registry, repository, tag, digest
        let cases: [(&str, _, &str, _, _); 16] = [
            ("debian", None, "debian", None, None),
            ("debian:12", None, "debian", Some("12"), None),
            ("scratch", None, "scratch", None, None),
            ("library/debian", None, "library/debian", None, None),
            ("docker.io/debian", Some("docker.io"), "debian", None, None),
            (
                "docker.io/library/debian:12",
                Some("docker.io"),
                "library/debian",
                Some("12"),
                None,
            ),
            (
                "index.docker.io/debian",
                Some("index.docker.io"),
                "debian",
                None,
                None,
            ),
            ("localhost/app", Some("localhost"), "app", None, None),
            (
                "localhost:5000/x:1",
                Some("localhost:5000"),
                "x",
                Some("1"),
                None,
            ),
            ("localhost:5000", None, "localhost", Some("5000"), None),
            (
                "ghcr.io/org/tool:v1.2.3",
                Some("ghcr.io"),
                "org/tool",
                Some("v1.2.3"),
                None,
            ),
            ("Registry/app", Some("Registry"), "app", None, None),
            ("[::1]:5000/app", Some("[::1]:5000"), "app", None, None),
            ("a-b__c/d---e.f_g", None, "a-b__c/d---e.f_g", None, None),
            (&digest_input, None, "debian", None, Some(SHA256)),
            (
                &both_input,
                Some("localhost:5000"),
                "a/b",
                Some("v1"),
                Some(SHA256),
            ),
        ];
        for (input, registry, repository, tag, digest) in cases {
            let expected = ImageReference {
                registry: registry.map(str::to_owned),
                repository: repository.to_owned(),
                tag: tag.map(str::to_owned),
                digest: digest.map(str::to_owned),
            };
            assert_eq!(parse(input), Ok(expected.clone()), "input {input:?}");
            assert_eq!(expected.to_string(), input, "display of {input:?}");
        }
    }

    #[test]
    fn normalized_forms_follow_docker() {
        // input, normalized registry, normalized repository, familiar form
        let cases = [
            ("debian", "docker.io", "library/debian", "debian"),
            ("debian:12", "docker.io", "library/debian", "debian:12"),
            ("library/debian", "docker.io", "library/debian", "debian"),
            ("docker.io/debian", "docker.io", "library/debian", "debian"),
            (
                "docker.io/library/debian",
                "docker.io",
                "library/debian",
                "debian",
            ),
            (
                "index.docker.io/library/debian:12",
                "docker.io",
                "library/debian",
                "debian:12",
            ),
            (
                "docker.io/library",
                "docker.io",
                "library/library",
                "library",
            ),
            ("library", "docker.io", "library/library", "library"),
            ("library/a/b", "docker.io", "library/a/b", "library/a/b"),
            ("org/app", "docker.io", "org/app", "org/app"),
            ("docker.io", "docker.io", "library/docker.io", "docker.io"),
            ("localhost/app:1", "localhost", "app", "localhost/app:1"),
            (
                "ghcr.io/org/tool",
                "ghcr.io",
                "org/tool",
                "ghcr.io/org/tool",
            ),
            ("quay.io/debian", "quay.io", "debian", "quay.io/debian"),
        ];
        for (input, registry, repository, familiar) in cases {
            let Ok(reference) = parse(input) else {
                panic!("{input:?} must parse");
            };
            assert_eq!(reference.normalized_registry(), registry, "input {input:?}");
            assert_eq!(
                reference.normalized_repository(),
                repository,
                "input {input:?}"
            );
            assert_eq!(reference.familiar(), familiar, "input {input:?}");
        }
    }

    #[test]
    fn familiar_keeps_tag_and_digest() {
        let input = format!("docker.io/library/debian:12@{SHA256}");
        let familiar = parse(&input).map(|reference| reference.familiar());
        assert_eq!(familiar, Ok(format!("debian:12@{SHA256}")));
    }

    #[test]
    fn parse_rejects_invalid_references() {
        let long_name = "a".repeat(248);
        let long_tag = format!("debian:{}", "t".repeat(129));
        let short_digest = format!("debian@{}", &SHA256[..SHA256.len() - 1]);
        let upper_digest = format!("debian@sha256:{}", "A".repeat(64));
        let unknown_algorithm = format!("debian@md5:{}", "0".repeat(32));
        let upper_algorithm = format!("debian:1@SHA256:{}", "0".repeat(64));
        let upper_algorithm_untagged = format!("debian@SHA256:{}", "0".repeat(64));
        let hex_name = "0".repeat(64);
        // input, offset, start of the message
        let cases: [(&str, usize, &str); 23] = [
            ("", 0, "invalid reference format: the reference is empty"),
            (
                "Debian",
                0,
                "invalid reference format: repository name (library/Debian) must be lowercase",
            ),
            (
                "org/App:1",
                0,
                "invalid reference format: repository name (org/App) must be lowercase",
            ),
            (
                "ghcr.io/Org/app",
                8,
                "invalid reference format: repository name (Org/app) must be lowercase",
            ),
            ("My_Registry/app", 0, "repository name must be lowercase"),
            (
                "my registry.io/app",
                0,
                "invalid reference format: invalid registry \"my registry.io\"",
            ),
            (
                "localhost:port/app",
                0,
                "invalid reference format: invalid registry",
            ),
            (
                "-bad.io/app",
                0,
                "invalid reference format: invalid registry",
            ),
            (
                "a//b",
                2,
                "invalid reference format: invalid repository name component \"\"",
            ),
            (
                "a/b/",
                4,
                "invalid reference format: invalid repository name component \"\"",
            ),
            (
                "debian/-x",
                7,
                "invalid reference format: invalid repository name component \"-x\"",
            ),
            (
                "a___b",
                0,
                "invalid reference format: invalid repository name component",
            ),
            ("debian:", 7, "invalid reference format: invalid tag \"\""),
            (
                "debian:.x",
                7,
                "invalid reference format: invalid tag \".x\"",
            ),
            (&long_tag, 7, "invalid reference format: invalid tag"),
            (
                "debian@",
                7,
                "invalid reference format: invalid digest \"\"",
            ),
            (
                "debian@sha256:abc",
                7,
                "invalid reference format: invalid digest",
            ),
            (
                &short_digest,
                7,
                "invalid checksum digest length: a sha256 digest has 64",
            ),
            (&upper_digest, 7, "invalid checksum digest format"),
            (
                &unknown_algorithm,
                7,
                "unsupported digest algorithm \"md5\"",
            ),
            (
                &upper_algorithm,
                9,
                "invalid checksum digest format: invalid algorithm \"SHA256\"",
            ),
            // Docker checks the name up to the first `:` for uppercase first.
            (
                &upper_algorithm_untagged,
                0,
                "invalid reference format: repository name (library/debian@SHA256)",
            ),
            (&hex_name, 0, "invalid repository name (000"),
        ];
        for (input, offset, message) in cases {
            let error = parse(input).err();
            assert!(
                error
                    .as_ref()
                    .is_some_and(|e| e.message.starts_with(message)),
                "input {input:?}: expected {message:?}, got {error:?}"
            );
            assert_eq!(error.map(|e| e.offset), Some(offset), "input {input:?}");
        }

        let error = parse(&long_name).err();
        assert_eq!(
            error,
            Some(ReferenceError::new(
                "repository name must not be more than 255 characters",
                0
            ))
        );
    }

    #[test]
    fn repository_length_counts_implied_prefix() {
        // 247 characters plus `library/` is exactly 255.
        assert!(parse(&"a".repeat(247)).is_ok());
        assert!(parse(&format!("org/{}", "a".repeat(251))).is_ok());
        assert!(parse(&format!("org/{}", "a".repeat(252))).is_err());
        assert!(parse(&format!("registry.io/{}", "a".repeat(255))).is_ok());
    }

    #[test]
    fn registry_port_is_not_a_tag() {
        let reference = parse("registry.local:5000/team/app");
        let reference = reference.ok();
        assert_eq!(
            reference.as_ref().and_then(|r| r.registry.as_deref()),
            Some("registry.local:5000")
        );
        assert_eq!(reference.as_ref().and_then(|r| r.tag.as_deref()), None);
    }

    #[test]
    fn underscore_registry_is_read_as_path() {
        // Distribution accepts the first component as a path component when it is not a host.
        let reference = parse("my_registry.local/app");
        assert_eq!(
            reference.map(|r| (r.normalized_registry().to_owned(), r.familiar())),
            Ok((
                "my_registry.local".to_owned(),
                "my_registry.local/app".to_owned()
            ))
        );
    }

    #[test]
    fn sha512_digest_is_accepted() {
        let digest = format!("sha512:{}", "ab".repeat(64));
        let reference = parse(&format!("debian@{digest}"));
        assert_eq!(reference.map(|r| r.digest), Ok(Some(digest)));
    }

    #[test]
    fn malformed_input_never_panics() {
        let pieces = [
            "a", "A", "/", ":", "@", ".", "_", "-", "[", "]", "1", "é", "",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        let _ = parse(&format!("{a}{b}{c}{d}"));
                    }
                }
            }
        }
    }
}
