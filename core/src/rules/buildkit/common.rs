//! Readings that several BuildKit checks share: name suggestions, keyword casing, platform
//! strings and the image configuration the lint was given.

use std::ops::Range;

use crate::image::config::ImageConfig;
use crate::model::{Base, Model};
use crate::rules::Context;
use crate::source::Span;
use crate::syntax::ast::{Arguments, Keyword, Word};

/// The build arguments BuildKit defines before the first `FROM` of every build
/// (`defaultArgs` in `frontend/dockerfile/dockerfile2llb/platform.go`).
pub const PLATFORM_ARG_NAMES: [&str; 11] = [
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDOSVERSION",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETOSVERSION",
    "TARGETARCH",
    "TARGETVARIANT",
    "TARGETSTAGE",
];

/// Names longer than this, in characters, get no suggestion.
const MAX_SUGGESTED_LENGTH: usize = 256;

/// Returns the option closest to `value` by Levenshtein distance, if one is at most 2 edits
/// away and none equals it, as BuildKit's `suggest.Search` does.
///
/// Ties go to the first option of `options`. Without `case_sensitive`, the comparison ignores
/// ASCII case and the suggestion takes the case of `value` when `value` is all lower or all
/// upper case.
pub fn suggest<'a>(
    value: &str,
    options: impl IntoIterator<Item = &'a str>,
    case_sensitive: bool,
) -> Option<String> {
    let fold = |text: &str| {
        if case_sensitive {
            text.to_string()
        } else {
            text.to_lowercase()
        }
    };
    let wanted: Vec<char> = fold(value).chars().collect();
    // The distance costs length times length; names this long are not misspellings anyway.
    if wanted.len() > MAX_SUGGESTED_LENGTH {
        return None;
    }
    let mut best: Option<String> = None;
    let mut best_distance = 3;
    for option in options {
        let folded = fold(option);
        let candidate: Vec<char> = folded.chars().collect();
        if candidate == wanted {
            return None;
        }
        // The distance is at least the difference in length.
        if candidate.len().abs_diff(wanted.len()) >= best_distance {
            continue;
        }
        let distance = levenshtein(&wanted, &candidate);
        if distance < best_distance {
            best_distance = distance;
            best = Some(if case_sensitive {
                option.to_string()
            } else {
                match_case(&folded, value)
            });
        }
    }
    best
}

fn match_case(suggestion: &str, original: &str) -> String {
    if original == original.to_lowercase() {
        suggestion.to_lowercase()
    } else if original == original.to_uppercase() {
        suggestion.to_uppercase()
    } else {
        suggestion.to_string()
    }
}

/// Returns the edit distance between two character sequences, each edit costing 1.
fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, &left) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, &right) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(left != right);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// Returns true if `text` is all lower case or all upper case, as BuildKit's
/// `isSelfConsistentCasing` reads it.
pub fn is_consistent_casing(text: &str) -> bool {
    text == text.to_lowercase() || text == text.to_uppercase()
}

/// Returns the span of the bytes `range` of `word.value`, or the span of the whole word when
/// its source text differs from its value (quotes, escapes or continuation lines in between).
pub fn word_part_span(word: &Word, range: Range<usize>) -> Span {
    if word.span.len() == word.value.len() && range.end <= word.value.len() {
        Span::new(word.span.start + range.start, word.span.start + range.end)
    } else {
        word.span
    }
}

/// A platform as containerd's `platforms.Parse` reads it, normalized.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Platform {
    pub os: String,
    pub architecture: String,
    pub variant: String,
}

impl Platform {
    /// Parses `os[/arch[/variant]]`, or a lone OS or architecture.
    ///
    /// containerd completes a lone OS or architecture with that of the machine it runs on.
    /// plimsoll assumes a linux/amd64 builder, so a lone OS gets amd64 and a lone
    /// architecture gets linux.
    pub fn parse(text: &str) -> Option<Platform> {
        let text = text.to_ascii_lowercase();
        let parts: Vec<&str> = text.split('/').collect();
        let valid_part = |part: &&str| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '_' | '-' | '.'))
        };
        if !parts.iter().all(valid_part) {
            return None;
        }
        match parts.as_slice() {
            [single] => {
                let os = normalize_os(single);
                if KNOWN_OS.contains(&os.as_str()) {
                    return Some(Platform {
                        os,
                        architecture: "amd64".to_string(),
                        variant: String::new(),
                    });
                }
                let (architecture, variant) = normalize_architecture(single, "");
                KNOWN_ARCHITECTURES
                    .contains(&architecture.as_str())
                    .then(|| Platform {
                        os: "linux".to_string(),
                        architecture,
                        variant,
                    })
            }
            [os, architecture] => {
                let (architecture, variant) = normalize_architecture(architecture, "");
                Some(Platform {
                    os: normalize_os(os),
                    architecture,
                    variant,
                })
            }
            [os, architecture, variant] => {
                let (architecture, variant) = normalize_architecture(architecture, variant);
                Some(Platform {
                    os: normalize_os(os),
                    architecture,
                    variant,
                })
            }
            _ => None,
        }
    }

    /// Formats the platform as `os/arch[/variant]`.
    pub fn format(&self) -> String {
        if self.variant.is_empty() {
            format!("{}/{}", self.os, self.architecture)
        } else {
            format!("{}/{}/{}", self.os, self.architecture, self.variant)
        }
    }
}

/// Go's `GOOS` values, against which containerd checks a lone OS.
const KNOWN_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
];

/// Go's `GOARCH` values, against which containerd checks a lone architecture.
const KNOWN_ARCHITECTURES: &[&str] = &[
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "ppc64",
    "ppc64le",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
];

