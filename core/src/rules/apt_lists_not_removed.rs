use super::helpers::{apt_subcommand, has_cache_mount, is_apt_update, runs};
use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::syntax::ast::Keyword;

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` that downloads package lists with `apt-get update` (or `apt update`,
    /// `aptitude update`) and does not delete `/var/lib/apt/lists` (with `rm` or
    /// `apt-get dist-clean`) later in the same `RUN`,
    /// in a stage that ends up in the final image.
    ///
    /// ## Why is this bad?
    /// The package lists are tens of megabytes. Deleting them in a later `RUN` does not shrink
    /// the image, because the earlier layer still contains them.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update \
    ///  && apt-get install -y --no-install-recommends curl \
    ///  && rm -rf /var/lib/apt/lists/*
    /// ```
    /// or keep the lists out of the layer with
    /// `RUN --mount=type=cache,target=/var/lib/apt/lists ...`.
    ///
    /// ## Differences from hadolint
    /// hadolint accepts any `rm -rf`, whatever it deletes, as the cleanup; plimsoll needs an
    /// `rm` of `/var/lib/apt/lists` after the update. Stages are checked when the target stage
    /// is built on them with `FROM`; hadolint checks the last stage and any stage used as a
    /// base anywhere.
    pub AptListsNotRemoved {
        code: "DL3009",
        name: "apt-lists-not-removed",
        severity: Info,
    }
}

impl Rule for AptListsNotRemoved {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in context.instructions().iter().enumerate() {
            let run = instruction.effective();
            if run.keyword != Keyword::Run || has_cache_mount(run, "/var/lib/apt") {
                continue;
            }
            let in_final_image = context.model.stage_of[index]
                .is_some_and(|stage| context.model.is_in_final_image(stage));
            if !in_final_image {
                continue;
            }
            let Some(commands) = context.run_commands(index) else {
                continue;
            };
            let commands = commands.with_spans();
            let Some(update) = commands
                .iter()
                .rposition(|(command, _)| is_apt_update(command))
            else {
                continue;
            };
            // The directory of later commands, when a `cd` outside a subshell set it.
            let mut directory: Option<String> = None;
            let cleaned = commands[update..].iter().any(|(command, _)| {
                if runs(command, &["cd"])
                    && !command.nesting.in_subshell
                    && !command.nesting.in_command_substitution
                {
                    directory = command
                        .argv
                        .get(1)
                        .map(|word| word.value.clone())
                        .filter(|target| target.starts_with('/'));
                    return false;
                }
                // `apt-get dist-clean` (apt 2.7 and later) deletes the lists too.
                matches!(apt_subcommand(command), Some(("dist-clean", _)))
                    || runs(command, &["rm"])
                        && command
                            .argv
                            .iter()
                            .skip(1)
                            .any(|word| removes_lists(&word.value, directory.as_deref()))
            });
            if !cleaned {
                out.push(Self::META.diagnostic(
                    commands[update].1,
                    "the package lists downloaded by `apt-get update` stay in this layer; add \
                     `&& rm -rf /var/lib/apt/lists/*` to the same RUN",
                ));
            }
        }
    }
}

/// Returns true if `rm` of `path`, run in `directory`, deletes `/var/lib/apt/lists`: the
/// directory itself, something in it, or a directory above it such as `/var/lib/apt`.
fn removes_lists(path: &str, directory: Option<&str>) -> bool {
    const LISTS: &str = "/var/lib/apt/lists";
    let absolute = match (path.starts_with('/'), directory) {
        (true, _) => path.to_string(),
        (false, Some(directory)) => format!("{}/{path}", directory.trim_end_matches('/')),
        (false, None) => return false,
    };
    let absolute = absolute.trim_end_matches('/');
    if absolute.is_empty() || absolute.contains(['*', '?', '[']) && !absolute.starts_with(LISTS) {
        return false;
    }
    absolute.starts_with(LISTS) || LISTS.starts_with(&format!("{absolute}/"))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn update_without_cleanup_fails() {
        assert_eq!(
            findings(
                "DL3009",
                "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"
            ),
            vec![(2, 5)]
        );
    }

    #[test]
    fn cleanup_or_cache_mount_passes() {
        assert!(findings(
            "DL3009",
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
        )
        .is_empty());
        assert!(findings(
            "DL3009",
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl && apt-get dist-clean\n"
        )
        .is_empty());
        assert!(findings(
            "DL3009",
            "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n"
        )
        .is_empty());
    }

    #[test]
    fn removal_above_or_relative_to_cd_passes() {
        for text in [
            "FROM debian:12\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt\n",
            "FROM debian:12\nRUN apt-get update && apt-get install -y git && cd /var/lib && rm -rf apt dpkg\n",
        ] {
            assert!(findings("DL3009", text).is_empty(), "{text}");
        }
        assert_eq!(
            findings(
                "DL3009",
                "FROM debian:12\nRUN apt-get update && apt-get install -y git && (cd /var/lib) && rm -rf apt\n"
            ),
            vec![(2, 5)]
        );
    }

    #[test]
    fn unrelated_rm_does_not_count() {
        assert_eq!(
            findings(
                "DL3009",
                "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /tmp/x\n"
            ),
            vec![(2, 5)]
        );
    }

    #[test]
    fn builder_stage_is_exempt() {
        assert!(findings(
            "DL3009",
            "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM debian:12\nCOPY --from=build /x /x\n"
        )
        .is_empty());
    }

    #[test]
    fn continued_line_reports_physical_line() {
        assert_eq!(
            findings(
                "DL3009",
                "FROM debian:12\nRUN set -eux; \\\n    apt-get update; \\\n    apt-get install -y curl\n"
            ),
            vec![(3, 5)]
        );
    }
}
