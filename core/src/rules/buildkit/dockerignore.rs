//! `.dockerignore` patterns, read and matched as moby's `patternmatcher` and
//! `patternmatcher/ignorefile` packages do (the code BuildKit uses).

/// The patterns of a `.dockerignore`, in file order.
#[derive(Debug)]
pub struct Dockerignore {
    patterns: Vec<Pattern>,
}

#[derive(Debug)]
struct Pattern {
    /// The pattern after cleaning, without a leading `!`.
    cleaned: String,
    exclusion: bool,
    kind: MatchKind,
}

#[derive(Debug)]
enum MatchKind {
    /// The path equals the pattern.
    Exact,
    /// The pattern ends in `**`: the path starts with the rest.
    Prefix,
    /// The pattern starts with `**` and has no other wildcard: the path ends with the rest.
    Suffix,
    /// Anything else, matched like the regular expression moby builds from it.
    Tokens(Vec<Token>),
}

#[derive(Debug)]
enum Token {
    Literal(char),
    /// `?`: one character other than `/`.
    AnyChar,
    /// `*`: any run of characters other than `/`.
    Star,
    /// `**` inside a pattern: nothing, or any characters up to and including a `/`.
    AnyDirectories,
    /// `**` at the end of a pattern: anything.
    AnyTail,
    /// `[...]`, as a regular expression reads it.
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

impl Dockerignore {
    /// Reads `.dockerignore` text. Returns `None` when moby rejects the file (a lone `!`, an
    /// unterminated `[` or a trailing `\`), because BuildKit then fails before any check.
    pub fn parse(text: &str) -> Option<Dockerignore> {
        let mut patterns = Vec::new();
        for (number, line) in text.split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let line = if number == 0 {
                line.strip_prefix('\u{feff}').unwrap_or(line)
            } else {
                line
            };
            if line.starts_with('#') {
                continue;
            }
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let (exclusion, body) = match line.strip_prefix('!') {
                Some(rest) => (true, rest.trim()),
                None => (false, line),
            };
            let mut body = if body.is_empty() {
                String::new()
            } else {
                clean(body)
            };
            if body.len() > 1 && body.starts_with('/') {
                body.remove(0);
            }
            if exclusion && body.is_empty() {
                return None;
            }
            // moby's matcher cleans the pattern a second time, after the `!` is removed.
            let cleaned = clean(&body);
            let kind = compile(&cleaned)?;
            patterns.push(Pattern {
                cleaned,
                exclusion,
                kind,
            });
        }
        Some(Dockerignore { patterns })
    }

    /// Returns true if any pattern is an exclusion (`!pattern`).
    pub fn has_exclusions(&self) -> bool {
        self.patterns.iter().any(|pattern| pattern.exclusion)
    }

    /// Returns true if a pattern is `*`, `**` or `**/*`, which ignore every entry at the root
    /// of the build context.
    pub fn ignores_root(&self) -> bool {
        self.patterns.iter().any(|pattern| {
            !pattern.exclusion && matches!(pattern.cleaned.as_str(), "*" | "**" | "**/*")
        })
    }

    /// Returns true if the patterns exclude `path` or one of its parent directories, the later
    /// patterns taking precedence (`MatchesOrParentMatches`).
    ///
    /// A path longer than Linux's `PATH_MAX` names no file of the context and is not matched.
    pub fn matches_or_parent_matches(&self, path: &str) -> bool {
        if path.len() > PATH_MAX {
            return false;
        }
        let parents: Vec<&str> = path
            .char_indices()
            .filter(|(index, ch)| *ch == '/' && *index > 0)
            .map(|(index, _)| &path[..index])
            .collect();
        let mut budget = MAX_MATCH_WORK;
        let mut matched = false;
        for pattern in &self.patterns {
            if pattern.exclusion != matched {
                continue;
            }
            let hit = pattern.matches(path, &mut budget)
                || parents
                    .iter()
                    .any(|parent| pattern.matches(parent, &mut budget));
            if hit {
                matched = !pattern.exclusion;
            }
        }
        matched
    }
}