fn normalize_os(os: &str) -> String {
    match os {
        "macos" => "darwin".to_string(),
        other => other.to_string(),
    }
}

/// Normalizes an architecture and variant the way containerd's `normalizeArch` does.
fn normalize_architecture(architecture: &str, variant: &str) -> (String, String) {
    let (architecture, variant) = match (architecture, variant) {
        ("i386", _) => ("386", ""),
        ("x86_64" | "x86-64" | "amd64", "v1") => ("amd64", ""),
        ("x86_64" | "x86-64" | "amd64", variant) => ("amd64", variant),
        ("aarch64" | "arm64", "8" | "v8" | "v8.0") => ("arm64", ""),
        ("aarch64" | "arm64", variant) => ("arm64", variant),
        ("armhf", _) => ("arm", "v7"),
        ("armel", _) => ("arm", "v6"),
        ("arm", "" | "7") => ("arm", "v7"),
        ("arm", "5") => ("arm", "v5"),
        ("arm", "6") => ("arm", "v6"),
        ("arm", "8") => ("arm", "v8"),
        (architecture, variant) => (architecture, variant),
    };
    (architecture.to_string(), variant.to_string())
}

/// Returns the image configuration given in the lint options if stage `index` builds on it.
/// The options describe the image of the first stage. A stage whose chain of `FROM <stage>`
/// parents starts at that same image reads it too.
pub fn base_image_of<'a>(
    model: &Model,
    base_image: Option<&'a ImageConfig>,
    index: usize,
) -> Option<&'a ImageConfig> {
    let config = base_image?;
    let first = model.stages.first()?;
    let Base::Image(_) = first.base else {
        return None;
    };
    let stage = model.stages.get(model.root(index))?;
    matches!(stage.base, Base::Image(_))
        .then_some(())
        .filter(|()| stage.image_expanded == first.image_expanded)
        .map(|()| config)
}

/// One port of an `EXPOSE`, split as BuildKit's `parsePort` splits `[ip:][host:]port[/proto]`.
#[derive(Debug, PartialEq, Eq)]
pub struct ExposedPort<'a> {
    pub ip: &'a str,
    pub host_port: &'a str,
    pub protocol: &'a str,
}

/// Splits an expanded `EXPOSE` entry, or returns `None` where BuildKit fails the build before
/// its checks run: no port, or a protocol other than tcp, udp and sctp.
pub fn split_exposed_port(raw: &str) -> Option<ExposedPort<'_>> {
    let parts: Vec<&str> = raw.split(':').collect();
    let (ip, host_port, container) = match parts.as_slice() {
        [container] => ("", "", *container),
        [host, container] => ("", *host, *container),
        [.., host, container] => {
            let ip_end = raw.len() - host.len() - container.len() - 2;
            (&raw[..ip_end], *host, *container)
        }
        [] => return None,
    };
    let (port, protocol) = container.split_once('/').unwrap_or((container, ""));
    if port.is_empty() {
        return None;
    }
    if !matches!(
        protocol.to_lowercase().as_str(),
        "" | "tcp" | "udp" | "sctp"
    ) {
        return None;
    }
    Some(ExposedPort {
        ip,
        host_port,
        protocol,
    })
}

/// Returns each `EXPOSE` entry of instruction `index` after expansion, with the word it came
/// from.
pub fn exposed_ports<'a>(
    context: &Context<'a>,
    index: usize,
) -> Vec<(String, &'a crate::syntax::ast::Word)> {
    let instruction = &context.instructions()[index];
    if instruction.keyword != Keyword::Expose {
        return Vec::new();
    }
    let Arguments::Words(words) = &instruction.arguments else {
        return Vec::new();
    };
    let mut ports = Vec::new();
    for word in words {
        let expanded = context.expand_or_keep(index, &word.value);
        for part in expanded.split_whitespace() {
            ports.push((part.to_string(), word));
        }
    }
    ports
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestion_within_two_edits() {
        assert_eq!(
            suggest("BULIDPLATFORM", ["BUILDPLATFORM", "TARGETOS"], true),
            Some("BUILDPLATFORM".to_string())
        );
        assert_eq!(suggest("FOO", ["BAR"], true), None);
        assert_eq!(suggest("foo", ["foo", "fo"], true), None);
    }

    #[test]
    fn suggestion_keeps_case_of_value() {
        assert_eq!(suggest("dir", ["DIRS"], false), Some("dirs".to_string()));
    }

    #[test]
    fn exposed_port_parts() {
        let port = split_exposed_port("127.0.0.1:80:80/TCP").unwrap();
        assert_eq!(
            (port.ip, port.host_port, port.protocol),
            ("127.0.0.1", "80", "TCP")
        );
        let port = split_exposed_port("[::1]:8080:8080").unwrap();
        assert_eq!((port.ip, port.host_port), ("[::1]", "8080"));
        assert_eq!(split_exposed_port("80/http"), None);
        assert_eq!(split_exposed_port("/tcp"), None);
    }

    #[test]
    fn platforms_are_normalized() {
        let platform = Platform::parse("linux/aarch64/v8").unwrap();
        assert_eq!(platform.format(), "linux/arm64");
        assert_eq!(
            Platform::parse("linux/arm").unwrap().format(),
            "linux/arm/v7"
        );
        assert_eq!(
            Platform::parse("windows").unwrap().format(),
            "windows/amd64"
        );
        assert_eq!(Platform::parse("arm64").unwrap().format(), "linux/arm64");
        assert_eq!(Platform::parse("nonsense"), None);
        assert_eq!(Platform::parse("linux/$ARCH"), None);
        assert_eq!(Platform::parse(""), None);
    }
}
