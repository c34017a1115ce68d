//! Validators for the value types of hadolint's label schema.

use super::spdx_ids::SPDX_LICENSE_IDS;

/// Returns true for an absolute URI as RFC 3986 defines it: a scheme, `:`, and a hierarchical
/// part, query and fragment made of allowed characters and valid percent-escapes.
pub fn is_absolute_uri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut scheme_chars = scheme.chars();
    let scheme_valid = scheme_chars
        .next()
        .is_some_and(|ch| ch.is_ascii_alphabetic())
        && scheme_chars.all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '+' | '-' | '.'));
    if !scheme_valid {
        return false;
    }
    let (before_fragment, fragment) = rest.split_once('#').unwrap_or((rest, ""));
    let (hierarchy, query) = before_fragment
        .split_once('?')
        .unwrap_or((before_fragment, ""));
    let path = match hierarchy.strip_prefix("//") {
        Some(after) => {
            let end = after.find('/').unwrap_or(after.len());
            if !is_authority(&after[..end]) {
                return false;
            }
            &after[end..]
        }
        None => hierarchy,
    };
    is_uri_text(path, "/:@") && is_uri_text(query, "/:@?") && is_uri_text(fragment, "/:@?")
}

/// Returns true if `text` has only unreserved characters, sub-delimiters, the characters of
/// `extra` and valid percent-escapes.
fn is_uri_text(text: &str, extra: &str) -> bool {
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte == b'%' {
            let escape_valid = bytes
                .get(index + 1..index + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit));
            if !escape_valid {
                return false;
            }
            index += 3;
            continue;
        }
        let allowed = byte.is_ascii_alphanumeric()
            || b"-._~!$&'()*+,;=".contains(&byte)
            || extra.as_bytes().contains(&byte);
        if !allowed {
            return false;
        }
        index += 1;
    }
    true
}

/// Returns true for `[userinfo@]host[:port]`, where host is a name, an IPv4 address or an IP
/// literal in brackets.
fn is_authority(authority: &str) -> bool {
    let host_port = match authority.rsplit_once('@') {
        Some((userinfo, host_port)) => {
            if !is_uri_text(userinfo, ":") {
                return false;
            }
            host_port
        }
        None => authority,
    };
    let (host, port) = if let Some(literal) = host_port.strip_prefix('[') {
        let Some((inside, after)) = literal.split_once(']') else {
            return false;
        };
        let inside_valid = !inside.is_empty()
            && inside
                .chars()
                .all(|ch| ch.is_ascii_hexdigit() || matches!(ch, ':' | '.' | 'v' | 'V'));
        if !inside_valid {
            return false;
        }
        match after {
            "" => return true,
            _ => match after.strip_prefix(':') {
                Some(port) => ("", port),
                None => return false,
            },
        }
    } else {
        host_port.rsplit_once(':').unwrap_or((host_port, ""))
    };
    is_uri_text(host, "") && port.bytes().all(|byte| byte.is_ascii_digit())
}

/// Returns true for an RFC 3339 date and time, such as `2024-05-01T12:30:00Z` or
/// `2024-05-01T12:30:00.5+02:00`. `T` and `Z` may be lower case, as RFC 3339 allows.
pub fn is_rfc3339(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() < 20 || !text.is_ascii() {
        return false;
    }

    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = &text[range];
        part.bytes()
            .all(|byte| byte.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let separators = bytes[4] == b'-'
        && bytes[7] == b'-'
        && matches!(bytes[10], b'T' | b't')
        && bytes[13] == b':'
        && bytes[16] == b':';
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        number(0..4),
        number(5..7),
        number(8..10),
        number(11..13),
        number(14..16),
        number(17..19),
    ) else {
        return false;
    };
    if !separators
        || !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return false;
    }

    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        rest = &fraction[digits..];
    }
    if rest == "Z" || rest == "z" {
        return true;
    }

    let offset = rest.as_bytes();
    offset.len() == 6
        && matches!(offset[0], b'+' | b'-')
        && offset[3] == b':'
        && number(text.len() - 5..text.len() - 3).is_some_and(|hours| hours <= 23)
        && number(text.len() - 2..text.len()).is_some_and(|minutes| minutes <= 59)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Returns true for a version as Semantic Versioning 2.0.0 defines it:
