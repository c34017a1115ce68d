use crate::diagnostic::Diagnostic;
use crate::rules::helpers::{has_cache_mount, runs};
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::shell::Command;
use crate::syntax::ast::Keyword;

/// Options of yarn (classic and berry) that take a value and may come before the subcommand.
const YARN_OPTIONS_WITH_VALUE: &[&str] = &["--cwd", "--cache-folder", "--modules-folder"];

fn is_yarn_install(command: &Command) -> bool {
    runs(command, &["yarn"])
        && command
            .positional_args(YARN_OPTIONS_WITH_VALUE)
            .first()
            .is_some_and(|word| word.value == "install")
}

fn is_yarn_cache_clean(command: &Command) -> bool {
    if !runs(command, &["yarn"]) {
        return false;
    }
    let positional = command.positional_args(YARN_OPTIONS_WITH_VALUE);
    matches!(
        positional.as_slice(),
        [cache, clean, ..] if cache.value == "cache" && clean.value == "clean"
    )
}

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` with `yarn install` and no `yarn cache clean` after it, in a stage that
    /// ends up in the final image, unless yarn's cache directory is a cache or tmpfs mount.
    ///
    /// ## Why is this bad?
    /// yarn keeps a copy of every package it downloads in its cache directory, often as large
    /// as `node_modules` itself. In an image that cache is dead weight, and deleting it in a
    /// later `RUN` does not shrink the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN yarn install --frozen-lockfile
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN yarn install --frozen-lockfile && yarn cache clean
    /// ```
    /// or keep the cache out of the layer with
    /// `RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install`.
    ///
    /// ## Differences from hadolint
    /// `install` must be yarn's subcommand, and the cleanup must be `yarn cache clean` after
    /// the last `yarn install`. hadolint accepts any yarn command with a `cache` or `clean`
    /// argument after the first install. Stages are checked when the target stage is built on
    /// them with `FROM`. hadolint checks the last stage and any stage used as a base anywhere.
    pub YarnCacheNotCleaned {
        code: "DL3060",
        name: "yarn-cache-not-cleaned",
        severity: Info,
    }
}

impl Rule for YarnCacheNotCleaned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in context.instructions().iter().enumerate() {
            let run = instruction.effective();
            if run.keyword != Keyword::Run || has_cache_mount(run, ".cache/yarn") {
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
            let Some(install) = commands
                .iter()
                .rposition(|(command, _)| is_yarn_install(command))
            else {
                continue;
            };
            let cleaned = commands[install..]
                .iter()
                .any(|(command, _)| is_yarn_cache_clean(command));
            if !cleaned {
                out.push(Self::META.diagnostic(
                    commands[install].1,
                    "`yarn install` leaves downloaded packages in yarn's cache; add \
                     `&& yarn cache clean` to the same RUN",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn install_without_clean_fails() {
        assert_eq!(
            findings(
                "DL3060",
                "FROM node:22\nRUN yarn install --frozen-lockfile\n"
            ),
            vec![(2, 5)]
        );
        assert_eq!(
            findings(
                "DL3060",
                "FROM node:22\nRUN yarn cache clean && yarn install\n"
            ),
            vec![(2, 25)]
        );
        assert_eq!(
            findings("DL3060", "FROM node:22\nONBUILD RUN yarn install\n"),
            vec![(2, 13)]
        );
    }

    #[test]
    fn clean_mount_or_build_stage_passes() {
        for text in [
            "FROM node:22\nRUN yarn install && yarn cache clean\n",
            "FROM node:22\nRUN yarn --cwd /app install && yarn cache clean --all\n",
            "FROM node:22\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\n",
            "FROM node:22 AS build\nRUN yarn install\nFROM nginx:1.27\nCOPY --from=build /app/dist /usr/share/nginx/html\n",
            "FROM node:22\nRUN yarn build\n",
        ] {
            assert!(findings("DL3060", text).is_empty(), "{text}");
        }
    }

    #[test]
    fn parent_of_final_stage_is_checked() {
        assert_eq!(
            findings(
                "DL3060",
                "FROM node:22 AS deps\nRUN yarn install\nFROM deps\nCMD [\"node\", \"app.js\"]\n"
            ),
            vec![(2, 5)]
        );
    }
}
