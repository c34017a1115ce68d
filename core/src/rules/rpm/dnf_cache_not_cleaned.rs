use super::common::{
    Manager, PackageCommand, RPM_CACHE_DIRECTORIES, fill_without_clean, in_final_image,
    mounts_cache_on, removes_any,
};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::shell::Command;
use crate::syntax::ast::Keyword;

/// Cache directories that a cache mount may cover: those of root and, for dnf5 run by another
/// user, `~/.cache/libdnf5`.
const MOUNTED_CACHE_DIRECTORIES: &[&str] = &[
    "/var/cache/yum",
    "/var/cache/dnf",
    "/var/cache/libdnf5",
    ".cache/libdnf5",
];

fn runs_manager(
    command: &Command,
    manager: Manager,
    test: impl Fn(&PackageCommand<'_>) -> bool,
) -> bool {
    PackageCommand::read(command)
        .is_some_and(|package| package.manager == manager && test(&package))
}

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` whose last `dnf install` (or `upgrade`, `update`, `reinstall`) is not
    /// followed by `dnf clean all` or an `rm` of the cache directory in the same `RUN`, in a
    /// stage that ends up in the final image. `microdnf` is checked the same way and needs
    /// `microdnf clean all`.
    ///
    /// ## Why is this bad?
    /// dnf keeps the repository metadata it downloaded in `/var/cache/dnf` (dnf5 in
    /// `/var/cache/libdnf5`), often a hundred megabytes or more. Cleaning it in a later `RUN`
    /// does not shrink the image, because the earlier layer still contains it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd && dnf clean all
    /// ```
    /// or keep the cache out of the layer with
    /// `RUN --mount=type=cache,target=/var/cache/dnf dnf install -y httpd`.
    ///
    /// ## Differences from hadolint
    /// hadolint accepts any `dnf` with the word `clean` or `all` and any `rm -rf` as the
    /// cleanup, and needs it after the first install. plimsoll needs `clean all`, or an `rm`
    /// of `/var/cache/dnf`, `/var/cache/libdnf5` or `/var/cache/yum`, after the last command
    /// that fills the cache. Such commands include `dnf update`, which hadolint does not
    /// check. hadolint exempts only cache mounts on dnf5's cache directory, and plimsoll also
    /// exempts those on `/var/cache/dnf` and `/var/cache/yum`. Stages are checked when the
    /// target stage is built on them with `FROM`, while hadolint checks every stage.
    pub DnfCacheNotCleaned {
        code: "DL3040",
        name: "dnf-cache-not-cleaned",
        severity: Warning,
    }
}

impl Rule for DnfCacheNotCleaned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in context.instructions().iter().enumerate() {
            let run = instruction.effective();
            if run.keyword != Keyword::Run
                || mounts_cache_on(run, MOUNTED_CACHE_DIRECTORIES)
                || !in_final_image(context, index)
            {
                continue;
            }
            let Some(commands) = context.run_commands(index) else {
                continue;
            };
            let commands = commands.with_spans();
            // dnf and microdnf are cleaned by their own `clean all`.
            for manager in [Manager::Dnf, Manager::Microdnf] {
                let found = fill_without_clean(
                    &commands,
                    |command| runs_manager(command, manager, |package| package.fills_cache()),
                    |command| {
                        runs_manager(command, manager, |package| package.cleans_all())
                            || removes_any(command, RPM_CACHE_DIRECTORIES)
                    },
                );
                if let Some(span) = found {
                    let name = manager.name();
                    out.push(Self::META.diagnostic(
                        span,
                        format!(
                            "{name} leaves its cache in this layer; add `&& {name} clean all` to \
                             the same RUN"
                        ),
                    ));
                }
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
            "dnf install -y httpd",
            "dnf -y upgrade",
            "microdnf install httpd",
            "dnf install -y httpd && microdnf clean all",
            "dnf install -y httpd && dnf clean packages",
            "dnf install -y httpd && rm -rf /tmp/*",
        ] {
            assert_eq!(
                findings("DL3040", &format!("FROM fedora:40\nRUN {body}\n")),
                vec![(2, 5)],
                "{body}"
            );
        }
    }

    #[test]
    fn each_manager_is_reported() {
        assert_eq!(
            findings(
                "DL3040",
                "FROM fedora:40\nRUN dnf install -y a && microdnf install b\n"
            ),
            vec![(2, 5), (2, 25)]
        );
    }

    #[test]
    fn cleanup_forms_pass() {
        for body in [
            "dnf install -y httpd && dnf clean all",
            "dnf -y install httpd && dnf -y clean all --enablerepo='*'",
            "microdnf install httpd && microdnf clean all",
            "dnf install -y httpd && rm -rf /var/cache/dnf/*",
            "dnf5 install -y httpd && rm -rf /var/cache/libdnf5",
            "microdnf install httpd && rm -rf /var/cache/yum",
            "dnf clean all",
            "dnf repolist",
        ] {
            assert!(
                findings("DL3040", &format!("FROM fedora:40\nRUN {body}\n")).is_empty(),
                "{body}"
            );
        }
    }

    #[test]
    fn cache_mounts_pass() {
        for target in [
            "/var/cache/dnf",
            "/var/cache/libdnf5",
            "/root/.cache/libdnf5",
        ] {
            let text = format!(
                "FROM fedora:40\nRUN --mount=type=cache,target={target} dnf install -y a\n"
            );
            assert!(findings("DL3040", &text).is_empty(), "{target}");
        }
    }

    #[test]
    fn builder_stage_is_exempt() {
        assert!(
            findings(
                "DL3040",
                "FROM fedora:40 AS build\nRUN dnf install -y gcc\nFROM fedora:40\nCOPY --from=build /x /x\n"
            )
            .is_empty()
        );
    }
}
