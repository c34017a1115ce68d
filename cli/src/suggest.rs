//! Close matches for a rule code, name or alias that the registry does not know.

use plimsoll::rules::{ALL_RULES, RuleMeta, find_rule};

/// Maximum number of close matches listed in an error message.
const MAX_MATCHES: usize = 3;

/// Minimum Jaro-Winkler similarity, from 0 to 1, of a close match. clap uses 0.7 for
/// subcommands; rule codes differ in one digit more often than words do, so a higher bar
/// keeps the list short.
const MIN_SIMILARITY: f64 = 0.8;

/// Looks up a rule by code, name or alias, ignoring case. The error message lists close
/// matches when there are any.
pub fn lookup_rule(code: &str) -> Result<&'static RuleMeta, String> {
    if let Some(meta) = find_rule(code) {
        return Ok(meta);
    }

    let rules = ALL_RULES.iter().copied();
    let matches: Vec<String> = close_matches(code, rules)
        .into_iter()
        .map(|meta| format!("{} ({})", meta.code, meta.name))
        .collect();
    let mut message = format!("unknown rule `{code}`");
    if matches.is_empty() {
        message.push('.');
    } else {
        message.push_str(&format!("; did you mean {}?", matches.join(", ")));
    }
    message.push_str(" Run `plimsoll rules` to list every rule.");
    Err(message)
}

/// Returns the rules whose code, name or an alias is most similar to `query`, best first.
pub fn close_matches<'a>(
    query: &str,
    rules: impl IntoIterator<Item = &'a RuleMeta>,
) -> Vec<&'a RuleMeta> {
    let query = query.to_ascii_lowercase();
    let mut scored: Vec<(f64, &RuleMeta)> = rules
        .into_iter()
        .filter_map(|meta| {
            let similarity = std::iter::once(meta.code)
                .chain(std::iter::once(meta.name))
                .chain(meta.aliases.iter().copied())
                .map(|candidate| strsim::jaro_winkler(&query, &candidate.to_ascii_lowercase()))
                .fold(0.0, f64::max);
            (similarity >= MIN_SIMILARITY).then_some((similarity, meta))
        })
        .collect();

    // Ties keep registry order, which is code order, because the sort is stable.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored
        .into_iter()
        .take(MAX_MATCHES)
        .map(|(_, meta)| meta)
        .collect()
}

#[cfg(test)]
mod tests {
    use plimsoll::Severity;

    use super::*;

    const fn meta(
        code: &'static str,
        name: &'static str,
        aliases: &'static [&'static str],
    ) -> RuleMeta {
        RuleMeta {
            code,
            name,
            aliases,
            severity: Severity::Warning,
            doc: "",
            fixable: false,
            enabled_by_default: true,
        }
    }

    static RULES_UNDER_TEST: [RuleMeta; 4] = [
        meta("DL3007", "latest-base-image", &[]),
        meta("DL3008", "apt-get-version-not-pinned", &[]),
        meta("DL3025", "shell-form-entrypoint", &["JSONArgsRecommended"]),
        meta("PL1001", "unrelated", &[]),
    ];

    fn codes(matches: Vec<&RuleMeta>) -> Vec<&'static str> {
        matches.into_iter().map(|meta| meta.code).collect()
    }

    #[test]
    fn close_code_matches() {
        let matches = close_matches("DL3009", &RULES_UNDER_TEST);

        assert_eq!(codes(matches)[..2], ["DL3007", "DL3008"]);
    }

    #[test]
    fn misspelled_name_matches() {
        let matches = close_matches("latest-base-imag", &RULES_UNDER_TEST);

        assert_eq!(codes(matches)[0], "DL3007");
    }

    #[test]
    fn alias_matches_ignoring_case() {
        let matches = close_matches("jsonargsrecommend", &RULES_UNDER_TEST);

        assert_eq!(codes(matches), ["DL3025"]);
    }

    #[test]
    fn unrelated_query_has_no_match() {
        assert!(close_matches("zzzz", &RULES_UNDER_TEST).is_empty());
    }

    #[test]
    fn unknown_rule_message() {
        let error = lookup_rule("NOPE0000").unwrap_err();

        assert!(error.starts_with("unknown rule `NOPE0000`"), "{error}");
        assert!(error.contains("plimsoll rules"), "{error}");
    }
}
