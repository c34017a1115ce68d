//! Rule codes that configuration and pragmas may name: plimsoll's own, and codes of other
//! tools that plimsoll accepts without implementing them.

use crate::rules::{RULES, RuleMeta, find_rule};

/// BuildKit's check names (`frontend/dockerfile/linter/ruleset.go`, BuildKit 0.32), with true
/// for the experimental ones, which only `experimental=` turns on.
pub const BUILDKIT_CHECKS: [(&str, bool); 22] = [
    ("StageNameCasing", false),
    ("FromAsCasing", false),
    ("NoEmptyContinuation", false),
    ("ConsistentInstructionCasing", false),
    ("DuplicateStageName", false),
    ("ReservedStageName", false),
    ("JSONArgsRecommended", false),
    ("MaintainerDeprecated", false),
    ("UndefinedArgInFrom", false),
    ("WorkdirRelativePath", false),
    ("UndefinedVar", false),
    ("MultipleInstructionsDisallowed", false),
    ("LegacyKeyValueFormat", false),
    ("InvalidBaseImagePlatform", false),
    ("RedundantTargetPlatform", false),
    ("SecretsUsedInArgOrEnv", false),
    ("InvalidDefaultArgInFrom", false),
    ("FromPlatformFlagConstDisallowed", false),
    ("CopyIgnoredFile", false),
    ("InvalidDefinitionDescription", true),
    ("ExposeProtoCasing", false),
    ("ExposeInvalidFormat", false),
];

/// Codes of hadolint 2.15's rules. DL3005, DL3017, DL3031, DL3039 and DL4002 were retired and
/// are not in the list.
fn is_hadolint_code(code: &str) -> bool {
    let Some(number) = code
        .strip_prefix("DL")
        .or_else(|| code.strip_prefix("dl"))
        .filter(|digits| digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|digits| digits.parse::<u32>().ok())
    else {
        return false;
    };
    match number {
        1001 | 4000 | 4001 | 4003..=4006 => true,
        3000..=3067 => !matches!(number, 3005 | 3017 | 3031 | 3039),
        _ => false,
    }
}

/// Returns true for a ShellCheck code such as `SC2086`.
pub fn is_shellcheck_code(code: &str) -> bool {
    code.len() > 2
        && code[..2].eq_ignore_ascii_case("SC")
        && code[2..].bytes().all(|b| b.is_ascii_digit())
}

/// Returns true if `code` names a rule of hadolint, ShellCheck or BuildKit that plimsoll does
/// not implement. Such codes are accepted and have no effect, so that configuration written
/// for those tools keeps working.
pub fn is_foreign_code(code: &str) -> bool {
    if find_rule(code).is_some() {
        return false;
    }
    is_shellcheck_code(code)
        || is_hadolint_code(code)
        || BUILDKIT_CHECKS.iter().any(|(name, _)| *name == code)
}

/// The result of resolving a code given in configuration or a pragma.
#[derive(Clone, Copy, Debug)]
pub enum Resolved {
    Rule(&'static RuleMeta),
    /// A code of another tool that plimsoll does not implement.
    Foreign,
    Unknown,
}

/// Resolves a code, rule name or alias.
pub fn resolve(code: &str) -> Resolved {
    match find_rule(code) {
        Some(meta) => Resolved::Rule(meta),
        None if is_foreign_code(code) => Resolved::Foreign,
        None => Resolved::Unknown,
    }
}

/// Returns `" (did you mean `X`?)"` naming the rule code, name or alias closest to `query`, or
/// an empty string when none is close.
pub fn suggestion(query: &str) -> String {
    let candidates = RULES.iter().flat_map(|rule| {
        let meta = rule.meta();
        [meta.code, meta.name]
            .into_iter()
            .chain(meta.aliases.iter().copied())
    });
    closest(query, candidates)
        .map(|best| format!(" (did you mean `{best}`?)"))
        .unwrap_or_default()
}

/// Returns the candidate with the smallest edit distance to `query`, ignoring case, if that
/// distance is at most a third of the query's length (and at least 1).
pub fn closest<'a>(query: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let query = query.to_ascii_lowercase();
    let limit = (query.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| {
            (
                edit_distance(&query, &candidate.to_ascii_lowercase()),
                candidate,
            )
        })
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance in Unicode scalar values.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_codes() {
        assert!(is_foreign_code("SC2086"));
        assert!(is_foreign_code("sc1091"));
        assert!(is_foreign_code("UndefinedVar") || find_rule("UndefinedVar").is_some());
        assert!(!is_foreign_code("DL3005"), "retired hadolint code");
        assert!(!is_foreign_code("DL9999"));
        assert!(!is_foreign_code("SC"));
    }

    #[test]
    fn closest_candidate() {
        let names = ["ignored", "override", "trustedRegistries"];
        assert_eq!(closest("ignore", names), Some("ignored"));
        assert_eq!(closest("trustedregistry", names), Some("trustedRegistries"));
        assert_eq!(closest("zzz", names), None);
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "ab"), 2);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
