use super::common::{for_each_command, word_span};
use crate::diagnostic::Diagnostic;
use crate::rules::helpers::runs;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` that calls `apt`.
    ///
    /// ## Why is this bad?
    /// `apt` is the command-line tool for people at a terminal. Its output and behaviour may
    /// change between releases, and it warns that it "does not have a stable CLI interface"
    /// when used in scripts. `apt-get` and `apt-cache` offer the same operations with a stable
    /// interface meant for scripts.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt update && apt install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Differences from hadolint
    /// `apt` called by its path, such as `/usr/bin/apt`, is reported too.
    pub AptInsteadOfAptGet {
        code: "DL3027",
        name: "apt-instead-of-apt-get",
        severity: Warning,
    }
}

impl Rule for AptInsteadOfAptGet {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for_each_command(context, |index, command, _| {
            if runs(command, &["apt"]) {
                out.push(Self::META.diagnostic(
                    word_span(context, index, &command.argv[0]),
                    "`apt` has no stable interface for scripts; use `apt-get` or `apt-cache`",
                ));
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn apt_fails() {
        assert_eq!(
            findings(
                "DL3027",
                "FROM debian:12\nRUN apt update && apt install -y curl\n"
            ),
            vec![(2, 5), (2, 19)]
        );
        assert_eq!(
            findings(
                "DL3027",
                "FROM debian:12\nONBUILD RUN apt install -y curl\n"
            ),
            vec![(2, 13)]
        );
    }

    #[test]
    fn apt_get_passes() {
        for text in [
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
            "FROM debian:12\nRUN apt-cache policy curl\n",
            "FROM debian:12\nRUN echo apt\n",
        ] {
            assert!(findings("DL3027", text).is_empty(), "{text}");
        }
    }
}