/// Linux's limit on the length of a path, in bytes.
const PATH_MAX: usize = 4096;

impl Pattern {
    /// Matches `path`, spending `budget` on patterns with wildcards.
    fn matches(&self, path: &str, budget: &mut usize) -> bool {
        match &self.kind {
            MatchKind::Exact => path == self.cleaned,
            MatchKind::Prefix => path.starts_with(&self.cleaned[..self.cleaned.len() - 2]),
            MatchKind::Suffix => {
                let suffix = &self.cleaned[2..];
                path.ends_with(suffix) || suffix.strip_prefix('/').is_some_and(|rest| path == rest)
            }
            MatchKind::Tokens(tokens) => {
                let chars: Vec<char> = path.chars().collect();
                let work = tokens.len().saturating_mul(chars.len() + 1);
                if work > *budget {
                    return false;
                }
                *budget -= work;
                match_tokens(tokens, &chars)
            }
        }
    }
}

/// Translates a pattern as moby's `Pattern.compile` does, returning `None` for patterns that
/// Go's `filepath.Match` rejects.
fn compile(pattern: &str) -> Option<MatchKind> {
    #[derive(PartialEq)]
    enum Detected {
        Exact,
        Prefix,
        Suffix,
        Regexp,
    }
    let chars: Vec<char> = pattern.chars().collect();
    let mut tokens = Vec::new();
    let mut detected = Detected::Exact;
    let mut position = 0;
    let mut iteration = 0;
    while position < chars.len() {
        let ch = chars[position];
        position += 1;
        match ch {
            '*' if chars.get(position) == Some(&'*') => {
                position += 1;
                if chars.get(position) == Some(&'/') {
                    position += 1;
                }
                if position == chars.len() {
                    if detected == Detected::Exact {
                        detected = Detected::Prefix;
                    } else {
                        tokens.push(Token::AnyTail);
                        detected = Detected::Regexp;
                    }
                } else {
                    tokens.push(Token::AnyDirectories);
                    detected = Detected::Regexp;
                }
                if iteration == 0 {
                    detected = Detected::Suffix;
                }
            }
            '*' => {
                tokens.push(Token::Star);
                detected = Detected::Regexp;
            }
            '?' => {
                tokens.push(Token::AnyChar);
                detected = Detected::Regexp;
            }
            '\\' => {
                // A trailing backslash is an error for `filepath.Match`.
                let escaped = *chars.get(position)?;
                position += 1;
                tokens.push(Token::Literal(escaped));
                detected = Detected::Regexp;
            }
            '[' => {
                let (class, end) = parse_class(&chars, position)?;
                tokens.push(class);
                position = end;
                detected = Detected::Regexp;
            }
            other => tokens.push(Token::Literal(other)),
        }
        iteration += 1;
    }
    Some(match detected {
        Detected::Exact => MatchKind::Exact,
        Detected::Prefix => MatchKind::Prefix,
        Detected::Suffix => MatchKind::Suffix,
        Detected::Regexp => MatchKind::Tokens(tokens),
    })
}

