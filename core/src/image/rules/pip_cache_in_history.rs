use super::history::{positional, program};
use super::{ImageContext, ImageFinding, ImageLocation, ImageRule};
use crate::rules::{RuleMeta, declare_rule};
use crate::shell::Command;

/// Returns true for `pip install`, `pip3.12 install` and `python -m pip install`.
fn is_pip_install(command: &Command) -> bool {
    let Some(name) = program(command) else {
        return false;
    };
    let versioned = |prefix: &str| {
        name.strip_prefix(prefix)
            .is_some_and(|version| version.chars().all(|ch| ch.is_ascii_digit() || ch == '.'))
    };
    if versioned("pip") {
        return positional(command).first() == Some(&"install");
    }
    if !versioned("python") {
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

/// Returns true if an assignment `PIP_NO_CACHE_DIR=value` turns pip's cache off. pip
/// disables the cache for every boolean value, false ones included.
fn disables_cache(assignment: &str) -> bool {
    assignment
        .strip_prefix("PIP_NO_CACHE_DIR=")
        .is_some_and(|value| {
            matches!(
                value.to_ascii_lowercase().as_str(),
                "1" | "true" | "on" | "yes" | "y" | "t" | "0" | "false" | "off" | "no" | "n" | "f"
            )
        })
}

declare_rule! {
    /// ## What it does
    /// Reports RUN history entries with `pip install` without `--no-cache-dir`, unless an
    /// earlier ENV entry, a build argument or an assignment before the command sets
    /// `PIP_NO_CACHE_DIR`.
    ///
    /// ## Why is this bad?
    /// pip keeps every downloaded wheel in `~/.cache/pip`, and in an image that cache is dead
    /// weight in the layer, often as large as the installed packages.
    ///
    /// ## Example
    /// An image built with
    /// ```dockerfile
    /// RUN pip3 install -r requirements.txt
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN pip3 install --no-cache-dir -r requirements.txt
    /// ```
    pub PipCacheInHistory {
        code: "PL3011",
        name: "pip-cache-in-history",
        severity: Warning,
    }
}

impl ImageRule for PipCacheInHistory {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        let mut env_disables_cache = false;
        for step in &context.steps {
            if step.is("ENV") {
                env_disables_cache |= step.assignments().iter().any(|word| disables_cache(word));
                continue;
            }
            if env_disables_cache || step.build_args.iter().any(|word| disables_cache(word)) {
                continue;
            }
            let cached_install = step.commands.iter().any(|command| {
                is_pip_install(command)
                    && !command.has_flag(None, Some("no-cache-dir"))
                    && !command
                        .assignments
                        .iter()
                        .any(|word| disables_cache(&word.value))
            });
            if cached_install {
                out.push(ImageFinding::new(
                    &Self::META,
                    ImageLocation::History { index: step.index },
                    "`pip install` without `--no-cache-dir` leaves downloaded packages in \
                     ~/.cache/pip in this layer; add `--no-cache-dir`"
                        .to_string(),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{locations, with_history};
    use crate::image::rules::ImageLocation;

    #[test]
    fn pip_install_with_cache() {
        let analysis = with_history(&[
            "/bin/sh -c pip3 install -r requirements.txt",
            "RUN /bin/sh -c python3.12 -m pip install flask # buildkit",
            "/bin/sh -c pip install --no-cache-dir flask",
            "/bin/sh -c PIP_NO_CACHE_DIR=1 pip install flask",
            "/bin/sh -c pip download flask",
        ]);
        assert_eq!(
            locations("PL3011", &analysis),
            [0, 1].map(|index| ImageLocation::History { index })
        );
    }

    #[test]
    fn env_turns_cache_off_for_later_steps() {
        let analysis = with_history(&[
            "/bin/sh -c pip install a",
            "ENV PIP_NO_CACHE_DIR=off",
            "/bin/sh -c pip install b",
        ]);
        assert_eq!(
            locations("PL3011", &analysis),
            [ImageLocation::History { index: 0 }]
        );
    }
}
