use super::common::{
    Manager, PackageCommand, RPM_CACHE_DIRECTORIES, fill_without_clean, in_final_image,
    mounts_cache_on, removes_any,
};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::shell::Command;
use crate::syntax::ast::Keyword;

fn is_yum(command: &Command, test: impl Fn(&PackageCommand<'_>) -> bool) -> bool {
    PackageCommand::read(command)
        .is_some_and(|package| package.manager == Manager::Yum && test(&package))
}

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` whose last `yum install` (or `yum update`, `upgrade`, `reinstall`) is
    /// not followed by `yum clean all` or an `rm` of `/var/cache/yum` in the same `RUN`, in a
    /// stage that ends up in the final image.
    ///
    /// ## Why is this bad?
    /// yum keeps the repository metadata it downloaded in `/var/cache/yum`, often a hundred
    /// megabytes. Cleaning it in a later `RUN` does not shrink the image, because the earlier
    /// layer still contains it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd && yum clean all
    /// ```
    /// or keep the cache out of the layer with
    /// `RUN --mount=type=cache,target=/var/cache/yum yum install -y httpd`.
    ///
    /// ## Differences from hadolint
    /// hadolint accepts any `yum` with the word `clean` or `all` and any `rm -rf` as the
    /// cleanup, and needs it after the first install. plimsoll needs `yum clean all`, or an
    /// `rm` of the cache directory, after the last command that fills the cache. Such
    /// commands include `yum update` and `yum upgrade`, which hadolint does not check. A cache
    /// or tmpfs mount on the cache directory exempts the `RUN`. Stages are checked when the
    /// target stage is built on them with `FROM`, while hadolint checks every stage.
    pub YumCacheNotCleaned {
        code: "DL3032",
        name: "yum-cache-not-cleaned",
        severity: Warning,
    }
}

impl Rule for YumCacheNotCleaned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in context.instructions().iter().enumerate() {
            let run = instruction.effective();
            if run.keyword != Keyword::Run
                || mounts_cache_on(run, RPM_CACHE_DIRECTORIES)
                || !in_final_image(context, index)
            {
                continue;
            }
            let Some(commands) = context.run_commands(index) else {
                continue;
            };
            let found = fill_without_clean(
                &commands.with_spans(),
                |command| is_yum(command, |package| package.fills_cache()),
                |command| {
                    is_yum(command, |package| package.cleans_all())
                        || removes_any(command, RPM_CACHE_DIRECTORIES)
                },
            );
            if let Some(span) = found {
                out.push(Self::META.diagnostic(
                    span,
                    "yum leaves its cache in this layer; add `&& yum clean all` to the same RUN",
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
            findings("DL3032", "FROM centos:7\nRUN yum install -y httpd\n"),
            vec![(2, 5)]
        );
        assert_eq!(
            findings(
                "DL3032",
                "FROM centos:7\nRUN yum -y update && yum -y install a\n"
            ),
            vec![(2, 22)]
        );
    }

    #[test]
    fn clean_before_last_install_fails() {
        assert_eq!(
            findings(
                "DL3032",
                "FROM centos:7\nRUN yum install -y a && yum clean all && yum install -y b\n"
            ),
            vec![(2, 42)]
        );
    }

    #[test]
    fn cleanup_forms_pass() {
        for body in [
            "yum install -y httpd && yum clean all",
            "yum -y install httpd && yum -y clean all --enablerepo='*'",
            "yum install -y httpd && rm -rf /var/cache/yum",
            "yum install -y httpd && rm -rf /var/cache/yum/*",
            "yum install -y httpd; rm -rf /var/cache/dnf",
            "yum clean all",
            "yum list installed",
        ] {
            assert!(
                findings("DL3032", &format!("FROM centos:7\nRUN {body}\n")).is_empty(),
                "{body}"
            );
        }
    }

    #[test]
    fn cache_mount_passes() {
        assert!(
            findings(
                "DL3032",
                "FROM centos:7\nRUN --mount=type=cache,target=/var/cache/yum yum install -y a\n"
            )
            .is_empty()
        );
    }

    #[test]
    fn partial_clean_and_unrelated_rm_fail() {
        for body in [
            "yum install -y httpd && yum clean packages",
            "yum install -y httpd && rm -rf /tmp/*",
        ] {
            assert_eq!(
                findings("DL3032", &format!("FROM centos:7\nRUN {body}\n")),
                vec![(2, 5)],
                "{body}"
            );
        }
    }

    #[test]
    fn builder_stage_is_exempt() {
        assert!(
            findings(
                "DL3032",
                "FROM centos:7 AS build\nRUN yum install -y gcc\nFROM centos:7\nCOPY --from=build /x /x\n"
            )
            .is_empty()
        );
    }
}
