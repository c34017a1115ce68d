use super::common::{
    expand_operands, for_each_command, operands_after_subcommand, runs_subcommand,
};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

/// Options of apt-get (apt 2.6) that take a value, so that the value is not read as a package.
const APT_GET_OPTIONS_WITH_VALUE: &[&str] = &[
    "-a",
    "--host-architecture",
    "-c",
    "--config-file",
    "--default-release",
    "-o",
    "--option",
    "-t",
    "--target-release",
];

/// Returns true if an `apt-get install` argument names a version or release, or is a package
/// file: `curl=8.5.0-2`, `curl/bookworm-backports`, `./app.deb`.
fn is_pinned(package: &str) -> bool {
    package.contains('=') || package.contains('/') || package.ends_with(".deb")
}

declare_rule! {
    /// ## What it does
    /// Reports a package of `apt-get install` given without a version, such as `curl` in
    /// `apt-get install -y curl`.
    ///
    /// ## Why is this bad?
    /// Without a version, each build installs whatever the package lists offer that day. Two
    /// builds of the same Dockerfile then differ, and an update can break the image with no
    /// change to the Dockerfile. A pinned version makes the build repeatable and the upgrade a
    /// visible change.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
    /// ```
    /// A package from a named release (`curl/bookworm-backports`) or a `.deb` file counts as
    /// pinned too.
    ///
    /// ## Differences from hadolint
    /// The values of `-o`/`--option`, `-c`/`--config-file` and `-a`/`--host-architecture` are
    /// not read as packages. A
    /// package word that uses build arguments or ENV variables with a known value is checked
    /// after expansion, so `curl=$CURL_VERSION` and a `$PACKAGES` whose value lists pinned
    /// packages pass. `apt-get` called by its path is checked too.
    pub UnpinnedAptPackage {
        code: "DL3008",
        name: "unpinned-apt-package",
        severity: Warning,
    }
}

impl Rule for UnpinnedAptPackage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for_each_command(context, |index, command, _| {
            if !runs_subcommand(command, "apt-get", APT_GET_OPTIONS_WITH_VALUE, &["install"]) {
                return;
            }
            let words = operands_after_subcommand(command, APT_GET_OPTIONS_WITH_VALUE);
            for package in expand_operands(context, index, &words) {
                if is_pinned(&package.value) {
                    continue;
                }
                out.push(Self::META.diagnostic(
                    package.span,
                    format!(
                        "`{}` has no version, so each build may install a different one; pin \
                         it as `{}=<version>`",
                        package.value, package.value
                    ),
                ));
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn unpinned_packages_fail() {
        assert_eq!(
            findings(
                "DL3008",
                "FROM debian:12\nRUN apt-get update && apt-get install -y curl git=1:2.39.5-0\n"
            ),
            vec![(2, 42)]
        );
        assert_eq!(
            findings(
                "DL3008",
                "FROM debian:12\nONBUILD RUN apt-get install -y curl\n"
            ),
            vec![(2, 32)]
        );
        assert_eq!(
            findings(
                "DL3008",
                "FROM debian:12\nRUN apt-get install -y \\\n    curl \\\n    wget\n"
            ),
            vec![(3, 5), (4, 5)]
        );
    }

    #[test]
    fn pinned_forms_pass() {
        for text in [
            "FROM debian:12\nRUN apt-get install -y curl=7.88.1-10\n",
            "FROM debian:12\nRUN apt-get install -y curl/bookworm-backports\n",
            "FROM debian:12\nRUN apt-get install -y ./app_1.0_amd64.deb\n",
            "FROM debian:12\nRUN apt-get install -y -t bookworm-backports curl=8.5.0-2\n",
            "FROM debian:12\nRUN apt-get install -y --target-release bookworm-backports curl=8.5.0-2\n",
            "FROM debian:12\nRUN apt-get -o Acquire::Retries=3 -c /etc/apt/custom.conf install -y curl=7.88.1-10\n",
            "FROM debian:12\nRUN apt-get install -y -a arm64 libc6-dev=2.36-9\n",
            "FROM debian:12\nARG CURL_VERSION=7.88.1-10\nRUN apt-get install -y curl=$CURL_VERSION\n",
            "FROM debian:12\nARG PACKAGES=\"curl=7.88.1-10 git=1:2.39.5-0\"\nRUN apt-get install -y $PACKAGES\n",
            "FROM debian:12\nRUN apt-get update\n",
            "FROM debian:12\nRUN apt install -y curl\n",
        ] {
            assert!(findings("DL3008", text).is_empty(), "{text}");
        }
    }

    #[test]
    fn variables_without_value_are_checked_as_written() {
        assert_eq!(
            findings(
                "DL3008",
                "FROM debian:12\nARG PACKAGES\nRUN apt-get install -y $PACKAGES\n"
            ),
            vec![(3, 24)]
        );
        assert_eq!(
            findings(
                "DL3008",
                "FROM debian:12\nARG PACKAGES=\"curl git=1:2.39.5-0\"\nRUN apt-get install -y $PACKAGES\n"
            ),
            vec![(3, 24)]
        );
        assert_eq!(
            findings(
                "DL3008",
                "FROM debian:12\nARG PACKAGES=curl=7.88.1-10\nRUN [\"apt-get\", \"install\", \"$PACKAGES\"]\n"
            ),
            vec![(3, 28)]
        );
    }
}
