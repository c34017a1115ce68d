use super::common::{Manager, report_unpinned_packages};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a package of `yum install` without a version (`httpd` and not `httpd-2.4.6`),
    /// and a module of `yum module install` without a stream (`nodejs` and not `nodejs:18`).
    ///
    /// A package counts as pinned when the parts after its first `-` consist of letters,
    /// digits and `.~^_:+`, and one of them starts with a digit. `.rpm` files are pinned.
    /// Build arguments and environment variables are expanded first.
    ///
    /// ## Why is this bad?
    /// Without a version, each build installs whatever the repository offers that day. Two
    /// builds of the same Dockerfile then differ, and an update can break the image unnoticed.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN yum install -y httpd && yum clean all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint reports the `RUN` once, and plimsoll reports each unpinned package. hadolint
    /// does not expand variables: it accepts a package with `${NAME}` when an ARG of that name
    /// was declared anywhere before, or an ENV in this stage, whatever its value. plimsoll
    /// expands the variables the script assigned earlier in the `RUN`, then build arguments and
    /// ENV values, and checks the result. A package that uses an ARG declared in the stage
    /// without a value is accepted, since its value is given at build time. An ARG of another
    /// stage has no value in this one, so a package that uses it is reported. Values of options
    /// such as `--enablerepo epel` are not read as packages, groups (`@core`, `yum group
    /// install`) have no versions to pin, and `.rpm` files without a `-` in the name count as
    /// pinned.
    pub YumPackageWithoutVersion {
        code: "DL3033",
        name: "yum-package-without-version",
        severity: Warning,
    }
}

impl Rule for YumPackageWithoutVersion {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        report_unpinned_packages(context, &Self::META, |manager| manager == Manager::Yum, out);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn unpinned_packages_fail() {
        assert_eq!(
            findings(
                "DL3033",
                "FROM centos:7\nRUN yum install -y httpd-2.4.6 vim\n"
            ),
            vec![(2, 32)]
        );
        assert_eq!(
            findings(
                "DL3033",
                "FROM centos:7\nRUN yum module install -y nodejs\n"
            ),
            vec![(2, 27)]
        );
        assert_eq!(
            findings(
                "DL3033",
                "FROM centos:7\nRUN yum install -y python3-pip gcc-c++\n"
            )
            .len(),
            2
        );
    }

    #[test]
    fn pinned_forms_pass() {
        for body in [
            "yum install -y httpd-2.4.6",
            "yum install -y httpd-2.4.6-97.el7.centos.x86_64",
            "yum install -y /tmp/local.rpm",
            "yum install -y https://example.com/epel-release-latest-7.noarch.rpm",
            "yum install -y --enablerepo epel httpd-2.4.6",
            "yum module install -y nodejs:18/common",
            "yum groupinstall -y 'Development Tools'",
            "yum group install -y 'Development Tools'",
            "yum install -y @core",
            "yum update -y httpd",
            "dnf install -y httpd",
        ] {
            assert!(
                findings("DL3033", &format!("FROM centos:7\nRUN {body}\n")).is_empty(),
                "{body}"
            );
        }
    }

    #[test]
    fn variables_are_expanded() {
        assert!(
            findings(
                "DL3033",
                "FROM centos:7\nARG VERSION=2.4.6\nRUN yum install -y httpd-${VERSION}\n"
            )
            .is_empty()
        );
        assert!(
            findings(
                "DL3033",
                "FROM centos:7\nENV HTTPD=httpd-2.4.6\nRUN yum install -y $HTTPD\n"
            )
            .is_empty()
        );
        assert_eq!(
            findings(
                "DL3033",
                "FROM centos:7\nARG VERSION=latest\nRUN yum install -y httpd-${VERSION}\n"
            ),
            vec![(3, 20)]
        );
    }

    #[test]
    fn build_time_argument_passes() {
        assert!(
            findings(
                "DL3033",
                "FROM centos:7\nARG VERSION\nRUN yum install -y httpd-${VERSION}\n"
            )
            .is_empty()
        );
    }

    #[test]
    fn shell_variables_are_followed() {
        assert!(
            findings(
                "DL3033",
                "FROM centos:7\nRUN V=2.4.6 && yum install -y httpd-$V\n"
            )
            .is_empty()
        );
        assert_eq!(
            findings(
                "DL3033",
                "FROM centos:7\nRUN PKGS=\"httpd vim\" && yum install -y $PKGS\n"
            ),
            vec![(2, 40)]
        );
    }

    #[test]
    fn unknown_variable_fails() {
        assert_eq!(
            findings(
                "DL3033",
                "FROM centos:7\nRUN for p in a b; do yum install -y $p; done\n"
            ),
            vec![(2, 37)]
        );
    }

    #[test]
    fn stage_scopes_are_followed() {
        assert!(
            findings(
                "DL3033",
                "FROM fedora:42 AS build\nENV V=2.51.0\nFROM build\nRUN yum -y install git-core-${V}\n"
            )
            .is_empty()
        );
        assert_eq!(
            findings(
                "DL3033",
                "FROM fedora:42 AS build\nENV V=2.51.0\nFROM fedora:42\nRUN yum -y install git-core-${V}\n"
            ),
            vec![(4, 20)]
        );
        assert_eq!(
            findings(
                "DL3033",
                "FROM fedora:42 AS build\nARG V=2.51.0\nFROM fedora:42\nRUN yum -y install git-core-${V}\n"
            ),
            vec![(4, 20)]
        );
    }
}