/// `MAJOR.MINOR.PATCH`, then an optional `-pre.release` and `+build.metadata`.
pub fn is_semver(text: &str) -> bool {
    let (rest, build) = match text.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (text, None),
    };
    let (core, pre_release) = match rest.split_once('-') {
        Some((core, pre_release)) => (core, Some(pre_release)),
        None => (rest, None),
    };
    let numbers: Vec<&str> = core.split('.').collect();
    let is_identifier_text = |part: &str| {
        !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    let is_numeric = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let no_leading_zero = |part: &str| part == "0" || !part.starts_with('0');
    numbers.len() == 3
        && numbers
            .iter()
            .all(|part| is_numeric(part) && no_leading_zero(part))
        && pre_release.is_none_or(|pre_release| {
            pre_release.split('.').all(|part| {
                is_identifier_text(part) && (!is_numeric(part) || no_leading_zero(part))
            })
        })
        && build.is_none_or(|build| build.split('.').all(is_identifier_text))
}

/// Returns true for an abbreviated (7 characters) or full (40 characters) Git commit hash in
/// lower-case hexadecimal.
pub fn is_git_hash(text: &str) -> bool {
    matches!(text.len(), 7 | 40)
        && text
            .bytes()
            .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte))
}

/// Returns true for a single SPDX license identifier, compared without regard to case as the
/// SPDX specification says. Expressions such as `MIT OR Apache-2.0` are not identifiers.
pub fn is_spdx_license_id(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    SPDX_LICENSE_IDS
        .binary_search_by(|id| id.to_ascii_lowercase().cmp(&lower))
        .is_ok()
}

/// Returns true for an e-mail address as RFC 5322 defines `addr-spec`: a local part that is a
/// dot-atom or a quoted string, `@`, and a domain that is a dot-atom or a domain literal.
/// Comments and the obsolete forms are not accepted.
pub fn is_email(text: &str) -> bool {
    let Some(at) = local_part_end(text) else {
        return false;
    };
    let (local, domain) = (&text[..at], &text[at + 1..]);
    let local_valid = if local.starts_with('"') {
        is_quoted_string(local)
    } else {
        is_dot_atom(local)
    };
    let domain_valid = match domain.strip_prefix('[') {
        Some(literal) => literal.strip_suffix(']').is_some_and(|inside| {
            inside
                .bytes()
                .all(|byte| (33..=126).contains(&byte) && !b"[]\\".contains(&byte))
        }),
        None => is_dot_atom(domain),
    };
    local_valid && domain_valid
}

/// Returns the offset of the `@` that ends the local part, skipping a quoted local part.
fn local_part_end(text: &str) -> Option<usize> {
    if !text.starts_with('"') {
        return text.rfind('@');
    }
    let bytes = text.as_bytes();
    let mut index = 1;
    while index < bytes.len() {
        match bytes[index] {
            b'\\' => index += 2,
            b'"' => return (bytes.get(index + 1) == Some(&b'@')).then_some(index + 1),
            _ => index += 1,
        }
    }
    None
}

fn is_dot_atom(text: &str) -> bool {
    const ATEXT_SYMBOLS: &[u8] = b"!#$%&'*+-/=?^_`{|}~";
    !text.is_empty()
        && text.split('.').all(|atom| {
            !atom.is_empty()
                && atom
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || ATEXT_SYMBOLS.contains(&byte))
        })
}

