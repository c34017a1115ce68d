use super::common::{insert_after_word, runs_subcommand};
use super::unpinned_apk_package::APK_OPTIONS_WITH_VALUE;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::rules::helpers::has_cache_mount;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::syntax::ast::Keyword;

declare_rule! {
    /// ## What it does
    /// Reports `apk add` without `--no-cache`, unless `/var/cache/apk` is a cache or tmpfs
    /// mount of the `RUN`.
    ///
    /// ## Why is this bad?
    /// Without `--no-cache`, apk keeps the package index it downloads (with `--update`) and
    /// may keep the downloaded packages in `/var/cache/apk`. That cache is dead weight in the
    /// layer, and removing it needs an extra `rm` in the same `RUN`.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apk add --update curl=8.11.1-r0 && rm -rf /var/cache/apk/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apk add --no-cache curl=8.11.1-r0
    /// ```
    /// or keep the cache out of the layer with
    /// `RUN --mount=type=cache,target=/var/cache/apk apk add curl=8.11.1-r0`.
    ///
    /// ## Fix safety
    /// The fix inserts `--no-cache` after `add`. It is safe: apk then reads the package index
    /// from the repositories instead of the cache, and installs the same packages.
    ///
    /// ## Differences from hadolint
    /// `add` must be the subcommand: hadolint accepts it anywhere among the arguments.
    pub ApkCacheKept {
        code: "DL3019",
        name: "apk-cache-kept",
        severity: Info,
        fixable: true,
    }
}

impl Rule for ApkCacheKept {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in context.instructions().iter().enumerate() {
            let run = instruction.effective();
            if run.keyword != Keyword::Run || has_cache_mount(run, "/var/cache/apk") {
                continue;
            }
            let Some(commands) = context.run_commands(index) else {
                continue;
            };
            for (command, span) in commands.with_spans() {
                let keeps_cache = runs_subcommand(command, "apk", APK_OPTIONS_WITH_VALUE, &["add"])
                    && !command.has_flag(None, Some("no-cache"));
                if !keeps_cache {
                    continue;
                }
                let message = "`apk add` leaves its cache in /var/cache/apk; add `--no-cache`";
                let add = command
                    .positional_args(APK_OPTIONS_WITH_VALUE)
                    .into_iter()
                    .next();
                let fix = add.and_then(|word| {
                    insert_after_word(
                        context,
                        index,
                        word,
                        " --no-cache",
                        "add `--no-cache`",
                        Applicability::Safe,
                    )
                });
                out.push(match fix {
                    Some(fix) => Self::META.diagnostic_with_fix(span, message, fix),
                    None => Self::META.diagnostic(span, message),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::packages::common::apply_fixes;
    use crate::rules::test_support::findings;

    #[test]
    fn fix_inserts_no_cache_after_add() {
        assert_eq!(
            apply_fixes(
                "DL3019",
                "FROM alpine:3.20\nRUN apk update && apk -U add curl\n"
            ),
            "FROM alpine:3.20\nRUN apk update && apk -U add --no-cache curl\n"
        );
        assert_eq!(
            apply_fixes(
                "DL3019",
                "FROM alpine:3.20\nRUN [\"apk\", \"add\", \"curl\"]\n"
            ),
            "FROM alpine:3.20\nRUN [\"apk\", \"add\", \"curl\"]\n"
        );
    }

    #[test]
    fn add_without_no_cache_fails() {
        assert_eq!(
            findings(
                "DL3019",
                "FROM alpine:3.20\nRUN apk update && apk add curl\n"
            ),
            vec![(2, 19)]
        );
        assert_eq!(
            findings(
                "DL3019",
                "FROM alpine:3.20\nONBUILD RUN apk add --update curl\n"
            ),
            vec![(2, 13)]
        );
        assert_eq!(
            findings(
                "DL3019",
                "FROM alpine:3.20\nRUN --mount=type=cache,target=/root/.cache apk add curl\n"
            ),
            vec![(2, 44)]
        );
    }

    #[test]
    fn no_cache_or_cache_mount_passes() {
        for text in [
            "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
            "FROM alpine:3.20\nRUN apk --no-cache add curl\n",
            "FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n",
            "FROM alpine:3.20\nRUN --mount=type=tmpfs,target=/var/cache/apk apk add curl\n",
            "FROM alpine:3.20\nRUN apk del curl\n",
        ] {
            assert!(findings("DL3019", text).is_empty(), "{text}");
        }
    }
}
