//! Checks that BuildKit applies after parsing, when it turns the syntax tree into build
//! instructions: known keywords, the flags each instruction accepts, argument counts.
//!
//! BuildKit stops the build at the first of these errors. Here each one is a diagnostic and
//! the instruction stays in the tree, so the rules still see the rest of the file.

use super::ast::*;
use crate::diagnostic::Diagnostic;
use crate::rules::syntax_rules::{InvalidFlag, InvalidSyntax, UnknownInstruction};
use crate::source::Span;

#[derive(Clone, Copy, PartialEq, Eq)]
enum FlagKind {
    String,
    Bool,
    /// A string flag that may be given more than once.
    Repeated,
    Duration,
    Integer,
}

fn allowed_flags(keyword: Keyword) -> &'static [(&'static str, FlagKind)] {
    use FlagKind::*;
    match keyword {
        Keyword::From => &[("platform", String)],
        Keyword::Copy => &[
            ("from", String),
            ("chown", String),
            ("chmod", String),
            ("link", Bool),
            ("parents", Bool),
            ("exclude", Repeated),
        ],
        Keyword::Add => &[
            ("chown", String),
            ("chmod", String),
            ("link", Bool),
            ("keep-git-dir", Bool),
            ("checksum", String),
            ("unpack", Bool),
            ("exclude", Repeated),
        ],
        Keyword::Run => &[
            ("mount", Repeated),
            ("network", String),
            ("security", String),
            ("device", Repeated),
        ],
        Keyword::Healthcheck => &[
            ("interval", Duration),
            ("timeout", Duration),
            ("start-period", Duration),
            ("start-interval", Duration),
            ("retries", Integer),
        ],
        _ => &[],
    }
}

/// Appends the errors BuildKit would raise for `instruction` when building.
pub fn instruction(instruction: &Instruction, out: &mut Vec<Diagnostic>) {
    check_instruction(instruction, out, false);
}

fn check_instruction(instruction: &Instruction, out: &mut Vec<Diagnostic>, in_onbuild: bool) {
    if instruction.keyword == Keyword::Unknown {
        let word = &instruction.keyword_text;
        let message = match suggest_keyword(&word.value) {
            Some(suggestion) => format!(
                "unknown instruction `{}` (did you mean `{suggestion}`?)",
                word.value
            ),
            None => format!("unknown instruction `{}`", word.value),
        };
        let span = if word.span.is_empty() {
            instruction.span
        } else {
            word.span
        };
        out.push(UnknownInstruction::META.diagnostic(span, message));
        return;
    }
    check_flags(instruction, out);
    check_arguments(instruction, out, in_onbuild);
}

fn check_flags(instruction: &Instruction, out: &mut Vec<Diagnostic>) {
    let allowed = allowed_flags(instruction.keyword);
    let keyword = instruction.name();
    let mut seen: Vec<&str> = Vec::new();
    for flag in &instruction.flags {
        let Some((_, kind)) = allowed.iter().find(|(name, _)| *name == flag.name) else {
            let message = match allowed
                .iter()
                .map(|(name, _)| *name)
                .min_by_key(|name| edit_distance(name, &flag.name))
            {
                Some(close) if edit_distance(close, &flag.name) <= 2 => format!(
                    "unknown flag `--{}` for {keyword} (did you mean `--{close}`?)",
                    flag.name
                ),
                _ => format!("unknown flag `--{}` for {keyword}", flag.name),
            };
            out.push(InvalidFlag::META.diagnostic(flag.span, message));
            continue;
        };
        if *kind != FlagKind::Repeated && seen.contains(&flag.name.as_str()) {
            out.push(InvalidFlag::META.diagnostic(
                flag.span,
                format!(
                    "duplicate flag `--{}`: {keyword} accepts it once",
                    flag.name
                ),
            ));
        }
        seen.push(&flag.name);
        let value_problem = check_flag_value(*kind, flag.value.as_deref()).or_else(|| {
            let value = flag.value.as_deref()?;
            match (instruction.keyword, flag.name.as_str()) {
                (Keyword::Run, "mount") => check_mount(value),
                (Keyword::Run, "network") => (!matches!(value, "default" | "none" | "host"))
                    .then(|| format!("`{value}` is not a network mode: use default, none or host")),
                (Keyword::Run, "security") => (!matches!(value, "sandbox" | "insecure"))
                    .then(|| format!("`{value}` is not a security mode: use sandbox or insecure")),
                _ => None,
            }
        });
        if let Some(problem) = value_problem {
            out.push(InvalidFlag::META.diagnostic(
                flag.span,
                format!("invalid value for `--{}`: {problem}", flag.name),
            ));
        }
    }
}

