//! Glob patterns of `[[overrides]] files`, matched against `/`-separated relative paths.

/// Returns true if `path` matches `pattern`. `*` matches within one path component, `**`
/// matches across components, `?` matches one character, and `[abc]` or `[a-z]` one of a set.
/// A pattern without `/` is matched against the file name alone.
pub fn matches(pattern: &str, path: &str) -> bool {
    let path = path.strip_prefix("./").unwrap_or(path);
    let pattern = pattern.strip_prefix("./").unwrap_or(pattern);
    if !pattern.contains('/') {
        let name = path.rsplit('/').next().unwrap_or(path);
        return match_here(
            &pattern.chars().collect::<Vec<_>>(),
            &name.chars().collect::<Vec<_>>(),
        );
    }
    match_here(
        &pattern.chars().collect::<Vec<_>>(),
        &path.chars().collect::<Vec<_>>(),
    )
}

/// Matches iteratively with one backtracking point per star kind, so that the time stays
/// polynomial for any pattern.
fn match_here(pattern: &[char], text: &[char]) -> bool {
    let (mut p, mut t) = (0, 0);
    // Where to resume after a `*` (pattern index after it, text index it stopped at).
    let mut star: Option<(usize, usize)> = None;
    let mut double_star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() {
            match pattern[p] {
                '*' if pattern.get(p + 1) == Some(&'*') => {
                    let mut next = p + 2;
                    // `**/` also matches no directory at all.
                    if pattern.get(next) == Some(&'/') {
                        next += 1;
                    }
                    double_star = Some((next, t));
                    star = None;
                    p = next;
                    continue;
                }
                '*' => {
                    star = Some((p + 1, t));
                    p += 1;
                    continue;
                }
                '?' if text[t] != '/' => {
                    p += 1;
                    t += 1;
                    continue;
                }
                '[' => {
                    if let Some((matched, next)) = match_class(pattern, p, text[t])
                        && matched
                    {
                        p = next;
                        t += 1;
                        continue;
                    }
                }
                literal if literal == text[t] => {
                    p += 1;
                    t += 1;
                    continue;
                }
                _ => {}
            }
        }
        if let Some((star_p, star_t)) = star
            && text[star_t] != '/'
        {
            star = Some((star_p, star_t + 1));
            p = star_p;
            t = star_t + 1;
            continue;
        }
        if let Some((star_p, star_t)) = double_star {
            double_star = Some((star_p, star_t + 1));
            star = None;
            p = star_p;
            t = star_t + 1;
            continue;
        }
        return false;
    }
    pattern[p..].iter().all(|&ch| ch == '*')
}

/// Matches `ch` against the class starting at `pattern[start] == '['`. Returns whether it
/// matched and the index after the class, or `None` if the class is not closed.
fn match_class(pattern: &[char], start: usize, ch: char) -> Option<(bool, usize)> {
    let mut index = start + 1;
    let negated = matches!(pattern.get(index), Some('!' | '^'));
    if negated {
        index += 1;
    }
    let mut matched = false;
    let mut first = true;
    while let Some(&current) = pattern.get(index) {
        if current == ']' && !first {
            return Some((matched != negated, index + 1));
        }
        first = false;
        if pattern.get(index + 1) == Some(&'-') && pattern.get(index + 2).is_some_and(|c| *c != ']')
        {
            let end = pattern[index + 2];
            matched |= current <= ch && ch <= end;
            index += 3;
        } else {
            matched |= current == ch;
            index += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn star_stays_in_component() {
        assert!(matches("docker/*.Dockerfile", "docker/app.Dockerfile"));
        assert!(!matches("docker/*.Dockerfile", "docker/sub/app.Dockerfile"));
        assert!(matches("./docker/*", "docker/x"));
    }

    #[test]
    fn double_star_crosses_components() {
        assert!(matches("**/test/*", "a/b/test/Dockerfile"));
        assert!(matches("**/test/*", "test/Dockerfile"));
        assert!(matches("services/**", "services/a/b/Dockerfile"));
    }

    #[test]
    fn pattern_without_slash_matches_file_name() {
        assert!(matches("*.dev.Dockerfile", "deep/dir/app.dev.Dockerfile"));
        assert!(matches("Dockerfile", "a/Dockerfile"));
        assert!(!matches("Dockerfile", "a/Dockerfile.dev"));
    }

    #[test]
    fn classes_and_question_mark() {
        assert!(matches("Dockerfile.[a-c]?", "Dockerfile.b1"));
        assert!(!matches("Dockerfile.[!a-c]", "Dockerfile.b"));
        assert!(!matches("[", "["), "an unclosed class matches nothing");
    }

    #[test]
    fn many_stars_stay_fast() {
        let pattern = "*a".repeat(20) + "b";
        assert!(!matches(&pattern, &"a".repeat(60)));
    }
}
