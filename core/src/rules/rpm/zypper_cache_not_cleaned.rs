use super::common::{Manager, PackageCommand, fill_without_clean, in_final_image, removes_any};
use crate::diagnostic::Diagnostic;
use crate::rules::helpers::has_cache_mount;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::shell::Command;
use crate::syntax::ast::Keyword;

const ZYPPER_CACHE_DIRECTORY: &str = "/var/cache/zypp";

/// Subcommands of zypper that download repository metadata and packages into the cache.
const CACHE_FILLING_SUBCOMMANDS: &[&str] = &[
    "install",
    "in",
    "update",
    "up",
    "patch",
    "dist-upgrade",
    "dup",
];

fn is_zypper(command: &Command, subcommands: &[&str]) -> bool {
    PackageCommand::read(command).is_some_and(|package| {
        package.manager == Manager::Zypper && subcommands.contains(&package.subcommand())
    })
}

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` whose last `zypper install` (or `update`, `patch`, `dist-upgrade`) is
    /// not followed by `zypper clean` (`zypper cc`) or an `rm` of `/var/cache/zypp` in the
    /// same `RUN`, in a stage that ends up in the final image.
    ///
    /// ## Why is this bad?
    /// zypper keeps repository metadata, and with `keeppackages` the packages themselves, in
    /// `/var/cache/zypp`. Cleaning it in a later `RUN` does not shrink the image, because the
    /// earlier layer still contains it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper --non-interactive install curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper --non-interactive install curl && zypper clean --all
    /// ```
    /// or keep the cache out of the layer with
    /// `RUN --mount=type=cache,target=/var/cache/zypp zypper --non-interactive install curl`.
    ///
    /// ## Differences from hadolint
    /// hadolint needs the cleanup after the first install and accepts any `zypper` with the
    /// word `clean` or `cc`. plimsoll needs `zypper clean`, or an `rm` of `/var/cache/zypp`,
    /// after the last command that fills the cache. Such commands include `update`, `patch`
    /// and `dist-upgrade`, which hadolint does not check. Stages are checked when the target
    /// stage is built on them with `FROM`, while hadolint checks every stage.
    pub ZypperCacheNotCleaned {
        code: "DL3036",
        name: "zypper-cache-not-cleaned",
        severity: Warning,
    }
}

impl Rule for ZypperCacheNotCleaned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in context.instructions().iter().enumerate() {
            let run = instruction.effective();
            if run.keyword != Keyword::Run
                || has_cache_mount(run, ZYPPER_CACHE_DIRECTORY)
                || !in_final_image(context, index)
            {
                continue;
            }
            let Some(commands) = context.run_commands(index) else {
                continue;
            };
            let found = fill_without_clean(
                &commands.with_spans(),
                |command| is_zypper(command, CACHE_FILLING_SUBCOMMANDS),
                |command| {
                    is_zypper(command, &["clean", "cc"])
                        || removes_any(command, &[ZYPPER_CACHE_DIRECTORY])
                },
            );
            if let Some(span) = found {
                out.push(Self::META.diagnostic(
                    span,
                    "zypper leaves its cache in this layer; add `&& zypper clean --all` to the \
                     same RUN",
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
        for body in [
            "zypper -n install curl",
            "zypper -n in curl && zypper -n rm vim",
            "zypper -n up",
            "zypper clean && zypper -n install curl",
        ] {
            assert_eq!(
                findings("DL3036", &format!("FROM opensuse/leap:15\nRUN {body}\n")).len(),
                1,
                "{body}"
            );
        }
    }

    #[test]
    fn cleanup_forms_pass() {
        for body in [
            "zypper -n install curl && zypper clean -a",
            "zypper -n install curl && zypper cc",
            "zypper -n install curl && zypper --non-interactive clean --all",
            "zypper -n install curl && rm -rf /var/cache/zypp/*",
            "zypper -n refresh",
        ] {
            assert!(
                findings("DL3036", &format!("FROM opensuse/leap:15\nRUN {body}\n")).is_empty(),
                "{body}"
            );
        }
    }

    #[test]
    fn cache_mount_passes() {
        assert!(
            findings(
                "DL3036",
                "FROM opensuse/leap:15\nRUN --mount=type=cache,target=/var/cache/zypp zypper -n in curl\n"
            )
            .is_empty()
        );
    }
}