fn check_flag_value(kind: FlagKind, value: Option<&str>) -> Option<String> {
    match kind {
        FlagKind::Bool => match value {
            None | Some("true" | "false" | "TRUE" | "FALSE" | "True" | "False") => None,
            Some(other) => Some(format!("expected true or false, got `{other}`")),
        },
        FlagKind::String | FlagKind::Repeated => match value {
            None | Some("") => Some("the flag needs a value".to_string()),
            Some(_) => None,
        },
        FlagKind::Duration => {
            let value = value.unwrap_or("");
            match parse_go_duration(value) {
                Some(0) => None,
                Some(nanos) if nanos >= 1_000_000 => None,
                Some(_) => Some(format!("`{value}` is shorter than 1ms")),
                None => Some(format!("`{value}` is not a duration such as 30s or 1m30s")),
            }
        }
        FlagKind::Integer => match value.unwrap_or("").parse::<i64>() {
            Ok(number) if number >= 0 => None,
            Ok(_) => Some("the value must not be negative".to_string()),
            Err(_) => Some(format!("`{}` is not an integer", value.unwrap_or(""))),
        },
    }
}

/// Checks a `RUN --mount` value as BuildKit does when it builds: known keys, a known type,
/// keys that fit the type, and an id or target for secrets. Values with variables are
/// checked after expansion by BuildKit and are skipped here.
fn check_mount(value: &str) -> Option<String> {
    if value.contains('$') {
        return None;
    }
    let mut kind = "bind".to_string();
    let mut has_target = false;
    let mut has_source_or_id = false;
    for field in value
        .split(',')
        .map(str::trim)
        .filter(|field| !field.is_empty())
    {
        let (key, field_value) = match field.split_once('=') {
            Some((key, field_value)) => (key.to_ascii_lowercase(), Some(field_value)),
            None => (field.to_ascii_lowercase(), None),
        };
        match key.as_str() {
            "type" => {
                kind = field_value.unwrap_or("").to_ascii_lowercase();
                if !matches!(kind.as_str(), "bind" | "cache" | "tmpfs" | "secret" | "ssh") {
                    return Some(format!(
                        "unsupported mount type `{kind}`: use bind, cache, tmpfs, secret or ssh"
                    ));
                }
            }
            "target" | "dst" | "destination" => has_target = true,
            "source" | "src" | "id" => has_source_or_id = true,
            "from" | "env" | "readonly" | "ro" | "readwrite" | "rw" => {}
            "sharing" => {
                let sharing = field_value.unwrap_or("");
                if !matches!(sharing, "shared" | "private" | "locked") {
                    return Some(format!(
                        "unsupported sharing `{sharing}`: use shared, private or locked"
                    ));
                }
            }
            "required" | "size" | "mode" | "uid" | "gid" => {}
            "z" | "u" | "relabel" => {
                return Some(format!(
                    "unknown mount option `{field}`: it is a Podman and Buildah extension that \
                     BuildKit rejects"
                ));
            }
            other => return Some(format!("unknown mount option `{other}`")),
        }
        let fits = match key.as_str() {
            "required" => matches!(kind.as_str(), "secret" | "ssh"),
            "size" => kind == "tmpfs",
            "mode" | "uid" | "gid" => matches!(kind.as_str(), "secret" | "ssh" | "cache"),
            "sharing" => kind == "cache",
            _ => true,
        };
        if !fits {
            return Some(format!("`{key}` is not allowed for `{kind}` mounts"));
        }
        if key == "size" && field_value.is_some_and(|size| !is_byte_size(size)) {
            return Some(format!(
                "`{}` is not a size such as 64m",
                field_value.unwrap_or("")
            ));
        }
    }
    // A bind, cache or tmpfs mount without a target is mounted at the working directory.
    if kind == "secret" && !has_target && !has_source_or_id {
        return Some("a secret mount needs `id=<name>` or `target=<path>`".to_string());
    }
    None
}

