use super::common::{
    Operand, expand_operands, for_each_command, operands_after_subcommand, runs_subcommand,
};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

/// Options of npm (npm 10) that take a value, so that the value is not read as a package.
const NPM_OPTIONS_WITH_VALUE: &[&str] = &[
    "--before",
    "--cache",
    "--fetch-retries",
    "--fetch-timeout",
    "--globalconfig",
    "--include",
    "--install-strategy",
    "--location",
    "--loglevel",
    "--omit",
    "--prefix",
    "--registry",
    "--tag",
    "--userconfig",
    "-w",
    "--workspace",
];

/// Returns true if an npm package spec names a version, tag, commit or local file:
/// `express@4.19.2`, `@types/node@20`, `git+https://host/repo.git#v1.0`, `./lib`, `app.tgz`.
fn is_pinned(spec: &str) -> bool {
    let git = ["git://", "git+ssh://", "git+http://", "git+https://"]
        .iter()
        .any(|prefix| spec.starts_with(prefix));
    if git {
        return spec.contains('#');
    }
    if [".tar", ".tar.gz", ".tgz"]
        .iter()
        .any(|suffix| spec.ends_with(suffix))
        || ["/", "./", "../", "~/"]
            .iter()
            .any(|prefix| spec.starts_with(prefix))
    {
        return true;
    }
    // The `@` of a scope such as `@types/node` is not a version.
    let name = match spec.strip_prefix('@') {
        Some(scoped) => scoped.split_once('/').map_or("", |(_, name)| name),
        None => spec,
    };
    name.contains('@')
}

declare_rule! {
    /// ## What it does
    /// Reports a package of `npm install` given without a version, such as `express` in
    /// `npm install express`.
    ///
    /// ## Why is this bad?
    /// Without a version, each build installs the newest release on the registry. Two builds
    /// of the same Dockerfile then differ, and a new release can break the image with no
    /// change to the Dockerfile.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN npm install -g typescript
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN npm install -g typescript@5.6.3
    /// ```
    /// A tag (`typescript@latest`), a git URL with `#commit` or `#semver:…`, a tarball and a
    /// local path count as pinned. A bare `npm install`, which installs the versions of
    /// `package.json` and the lock file, is not reported.
    ///
    /// ## Differences from hadolint
    /// More options of npm are known to take a value, so values such as that of `--prefix` or
    /// `--omit` are not read as packages. A package that uses build arguments or ENV
    /// variables with a known value is checked after expansion.
    pub UnpinnedNpmPackage {
        code: "DL3016",
        name: "unpinned-npm-package",
        severity: Warning,
    }
}

impl Rule for UnpinnedNpmPackage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for_each_command(context, |index, command, _| {
            if !runs_subcommand(command, "npm", NPM_OPTIONS_WITH_VALUE, &["install"]) {
                return;
            }
            let words = operands_after_subcommand(command, NPM_OPTIONS_WITH_VALUE);
            let unpinned = expand_operands(context, index, &words)
                .into_iter()
                .filter(|package| !is_pinned(&package.value));
            for Operand { value, span } in unpinned {
                out.push(Self::META.diagnostic(
                    span,
                    format!(
                        "`{value}` has no version, so each build may install a different one; \
                         pin it as `{value}@<version>`"
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
                "DL3016",
                "FROM node:22\nRUN npm install -g typescript eslint@9.0.0\n"
            ),
            vec![(2, 20)]
        );
        assert_eq!(
            findings("DL3016", "FROM node:22\nRUN npm install @types/node\n"),
            vec![(2, 17)]
        );
        assert_eq!(
            findings(
                "DL3016",
                "FROM node:22\nRUN npm install git+https://github.com/org/repo.git\n"
            ),
            vec![(2, 17)]
        );
        assert_eq!(
            findings(
                "DL3016",
                "FROM node:22\nRUN npm --prefix /app install express\n"
            ),
            vec![(2, 31)]
        );
        assert_eq!(
            findings("DL3016", "FROM node:22\nONBUILD RUN npm install express\n"),
            vec![(2, 25)]
        );
    }

    #[test]
    fn pinned_and_exempt_forms_pass() {
        for text in [
            "FROM node:22\nRUN npm install\n",
            "FROM node:22\nRUN npm install --production\n",
            "FROM node:22\nRUN npm ci\n",
            "FROM node:22\nRUN npm install express@4.19.2 @types/node@20 typescript@latest\n",
            "FROM node:22\nRUN npm install git+https://github.com/org/repo.git#v1.0.0\n",
            "FROM node:22\nRUN npm install ./lib ../shared /opt/pkg ~/pkg app.tgz app.tar.gz\n",
            "FROM node:22\nRUN npm install --registry https://registry.example.com --loglevel warn\n",
            "FROM node:22\nARG TS=typescript@5.6.3\nRUN npm install -g $TS\n",
            "FROM node:22\nRUN npm run build -- install\n",
        ] {
            assert!(findings("DL3016", text).is_empty(), "{text}");
        }
    }
}