/// Parses a bracket expression whose `[` is just before `start`; returns it and the index
/// after its `]`.
fn parse_class(chars: &[char], start: usize) -> Option<(Token, usize)> {
    let mut position = start;
    let negated = chars.get(position) == Some(&'^');
    if negated {
        position += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    loop {
        let mut ch = *chars.get(position)?;
        position += 1;
        if ch == ']' && !first {
            break;
        }
        first = false;
        if ch == '\\' {
            ch = *chars.get(position)?;
            position += 1;
        }
        let mut high = ch;
        if chars.get(position) == Some(&'-') && chars.get(position + 1).is_some_and(|c| *c != ']') {
            high = chars[position + 1];
            position += 2;
            if high == '\\' {
                high = *chars.get(position)?;
                position += 1;
            }
            if high < ch {
                return None;
            }
        }
        ranges.push((ch, high));
    }
    Some((Token::Class { negated, ranges }, position))
}

/// Work allowed for matching one source path against all patterns, counted as tokens times
/// path characters.
///
/// NOTE: once it is spent, the remaining patterns count as not matching. Only patterns of
/// thousands of wildcards reach it.
const MAX_MATCH_WORK: usize = 50_000_000;

/// Matches the whole of `path` against `tokens`, filling a table row by row from the last
/// token, so the time is proportional to tokens times path length.
fn match_tokens(tokens: &[Token], path: &[char]) -> bool {
    // `next[p]`: the tokens after the current one match `path[p..]`.
    let mut next = vec![false; path.len() + 1];
    next[path.len()] = true;
    let mut current = vec![false; path.len() + 1];
    for token in tokens.iter().rev() {
        // Whether `next` holds at `p` or later, and at the position after a `/` at `p` or later.
        let mut any_later = false;
        let mut any_after_slash = false;
        for p in (0..=path.len()).rev() {
            any_later |= next[p];
            if p < path.len() && path[p] == '/' {
                any_after_slash |= next[p + 1];
            }
            let here = match token {
                Token::Literal(ch) => p < path.len() && path[p] == *ch && next[p + 1],
                Token::AnyChar => p < path.len() && path[p] != '/' && next[p + 1],
                Token::Class { negated, ranges } => {
                    p < path.len()
                        && ranges
                            .iter()
                            .any(|(low, high)| (*low..=*high).contains(&path[p]))
                            != *negated
                        && next[p + 1]
                }
                Token::Star => next[p] || (p < path.len() && path[p] != '/' && current[p + 1]),
                Token::AnyTail => any_later,
                Token::AnyDirectories => next[p] || any_after_slash,
            };
            current[p] = here;
        }
        std::mem::swap(&mut next, &mut current);
    }
    next[0]
}

/// Cleans a slash-separated path as Go's `path.Clean` does.
pub fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|last| *last != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ignores(patterns: &str, path: &str) -> bool {
        Dockerignore::parse(patterns)
            .expect("valid patterns")
            .matches_or_parent_matches(path)
    }

    #[test]
    fn pattern_kinds_match() {
        assert!(ignores("Dockerfile", "Dockerfile"));
        assert!(ignores("/node_modules/", "node_modules/x/y.js"));
        assert!(ignores("*.md", "README.md"));
        assert!(!ignores("*.md", "docs/README.md"));
        assert!(ignores("**/*.md", "docs/README.md"));
        assert!(ignores("**/*.md", "README.md"));
        assert!(ignores("**/secret", "a/b/secret"));
        assert!(ignores("**/secret", "secret"));
        assert!(ignores("build/**", "build/x"));
        assert!(ignores("a/**/b", "a/b"));
        assert!(ignores("a/**/b", "a/x/y/b"));
        assert!(ignores("file?.txt", "file1.txt"));
        assert!(!ignores("file?.txt", "file/.txt"));
        assert!(ignores("[a-c]at", "bat"));
        assert!(!ignores("[^a-c]at", "bat"));
        assert!(ignores("*", "."));
        assert!(ignores(".*", ".env"));
        assert!(ignores("\\*star", "*star"));
        assert!(ignores("# comment\n\n  .git  \n", ".git/config"));
        assert!(ignores("a/../b", "b"));
    }

    #[test]
    fn invalid_patterns_reject_file() {
        assert!(Dockerignore::parse("!").is_none());
        assert!(Dockerignore::parse("[abc").is_none());
        assert!(Dockerignore::parse("abc\\").is_none());
    }

    #[test]
    fn exclusions_and_root() {
        let file = Dockerignore::parse("**\n!Dockerfile\n").unwrap();
        assert!(file.has_exclusions());
        assert!(file.ignores_root());
        assert!(!file.matches_or_parent_matches("Dockerfile"));
        assert!(!Dockerignore::parse(".*\n").unwrap().ignores_root());
    }

    #[test]
    fn paths_are_cleaned_like_go() {
        assert_eq!(clean("./a//b/"), "a/b");
        assert_eq!(clean("/../a"), "/a");
        assert_eq!(clean("../a"), "../a");
        assert_eq!(clean("a/.."), ".");
        assert_eq!(clean("/"), "/");
    }
}
