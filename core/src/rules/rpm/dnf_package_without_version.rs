use super::common::{Manager, report_unpinned_packages};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a package of `dnf install` or `microdnf install` without a version (`httpd`
    /// and not `httpd-2.4.62`), and a module of `dnf module install` without a stream
    /// (`nodejs` and not `nodejs:20`).
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
    /// RUN dnf install -y httpd && dnf clean all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
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
    /// such as `--enablerepo epel` are not read as packages, groups (`@core`) have no versions
    /// to pin, `.rpm` files without a `-` in the name count as pinned, and `dnf in`, `dnf5` and
    /// `/usr/bin/dnf` are checked too.
    pub DnfPackageWithoutVersion {
        code: "DL3041",
        name: "dnf-package-without-version",
        severity: Warning,
    }
}

impl Rule for DnfPackageWithoutVersion {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        report_unpinned_packages(
            context,
            &Self::META,
            |manager| matches!(manager, Manager::Dnf | Manager::Microdnf),
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn unpinned_packages_fail() {
        assert_eq!(
            findings(
                "DL3041",
                "FROM fedora:40\nRUN dnf install -y httpd-2.4.62 vim\n"
            ),
            vec![(2, 33)]
        );
        assert_eq!(
            findings(
                "DL3041",
                "FROM fedora:40\nRUN microdnf install python3-pip\n"
            ),
            vec![(2, 22)]
        );
        assert_eq!(
            findings(
                "DL3041",
                "FROM fedora:40\nRUN dnf module install -y nodejs\n"
            ),
            vec![(2, 27)]
        );
    }

    #[test]
    fn pinned_forms_pass() {
        for body in [
            "dnf install -y httpd-2.4.62",
            "dnf install -y httpd-2.4.62-1.fc40.x86_64",
            "dnf install -y /tmp/local.rpm",
            "dnf install -y --setopt tsflags=nodocs httpd-2.4.62",
            "dnf module install -y nodejs:20/common",
            "dnf install -y @nodejs:20",
            "dnf group install -y 'Development Tools'",
            "dnf install -y @core",
            "dnf module enable -y nodejs:20",
            "dnf upgrade -y httpd",
            "yum install -y httpd",
        ] {
            assert!(
                findings("DL3041", &format!("FROM fedora:40\nRUN {body}\n")).is_empty(),
                "{body}"
            );
        }
    }

    #[test]
    fn variables_are_expanded() {
        assert!(
            findings(
                "DL3041",
                "FROM fedora:40\nARG VERSION=2.4.62\nRUN dnf install -y httpd-${VERSION}\n"
            )
            .is_empty()
        );
        assert!(
            findings(
                "DL3041",
                "FROM fedora:40\nARG VERSION\nRUN dnf install -y httpd-${VERSION}\n"
            )
            .is_empty()
        );
        assert_eq!(
            findings(
                "DL3041",
                "FROM fedora:40\nARG PACKAGES=\"httpd-2.4.62 vim\"\nRUN dnf install -y $PACKAGES\n"
            ),
            vec![(3, 20)]
        );
    }

    #[test]
    fn stage_scopes_are_followed() {
        assert!(
            findings(
                "DL3041",
                "FROM fedora:42 AS build\nENV V=2.51.0\nFROM build\nRUN dnf -y install git-core-${V}\n"
            )
            .is_empty()
        );
        assert_eq!(
            findings(
                "DL3041",
                "FROM fedora:42 AS build\nENV V=2.51.0\nFROM fedora:42\nRUN dnf -y install git-core-${V}\n"
            ),
            vec![(4, 20)]
        );
        assert_eq!(
            findings(
                "DL3041",
                "FROM fedora:42 AS build\nARG V=2.51.0\nFROM fedora:42\nRUN dnf -y install git-core-${V}\n"
            ),
            vec![(4, 20)]
        );
    }
}
