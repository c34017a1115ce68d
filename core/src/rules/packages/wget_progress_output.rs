use super::common::{for_each_command, insert_after_word};
use crate::diagnostic::{Applicability, Diagnostic};
use crate::rules::helpers::{flags, has_word, runs};
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `wget` without `--progress`, `-q`/`--quiet`, `-nv`/`--no-verbose`,
    /// `-o`/`--output-file` or `-a`/`--append-output`.
    ///
    /// ## Why is this bad?
    /// When its output is not a terminal, as in a build, wget prints its progress as lines of
    /// dots: thousands of lines for a large download. They flood the build log and hide the
    /// messages that matter.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN wget https://example.com/app.tar.gz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN wget --progress=dot:giga https://example.com/app.tar.gz
    /// ```
    /// or `wget -q` or `wget -nv`.
    ///
    /// ## Fix safety
    /// The fix inserts `--progress=dot:giga` after `wget`. It is unsafe: BusyBox wget, the
    /// `wget` of Alpine images, rejects `--progress`, and there `-q` is the option to use.
    pub WgetProgressOutput {
        code: "DL3047",
        name: "wget-progress-output",
        severity: Info,
        fixable: true,
    }
}

impl Rule for WgetProgressOutput {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for_each_command(context, |index, command, span| {
            if !runs(command, &["wget"]) {
                return;
            }
            // `-nv` is one option of wget, but reads as the flags `n` and `v`.
            let quiet = has_word(command, "-nv")
                || flags(command).iter().any(|flag| {
                    matches!(
                        *flag,
                        "progress"
                            | "q"
                            | "quiet"
                            | "no-verbose"
                            | "o"
                            | "output-file"
                            | "a"
                            | "append-output"
                    )
                });
            if quiet {
                return;
            }
            let message = "`wget` fills the build log with progress dots; add \
                           `--progress=dot:giga`, `-q` or `-nv`";
            let fix = insert_after_word(
                context,
                index,
                &command.argv[0],
                " --progress=dot:giga",
                "add `--progress=dot:giga`",
                Applicability::Unsafe,
            );
            out.push(match fix {
                Some(fix) => Self::META.diagnostic_with_fix(span, message, fix),
                None => Self::META.diagnostic(span, message),
            });
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::packages::common::apply_fixes;
    use crate::rules::test_support::findings;

    #[test]
    fn fix_inserts_progress_option() {
        assert_eq!(
            apply_fixes(
                "DL3047",
                "FROM debian:12\nRUN wget -O /tmp/a https://example.com/a\n"
            ),
            "FROM debian:12\nRUN wget --progress=dot:giga -O /tmp/a https://example.com/a\n"
        );
    }

    #[test]
    fn wget_with_progress_fails() {
        assert_eq!(
            findings(
                "DL3047",
                "FROM debian:12\nRUN wget https://example.com/a.tgz\n"
            ),
            vec![(2, 5)]
        );
        assert_eq!(
            findings(
                "DL3047",
                "FROM debian:12\nRUN wget -O - https://example.com/a | sh\n"
            ),
            vec![(2, 5)]
        );
        assert_eq!(
            findings(
                "DL3047",
                "FROM debian:12\nONBUILD RUN wget https://example.com/a\n"
            ),
            vec![(2, 13)]
        );
    }

    #[test]
    fn quiet_forms_pass() {
        for text in [
            "FROM debian:12\nRUN wget --progress=dot:giga https://example.com/a\n",
            "FROM debian:12\nRUN wget -q https://example.com/a\n",
            "FROM debian:12\nRUN wget -qO- https://example.com/a\n",
            "FROM debian:12\nRUN wget --quiet https://example.com/a\n",
            "FROM debian:12\nRUN wget -nv https://example.com/a\n",
            "FROM debian:12\nRUN wget --no-verbose https://example.com/a\n",
            "FROM debian:12\nRUN wget -o /tmp/log https://example.com/a\n",
            "FROM debian:12\nRUN wget -a /tmp/log https://example.com/a\n",
            "FROM debian:12\nRUN curl -fsSL https://example.com/a\n",
        ] {
            assert!(findings("DL3047", text).is_empty(), "{text}");
        }
    }
}