/// Returns true for sizes such as `1024`, `64m` or `1.5GiB`, as Docker's units parser reads them.
fn is_byte_size(text: &str) -> bool {
    let number_end = text
        .find(|ch: char| !(ch.is_ascii_digit() || ch == '.'))
        .unwrap_or(text.len());
    let unit = text[number_end..].to_ascii_lowercase();
    number_end > 0
        && text[..number_end].parse::<f64>().is_ok()
        && matches!(
            unit.trim(),
            "" | "b"
                | "k"
                | "kb"
                | "kib"
                | "m"
                | "mb"
                | "mib"
                | "g"
                | "gb"
                | "gib"
                | "t"
                | "tb"
                | "tib"
        )
}

/// Parses a Go duration (`1h30m`, `500ms`, `0`) into nanoseconds. Negative durations parse
/// as negative numbers.
fn parse_go_duration(text: &str) -> Option<i128> {
    let (negative, mut rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if rest == "0" {
        return Some(0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let number_end = rest
            .find(|ch: char| !(ch.is_ascii_digit() || ch == '.'))
            .unwrap_or(rest.len());
        let number: f64 = rest[..number_end].parse().ok()?;
        rest = &rest[number_end..];
        let unit_end = rest
            .find(|ch: char| ch.is_ascii_digit() || ch == '.')
            .unwrap_or(rest.len());
        let scale = match &rest[..unit_end] {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return None,
        };
        rest = &rest[unit_end..];
        total += number * scale;
    }
    let nanos = total as i128;
    Some(if negative { -nanos } else { nanos })
}

fn error(out: &mut Vec<Diagnostic>, span: Span, message: impl Into<String>) {
    out.push(InvalidSyntax::META.diagnostic(span, message));
}

fn check_arguments(instruction: &Instruction, out: &mut Vec<Diagnostic>, in_onbuild: bool) {
    let keyword = instruction.name();
    let span = instruction.span;
    match (&instruction.keyword, &instruction.arguments) {
        (Keyword::From, Arguments::Words(words)) => check_from(words, span, out),
        (Keyword::Onbuild, Arguments::Onbuild(inner)) => {
            if matches!(
                inner.keyword,
                Keyword::Onbuild | Keyword::From | Keyword::Maintainer
            ) {
                error(
                    out,
                    inner.keyword_text.span,
                    format!("{} isn't allowed as an ONBUILD trigger", inner.name()),
                );
            } else if !in_onbuild {
                check_instruction(inner, out, true);
            }
        }
        (Keyword::Shell, arguments) if !matches!(arguments, Arguments::Exec(words) if !words.is_empty()) =>
        {
            error(
                out,
                span,
                "SHELL requires the arguments in JSON form, such as [\"/bin/sh\", \"-c\"]",
            );
        }
        (Keyword::Healthcheck, Arguments::Healthcheck { kind, command }) => {
            match kind.value.to_ascii_uppercase().as_str() {
                "NONE" => {
                    if !matches!(**command, Arguments::None) || !instruction.flags.is_empty() {
                        error(out, span, "HEALTHCHECK NONE takes no arguments");
                    }
                }
                "CMD" => {
                    if matches!(**command, Arguments::None) {
                        error(out, span, "missing command after HEALTHCHECK CMD");
                    }
                }
                other => error(
                    out,
                    kind.span,
                    format!("unknown HEALTHCHECK type `{other}`: expected CMD or NONE"),
                ),
            }
        }
        (Keyword::Copy | Keyword::Add, arguments) => {
            let count = match arguments {
                Arguments::Words(words) | Arguments::Exec(words) => words.len(),
                _ => 0,
            };
            let heredocs = instruction.heredocs.len();
            if count < 2 && !(count == 1 && heredocs > 0) {
                error(
                    out,
                    span,
                    format!(
                        "{keyword} requires at least two arguments: a source and a destination"
                    ),
                );
            }
            if let Arguments::Words(words) = arguments
                && let Some(destination) = words.last()
                && words.len() >= 2
                && instruction
                    .heredocs
                    .iter()
                    .any(|heredoc| heredoc.opener_span == destination.span)
            {
                error(
                    out,
                    destination.span,
                    format!("a heredoc cannot be the destination of {keyword}"),
                );
            }
        }
        (Keyword::Volume, Arguments::Exec(words) | Arguments::Words(words)) => {
            for word in words {
                if word.value.trim().is_empty() {
                    error(
                        out,
                        word.span,
                        "VOLUME specified can not be an empty string",
                    );
                }
            }
        }
        (Keyword::Arg, Arguments::Words(words)) => {
            for word in words {
                if word.value.starts_with('=') || word.value.is_empty() {
                    error(out, word.span, "ARG names can not be blank");
                }
            }
        }
        (
            Keyword::Env
            | Keyword::Label
            | Keyword::Arg
            | Keyword::Expose
            | Keyword::Volume
            | Keyword::User
            | Keyword::Workdir
            | Keyword::Stopsignal
            | Keyword::Maintainer
            | Keyword::Onbuild
            | Keyword::Run
            | Keyword::From,
            Arguments::None,
        ) => error(
            out,
            span,
            format!("{keyword} requires at least one argument"),
        ),
        (Keyword::Env | Keyword::Label, Arguments::Pairs(pairs)) => {
            for pair in pairs {
                if pair.key.value.is_empty() {
                    error(
                        out,
                        pair.key.span,
                        format!("{keyword} names can not be blank"),
                    );
                }
            }
        }
        _ => {}
    }
}

fn check_from(words: &[Word], span: Span, out: &mut Vec<Diagnostic>) {
    match words {
        [_] => {}
        [_, as_keyword, name] if as_keyword.value.eq_ignore_ascii_case("as") => {
            let lower = name.value.to_ascii_lowercase();
            let valid = lower.starts_with(|ch: char| ch.is_ascii_lowercase())
                && lower
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || "-_.".contains(ch));
            if !valid {
                error(
                    out,
                    name.span,
                    format!(
                        "invalid stage name `{}`: a name starts with a letter and contains only \
                         letters, digits, `-`, `_` and `.`",
                        name.value
                    ),
                );
            }
        }
        [_, as_keyword, _] => error(
            out,
            as_keyword.span,
            format!(
                "expected `AS` between the image and the stage name, found `{}`",
                as_keyword.value
            ),
        ),
        _ => error(
            out,
            span,
            "FROM takes an image and optionally `AS name`: one or three arguments",
        ),
    }
}

fn suggest_keyword(word: &str) -> Option<&'static str> {
    let upper = word.to_ascii_uppercase();
    Keyword::KNOWN
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| edit_distance(name, &upper) <= 2)
        .min_by_key(|name| edit_distance(name, &upper))
}

