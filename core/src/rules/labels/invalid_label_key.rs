use super::common::labels;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

/// Namespaces that Docker reserves for its own labels.
const RESERVED_PREFIXES: &[&str] = &["com.docker.", "io.docker.", "org.dockerproject."];

declare_rule! {
    /// ## What it does
    /// Reports a `LABEL` key that does not follow Docker's guidelines for label keys. A key
    /// must start with a lower-case letter and end with a lower-case letter or a digit. It
    /// may use only lower-case letters, digits, `.`, `-`, `_` and `/`, and must not contain
    /// `..` or `--`. The namespaces `com.docker.`, `io.docker.` and `org.dockerproject.` are
    /// reserved for Docker.
    ///
    /// ## Why is this bad?
    /// Tools that read labels expect keys in reverse-DNS form such as
    /// `org.opencontainers.image.source`. Keys that differ only in case, or that use reserved
    /// namespaces, clash with other tools' labels.
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL Maintainer="me@example.com"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// LABEL org.opencontainers.image.authors="me@example.com"
    /// ```
    ///
    /// ## Differences from hadolint
    /// Keys are read after ARG and ENV expansion and quote removal, and each invalid key of
    /// a `LABEL` with several pairs is reported at that key.
    pub InvalidLabelKey {
        code: "DL3048",
        name: "invalid-label-key",
        severity: Style,
    }
}

impl Rule for InvalidLabelKey {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for label in labels(context) {
            if let Some(problem) = key_problem(&label.key) {
                out.push(Self::META.diagnostic(
                    label.key_span,
                    format!("label key `{}` {problem}", label.key),
                ));
            }
        }
    }
}

/// Returns what is wrong with a label key, or `None` for a valid key.
fn key_problem(key: &str) -> Option<&'static str> {
    if !key.starts_with(|ch: char| ch.is_ascii_lowercase()) {
        return Some("must start with a lower-case letter");
    }
    if !key.ends_with(|ch: char| ch.is_ascii_lowercase() || ch.is_ascii_digit()) {
        return Some("must end with a lower-case letter or a digit");
    }
    let valid_char = |ch: char| {
        ch.is_ascii_lowercase() || ch.is_ascii_digit() || matches!(ch, '.' | '-' | '_' | '/')
    };
    if !key.chars().all(valid_char) {
        return Some("may contain only lower-case letters, digits, `.`, `-`, `_` and `/`");
    }
    if key.contains("..") || key.contains("--") {
        return Some("must not contain `..` or `--`");
    }
    if RESERVED_PREFIXES
        .iter()
        .any(|prefix| key.starts_with(prefix))
    {
        return Some("uses a namespace that Docker reserves");
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn invalid_keys_fail() {
        assert_eq!(
            findings("DL3048", "FROM a:1\nLABEL Maintainer=me\n"),
            vec![(2, 7)]
        );
        assert_eq!(
            findings(
                "DL3048",
                "FROM a:1\nLABEL a.b=1 com.docker.x=2 c..d=3 e-=4\n"
            ),
            vec![(2, 13), (2, 28), (2, 35)]
        );
        assert_eq!(
            findings("DL3048", "FROM a:1\nARG K=Bad\nLABEL $K=1\n"),
            vec![(3, 7)]
        );
    }

    #[test]
    fn valid_keys_pass() {
        assert!(
            findings(
                "DL3048",
                "FROM a:1\nLABEL org.opencontainers.image.source=x \"version\"=1 a_b/c-9=2\n"
            )
            .is_empty()
        );
    }
}
