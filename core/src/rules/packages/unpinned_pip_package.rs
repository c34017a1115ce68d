use super::common::{Operand, expand_operands, for_each_command};
use crate::diagnostic::Diagnostic;
use crate::rules::helpers::program;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::shell::Command;

/// Options of `pip install` (pip 25) and of pip itself that take a value, so that the value is
/// not read as a package.
const PIP_OPTIONS_WITH_VALUE: &[&str] = &[
    "-b",
    "--build",
    "-C",
    "--config-settings",
    "--abi",
    "--cache-dir",
    "--cert",
    "--client-cert",
    "-e",
    "--editable",
    "--exists-action",
    "--extra-index-url",
    "-f",
    "--find-links",
    "--global-option",
    "--group",
    "-i",
    "--index-url",
    "--implementation",
    "--install-option",
    "--keyring-provider",
    "--log",
    "--log-file",
    "--no-binary",
    "--only-binary",
    "--platform",
    "--prefix",
    "--progress-bar",
    "--proxy",
    "--python",
    "--python-version",
    "--report",
    "--resume-retries",
    "--retries",
    "--root",
    "--root-user-action",
    "--src",
    "-t",
    "--target",
    "--timeout",
    "--trusted-host",
    "--upgrade-strategy",
    "--use-deprecated",
    "--use-feature",
];

/// The version control schemes pip accepts in a requirement such as
/// `git+https://github.com/org/project@v1.2`.
const VCS_SCHEMES: &[&str] = &[
    "git",
    "git+file",
    "git+https",
    "git+ssh",
    "git+http",
    "git+git",
    "hg+file",
    "hg+http",
    "hg+https",
    "hg+ssh",
    "hg+static-http",
    "svn",
    "svn+svn",
    "svn+http",
    "svn+https",
    "svn+ssh",
    "bzr+http",
    "bzr+https",
    "bzr+ssh",
    "bzr+sftp",
    "bzr+ftp",
    "bzr+lp",
];

/// Returns the words after `install` if the command is `pip install`, `pip3 install`,
/// `pipx install` or `python -m pip install`. `pipenv` is not pip.
fn pip_install_arguments(command: &Command) -> Option<Vec<&crate::shell::ShellWord>> {
    let name = program(command)?;
    let positional = command.positional_args(PIP_OPTIONS_WITH_VALUE);
    let after_program = if name.starts_with("pip") && !name.starts_with("pipenv") {
        positional
    } else if name.starts_with("python") {
        let words: Vec<&str> = command
            .args()
            .iter()
            .map(|word| word.value.as_str())
            .collect();
        if !words
            .windows(3)
            .any(|window| window == ["-m", "pip", "install"])
        {
            return None;
        }
        positional
            .into_iter()
            .skip_while(|word| word.value != "pip")
            .skip(1)
            .collect()
    } else {
        return None;
    };
    let (first, rest) = after_program.split_first()?;
    (first.value == "install").then(|| rest.to_vec())
}

/// Returns true if the command installs from a requirements file, a constraints file or the
/// project in the current directory, whose versions this rule cannot see.
fn installs_from_files(command: &Command) -> bool {
    command.args().iter().any(|word| {
        let value = word.value.as_str();
        value == "."
            || value.starts_with("--requirement")
            || value.starts_with("--constraint")
            || value
                .strip_prefix('-')
                .filter(|group| !group.starts_with('-'))
                .is_some_and(short_group_reads_file)
    })
}

/// Returns true if a group of pip's short options, such as `Ur` in `-Ur requirements.txt`,
/// contains `-r` or `-c`. The first option that takes a value ends the group, because the
/// rest of the word is its value: `-ihttps://example.com` has no `-c`.
fn short_group_reads_file(group: &str) -> bool {
    for option in group.chars() {
        match option {
            'r' | 'c' => return true,
            'b' | 'C' | 'e' | 'f' | 'i' | 't' => return false,
            _ => {}
        }
    }
    false
}

/// Returns true if a requirement names a version, a VCS revision or a file or directory.
fn is_pinned(requirement: &str) -> bool {
    if ["==", ">", "<", "!=", "~="]
        .iter()
        .any(|operator| requirement.contains(operator))
    {
        return true;
    }
    let is_vcs = requirement
        .split_once("://")
        .is_some_and(|(scheme, _)| VCS_SCHEMES.contains(&scheme));
    if is_vcs {
        // `git+https://host/org/project` names a repository; `@ref` picks the revision.
        let path = requirement.split_once("://").map_or("", |(_, path)| path);
        return path.contains('@');
    }
    requirement.ends_with(".whl") || requirement.ends_with(".tar.gz") || requirement.contains('/')
}