/// Levenshtein distance, for "did you mean" suggestions.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_durations() {
        assert_eq!(parse_go_duration("30s"), Some(30_000_000_000));
        assert_eq!(parse_go_duration("1m30s"), Some(90_000_000_000));
        assert_eq!(parse_go_duration("0"), Some(0));
        assert_eq!(parse_go_duration("10"), None);
        assert_eq!(parse_go_duration("1.5h"), Some(5_400_000_000_000));
    }

    #[test]
    fn mount_values() {
        assert_eq!(check_mount("type=cache,target=/root/.cache"), None);
        assert_eq!(check_mount("type=secret,id=npm"), None);
        assert_eq!(check_mount("type=ssh"), None);
        assert_eq!(
            check_mount("type=bind,from=build,source=/out,target=/in"),
            None
        );
        assert_eq!(check_mount("type=tmpfs,target=/t,size=64m"), None);
        assert_eq!(check_mount("type=cache,target=${DIR}"), None);
        assert!(check_mount("type=bogus,target=/x").is_some());
        assert_eq!(check_mount("type=bind"), None);
        assert!(check_mount("type=bind,target=/x,z").is_some());
        assert!(check_mount("type=tmpfs,target=/t,size=lots").is_some());
        assert!(check_mount("type=bind,target=/x,sharing=locked").is_some());
        assert!(check_mount("type=cache,target=/x,colour=blue").is_some());
    }

    #[test]
    fn keyword_suggestion() {
        assert_eq!(suggest_keyword("FORM"), Some("FROM"));
        assert_eq!(suggest_keyword("foobar"), None);
    }
}