fn is_quoted_string(text: &str) -> bool {
    let Some(inside) = text
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    else {
        return false;
    };
    let bytes = inside.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'\\' => {
                if !bytes
                    .get(index + 1)
                    .is_some_and(|next| (32..=126).contains(next))
                {
                    return false;
                }
                index += 2;
            }
            b'"' => return false,
            byte if (32..=126).contains(&byte) || byte == b'\t' => index += 1,
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_forms() {
        for valid in [
            "https://example.com",
            "https://user:pw@example.com:8443/a/b?x=1&y=%20#top",
            "http://[::1]:80/",
            "urn:isbn:0451450523",
            "mailto:me@example.com",
        ] {
            assert!(is_absolute_uri(valid), "{valid}");
        }
        for invalid in [
            "example.com",
            "/relative/path",
            "https://exa mple.com",
            "1http://x",
            "https://x/%zz",
            "https://x:port/",
            "",
        ] {
            assert!(!is_absolute_uri(invalid), "{invalid}");
        }
    }

    #[test]
    fn rfc3339_forms() {
        for valid in [
            "2024-05-01T12:30:00Z",
            "2024-02-29T23:59:60.123+02:00",
            "2024-05-01t12:30:00z",
            "1999-12-31T00:00:00-08:00",
        ] {
            assert!(is_rfc3339(valid), "{valid}");
        }
        for invalid in [
            "2024-05-01",
            "2023-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-05-01T24:00:00Z",
            "2024-05-01T12:30:00",
            "2024-05-01T12:30:00.Z",
            "2024-05-01T12:30:00+0200",
            "2024-05-01 12:30:00Z",
            "２０２４-05-01T12:30:00Z",
        ] {
            assert!(!is_rfc3339(invalid), "{invalid}");
        }
    }

    #[test]
    fn semver_forms() {
        for valid in [
            "1.0.0",
            "0.1.2-alpha.1",
            "1.2.3-rc.1+build.5",
            "1.0.0+20130313144700",
            "1.0.0-x-y",
        ] {
            assert!(is_semver(valid), "{valid}");
        }
        for invalid in [
            "1.0",
            "v1.0.0",
            "01.0.0",
            "1.0.0-01",
            "1.0.0-",
            "1.0.0+",
            "1.0.0-a..b",
            "1.0.0.0",
        ] {
            assert!(!is_semver(invalid), "{invalid}");
        }
    }

    #[test]
    fn git_hash_forms() {
        assert!(is_git_hash("1a2b3c4"));
        assert!(is_git_hash("0123456789abcdef0123456789abcdef01234567"));
        assert!(!is_git_hash("1A2B3C4"));
        assert!(!is_git_hash("1a2b3c"));
        assert!(!is_git_hash("1a2b3c4g"));
    }

    #[test]
    fn spdx_ids() {
        assert!(is_spdx_license_id("MIT"));
        assert!(is_spdx_license_id("apache-2.0"));
        assert!(is_spdx_license_id("GPL-2.0"));
        assert!(is_spdx_license_id("0BSD"));
        assert!(!is_spdx_license_id("MIT OR Apache-2.0"));
        assert!(!is_spdx_license_id("Apache 2"));
        assert!(!is_spdx_license_id(""));
    }

    #[test]
    fn spdx_list_is_sorted() {
        let lower: Vec<String> = SPDX_LICENSE_IDS
            .iter()
            .map(|id| id.to_ascii_lowercase())
            .collect();
        assert!(lower.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn email_forms() {
        for valid in [
            "me@example.com",
            "first.last+tag@sub.example.org",
            "\"john doe\"@example.com",
            "\"a@b\"@example.com",
            "user@[192.168.0.1]",
            "x@localhost",
        ] {
            assert!(is_email(valid), "{valid}");
        }
        for invalid in [
            "plainaddress",
            "@example.com",
            "me@",
            "me..x@example.com",
            ".me@example.com",
            "me@example..com",
            "John Doe <me@example.com>",
            "me@exa mple.com",
            "\"unterminated@example.com",
        ] {
            assert!(!is_email(invalid), "{invalid}");
        }
    }
}
