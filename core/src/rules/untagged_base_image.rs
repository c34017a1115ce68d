use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::model::Base;

declare_rule! {
    /// ## What it does
    /// Reports a `FROM` whose image has neither a tag nor a digest, after build arguments are
    /// expanded.
    ///
    /// ## Why is this bad?
    /// Without a tag Docker pulls `latest`, which moves: the same Dockerfile builds a different
    /// image next month, and a rebuild can break or grow without any change in the repository.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG BASE=debian
    /// FROM ${BASE}
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ARG BASE=debian:12.8-slim
    /// FROM ${BASE}
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint skips any image that starts with a variable. plimsoll expands the global ARGs
    /// (with `--build-arg` values) first, so `FROM ${BASE}` is checked against its value.
    /// `scratch` and earlier stage names are exempt, as in hadolint.
    pub UntaggedBaseImage {
        code: "DL3006",
        name: "untagged-base-image",
        severity: Warning,
    }
}

impl Rule for UntaggedBaseImage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let mut stage_words: Option<StageWords> = None;
        for stage in &context.model.stages {
            let Base::Image(reference) = &stage.base else {
                continue;
            };
            if reference.tag.is_some() || reference.digest.is_some() {
                continue;
            }
            // A one-word image that the file elsewhere names as a stage (`AS name` swallowed by
            // a continuation line, say) was probably meant to be that stage.
            let name = &reference.repository;
            let plain_name = reference.registry.is_none() && !name.contains('/');
            let named_elsewhere = plain_name
                && stage_words
                    .get_or_insert_with(|| StageWords::new(&context.dockerfile.text))
                    .any_starts_with(name);
            let not_a_stage = if named_elsewhere {
                format!(" (no stage is named `{name}`, so it is pulled from Docker Hub)")
            } else {
                String::new()
            };
            let expanded = if stage.image_uses_variables {
                format!(
                    " (`{}` expands to `{}`)",
                    stage.image.value, stage.image_expanded
                )
            } else {
                String::new()
            };
            out.push(Self::META.diagnostic(
                stage.image.span,
                format!(
                    "base image `{}` has no tag{expanded}{not_a_stage}; pin a version such as \
                     `{}:<version>`",
                    stage.image_expanded, stage.image_expanded
                ),
            ));
        }
    }
}

/// The words that follow ` as ` anywhere in a file, lower-cased and sorted, read once per
/// file so that each stage takes a binary search instead of a scan of the file.
struct StageWords {
    words: Vec<String>,
}

impl StageWords {
    fn new(text: &str) -> Self {
        const MARKER: &str = " as ";
        let lower = text.to_ascii_lowercase();
        let mut words = Vec::new();
        let mut from = 0;
        // Matches may overlap, as in ` as as x`.
        while let Some(at) = lower[from..].find(MARKER) {
            let rest = &lower[from + at + MARKER.len()..];
            let end = rest.find([' ', '\t', '\r', '\n']).unwrap_or(rest.len());
            words.push(rest[..end].to_string());
            from += at + 1;
        }
        words.sort_unstable();
        StageWords { words }
    }

    /// Returns true if ` as ` is followed by `name` somewhere in the file.
    fn any_starts_with(&self, name: &str) -> bool {
        let first = self.words.partition_point(|word| word.as_str() < name);
        self.words
            .get(first)
            .is_some_and(|word| word.starts_with(name))
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, findings_with};

    #[test]
    fn untagged_image_fails() {
        assert_eq!(findings("DL3006", "FROM debian\n"), vec![(1, 6)]);
        assert_eq!(
            findings("DL3006", "ARG B=debian\nFROM ${B} AS x\n"),
            vec![(2, 6)]
        );
    }

    #[test]
    fn tagged_scratch_and_stage_pass() {
        assert!(findings("DL3006", "FROM debian:12\nFROM scratch\n").is_empty());
        assert!(findings("DL3006", "FROM debian@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n").is_empty());
        assert!(findings("DL3006", "FROM golang:1.22 AS build\nFROM build\n").is_empty());
        assert!(findings("DL3006", "ARG B=debian:12\nFROM $B\n").is_empty());
        assert!(findings("DL3006", "FROM localhost:5000/app:1\n").is_empty());
    }

    #[test]
    fn build_arg_value_is_used() {
        let options = crate::LintOptions {
            build_args: vec![("B".into(), "alpine".into())],
            ..Default::default()
        };
        assert_eq!(
            findings_with("DL3006", "ARG B=debian:12\nFROM $B\n", options),
            vec![(2, 6)]
        );
    }
}
