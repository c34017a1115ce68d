use super::common::{
    Operand, expand_operands, for_each_command, operands_after_subcommand, runs_subcommand,
};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

/// Options of apk (apk-tools 2) that take a value, so that the value is not read as a package.
pub(super) const APK_OPTIONS_WITH_VALUE: &[&str] = &[
    "-t",
    "--virtual",
    "-X",
    "--repository",
    "-p",
    "--root",
    "--arch",
    "--cache-dir",
    "--keys-dir",
    "--repositories-file",
    "--wait",
    "--timeout",
];

/// Returns true if an `apk add` argument names a version or is a package file: `curl=8.5.0-r0`,
/// `curl~8.5`, `curl>8`, `./app.apk`.
fn is_pinned(package: &str) -> bool {
    package.contains(['=', '~', '>', '<']) || package.ends_with(".apk")
}

declare_rule! {
    /// ## What it does
    /// Reports a package of `apk add` given without a version, such as `curl` in
    /// `apk add --no-cache curl`.
    ///
    /// ## Why is this bad?
    /// Without a version, each build installs whatever the Alpine repositories offer that day.
    /// Two builds of the same Dockerfile then differ, and an update can break the image with
    /// no change to the Dockerfile.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apk add --no-cache curl=8.11.1-r0
    /// ```
    /// A version constraint (`curl~8.11`, `curl>8`) or an `.apk` file counts as pinned too.
    ///
    /// ## Differences from hadolint
    /// The values of `--root`, `--arch`, `--cache-dir`, `--keys-dir`, `--repositories-file`,
    /// `--wait` and `--timeout` are not read as packages. A package that uses build arguments
    /// or ENV variables with a known value is checked after expansion. `add` must be the
    /// subcommand: hadolint accepts it anywhere among the arguments.
    pub UnpinnedApkPackage {
        code: "DL3018",
        name: "unpinned-apk-package",
        severity: Warning,
    }
}

impl Rule for UnpinnedApkPackage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for_each_command(context, |index, command, _| {
            if !runs_subcommand(command, "apk", APK_OPTIONS_WITH_VALUE, &["add"]) {
                return;
            }
            let words = operands_after_subcommand(command, APK_OPTIONS_WITH_VALUE);
            let unpinned = expand_operands(context, index, &words)
                .into_iter()
                .filter(|package| !is_pinned(&package.value));
            for Operand { value, span } in unpinned {
                out.push(Self::META.diagnostic(
                    span,
                    format!(
                        "`{value}` has no version, so each build may install a different one; \
                         pin it as `{value}=<version>`"
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
                "DL3018",
                "FROM alpine:3.20\nRUN apk add --no-cache curl git=2.45.2-r0\n"
            ),
            vec![(2, 24)]
        );
        assert_eq!(
            findings(
                "DL3018",
                "FROM alpine:3.20\nRUN apk add --virtual .build-deps gcc\n"
            ),
            vec![(2, 35)]
        );
        assert_eq!(
            findings("DL3018", "FROM alpine:3.20\nONBUILD RUN apk add curl\n"),
            vec![(2, 21)]
        );
    }

    #[test]
    fn pinned_forms_pass() {
        for text in [
            "FROM alpine:3.20\nRUN apk add --no-cache curl=8.11.1-r0 git~2.45 'musl>1.2' \"zlib<2\"\n",
            "FROM alpine:3.20\nRUN apk add --allow-untrusted /tmp/app-1.0-r0.apk\n",
            "FROM alpine:3.20\nRUN apk add -t .deps -X https://dl-cdn.alpinelinux.org/alpine/edge/testing curl=8.11.1-r0\n",
            "FROM alpine:3.20\nRUN apk --root /sysroot --arch aarch64 add curl=8.11.1-r0\n",
            "FROM alpine:3.20\nRUN apk del curl\n",
            "FROM alpine:3.20\nRUN apk update\n",
        ] {
            assert!(findings("DL3018", text).is_empty(), "{text}");
        }
    }
}