declare_rule! {
    /// ## What it does
    /// Reports a package of `pip install` given without a version, such as `flask` in
    /// `pip install flask`.
    ///
    /// ## Why is this bad?
    /// Without a version, each build installs the newest release on the package index. Two
    /// builds of the same Dockerfile then differ, and a new release can break the image with
    /// no change to the Dockerfile.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN pip install --no-cache-dir flask
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN pip install --no-cache-dir flask==3.0.3
    /// ```
    /// or list the versions in a requirements file and run
    /// `pip install --no-cache-dir -r requirements.txt`.
    ///
    /// Any version operator (`==`, `>=`, `<=`, `>`, `<`, `!=`, `~=`, `===`) counts as pinned, as
    /// do a VCS URL with `@revision`, a `.whl` or `.tar.gz` file and a path or URL. A command
    /// that uses a requirements file (`-r`), a constraints file (`-c`) or installs the
    /// current directory (`.`) is not checked.
    ///
    /// ## Differences from hadolint
    /// More options of pip are known to take a value, so values such as that of `--cache-dir`
    /// or `--timeout` are not read as packages, and `-rrequirements.txt`,
    /// `--requirement=requirements.txt` and `--constraint=constraints.txt` are recognised. A
    /// package that uses build arguments or ENV variables with a known value is checked after
    /// expansion. A package whose name starts with `git` or `svn` but has no `://` is read as
    /// a package name, not as a VCS URL.
    pub UnpinnedPipPackage {
        code: "DL3013",
        name: "unpinned-pip-package",
        severity: Warning,
    }
}

impl Rule for UnpinnedPipPackage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for_each_command(context, |index, command, _| {
            let Some(words) = pip_install_arguments(command) else {
                return;
            };
            if installs_from_files(command) {
                return;
            }
            let unpinned = expand_operands(context, index, &words)
                .into_iter()
                .filter(|package| !is_pinned(&package.value));
            for Operand { value, span } in unpinned {
                out.push(Self::META.diagnostic(
                    span,
                    format!(
                        "`{value}` has no version, so each build may install a different one; \
                         pin it as `{value}==<version>` or use a requirements file"
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
                "DL3013",
                "FROM python:3.12\nRUN pip install flask requests==2.32.3\n"
            ),
            vec![(2, 17)]
        );
        assert_eq!(
            findings(
                "DL3013",
                "FROM python:3.12\nRUN python3 -m pip install -U pip\n"
            ),
            vec![(2, 31)]
        );
        assert_eq!(
            findings(
                "DL3013",
                "FROM python:3.12\nRUN pip3 install --index-url https://pypi.example.com/simple flask\n"
            ),
            vec![(2, 62)]
        );
        assert_eq!(
            findings(
                "DL3013",
                "FROM python:3.12\nRUN pip install --cache-dir /tmp/pip flask\n"
            ),
            vec![(2, 38)]
        );
        assert_eq!(
            findings(
                "DL3013",
                "FROM python:3.12\nRUN pip install git+https://github.com/org/project.git\n"
            ),
            vec![(2, 17)]
        );
        assert_eq!(
            findings(
                "DL3013",
                "FROM python:3.12\nONBUILD RUN pipx install black\n"
            ),
            vec![(2, 26)]
        );
        assert_eq!(
            findings("DL3013", "FROM python:3.12\nRUN pip install gitpython\n"),
            vec![(2, 17)]
        );
        assert_eq!(
            findings(
                "DL3013",
                "FROM python:3.12\nRUN pip install -ihttps://pypi.example.com flask\n"
            ),
            vec![(2, 44)]
        );
    }

    #[test]
    fn pinned_and_exempt_forms_pass() {
        for text in [
            "FROM python:3.12\nRUN pip install flask==3.0.3 'requests>=2.31' \"numpy<2\" six!=1.0 attrs~=23.1\n",
            "FROM python:3.12\nRUN pip install git+https://github.com/org/project.git@v1.2.0\n",
            "FROM python:3.12\nRUN pip install ./dist/app-1.0-py3-none-any.whl\n",
            "FROM python:3.12\nRUN pip install app-1.0.tar.gz\n",
            "FROM python:3.12\nRUN pip install /src/app\n",
            "FROM python:3.12\nRUN pip install -r requirements.txt\n",
            "FROM python:3.12\nRUN pip install --requirement=requirements.txt\n",
            "FROM python:3.12\nRUN pip install -rrequirements.txt flask\n",
            "FROM python:3.12\nRUN pip install -c constraints.txt flask\n",
            "FROM python:3.12\nRUN pip install -Ur requirements.txt\n",
            "FROM python:3.12\nRUN pip install .\n",
            "FROM python:3.12\nRUN pip install -e .\n",
            "FROM python:3.12\nRUN pip install --target /opt/lib --prefix /usr/local flask==3.0.3\n",
            "FROM python:3.12\nRUN pip freeze\n",
            "FROM python:3.12\nRUN pipenv install flask\n",
            "FROM python:3.12\nRUN pip uninstall -y flask\n",
            "FROM python:3.12\nARG FLASK_VERSION=3.0.3\nRUN pip install flask==$FLASK_VERSION\n",
            "FROM python:3.12\nRUN python -m venv /venv\n",
        ] {
            assert!(findings("DL3013", text).is_empty(), "{text}");
        }
    }
}
