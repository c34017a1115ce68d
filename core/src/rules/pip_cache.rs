use super::helpers::{flags, has_cache_mount, program};
use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::shell::Command;
use crate::syntax::ast::Keyword;

/// Returns true if a `PIP_NO_CACHE_DIR` value turns pip's cache off. For backwards
/// compatibility pip disables the cache for every boolean value, false ones included, so
/// `PIP_NO_CACHE_DIR=off` also disables it.
fn disables_cache(value: &str) -> bool {
    let value = value.trim_matches(['"', '\'']).to_ascii_lowercase();
    matches!(
        value.as_str(),
        "1" | "true" | "on" | "yes" | "y" | "t" | "0" | "false" | "off" | "no" | "n" | "f"
    )
}

/// Returns true for `pip install`, `pip3.12 install` and `python -m pip install`.
fn is_pip_install(command: &Command) -> bool {
    let Some(name) = program(command) else {
        return false;
    };
    let positional = command.positional_args(&[]);
    let is_pip = name
        .strip_prefix("pip")
        .is_some_and(|version| version.chars().all(|ch| ch.is_ascii_digit() || ch == '.'));
    if is_pip {
        return positional
            .first()
            .is_some_and(|word| word.value == "install");
    }
    let is_python = name
        .strip_prefix("python")
        .is_some_and(|version| version.chars().all(|ch| ch.is_ascii_digit() || ch == '.'));
    if !is_python {
        return false;
    }
    let words: Vec<&str> = command
        .argv
        .iter()
        .map(|word| word.value.as_str())
        .collect();
    words
        .windows(3)
        .any(|window| window == ["-m", "pip", "install"])
}

declare_rule! {
    /// ## What it does
    /// Reports `pip install` without `--no-cache-dir`, unless `PIP_NO_CACHE_DIR` is set or the
    /// cache directory is a cache mount.
    ///
    /// ## Why is this bad?
    /// pip keeps every downloaded wheel in `~/.cache/pip`. In an image that cache is dead
    /// weight, often as large as the installed packages themselves.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN pip install -r requirements.txt
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN pip install --no-cache-dir -r requirements.txt
    /// ```
    /// or `RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt`.
    ///
    /// ## Differences from hadolint
    /// `PIP_NO_CACHE_DIR` is found in ENV of the stage and of the stages it is built on, and as
    /// an assignment in front of the command. Any boolean value counts, `off` included, since
    /// pip disables its cache for all of them; hadolint accepts only true values.
    pub PipCache {
        code: "DL3042",
        name: "pip-cache",
        severity: Warning,
    }
}

impl Rule for PipCache {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in context.instructions().iter().enumerate() {
            let run = instruction.effective();
            if run.keyword != Keyword::Run || has_cache_mount(run, ".cache/pip") {
                continue;
            }
            let Some(commands) = context.run_commands(index) else {
                continue;
            };
            let mut env_checked = None;
            for (command, span) in commands.with_spans() {
                if !is_pip_install(command) || flags(command).contains(&"no-cache-dir") {
                    continue;
                }
                let assigned = command.assignments.iter().any(|word| {
                    word.value
                        .strip_prefix("PIP_NO_CACHE_DIR=")
                        .is_some_and(disables_cache)
                });
                if assigned {
                    continue;
                }
                let env_disables_cache = *env_checked.get_or_insert_with(|| {
                    context
                        .model
                        .scope(index)
                        .iter()
                        .any(|(key, value)| key == "PIP_NO_CACHE_DIR" && disables_cache(value))
                        || run.line.text.contains("PIP_NO_CACHE_DIR=1")
                });
                if env_disables_cache {
                    continue;
                }
                out.push(Self::META.diagnostic(
                    span,
                    "`pip install` keeps downloaded packages in ~/.cache/pip; add \
                     `--no-cache-dir`",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn pip_install_with_cache_fails() {
        assert_eq!(
            findings("DL3042", "FROM python:3.12\nRUN pip install flask\n"),
            vec![(2, 5)]
        );
        assert_eq!(
            findings(
                "DL3042",
                "FROM python:3.12\nRUN python3 -m pip install flask\n"
            ),
            vec![(2, 5)]
        );
        assert_eq!(
            findings("DL3042", "FROM python:3.12\nRUN pip3.12 install -r r.txt\n"),
            vec![(2, 5)]
        );
    }

    #[test]
    fn no_cache_forms_pass() {
        for text in [
            "FROM python:3.12\nRUN pip install --no-cache-dir flask\n",
            "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n",
            "FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=true\nFROM base\nRUN pip install flask\n",
            "FROM python:3.12\nRUN PIP_NO_CACHE_DIR=1 pip install flask\n",
            "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n",
            "FROM python:3.12\nRUN pip freeze\n",
            "FROM python:3.12\nRUN pipx install black\n",
            "FROM python:3.12\nENV PIP_NO_CACHE_DIR=off\nRUN pip install flask\n",
        ] {
            assert!(findings("DL3042", text).is_empty(), "{text}");
        }
    }
}
