use super::common::{
    Operand, expand_operands, for_each_command, operands_after_subcommand, runs_subcommand,
};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

/// Options of `gem install` (RubyGems 3) that take a value, so that the value is not read as a
/// gem.
const GEM_OPTIONS_WITH_VALUE: &[&str] = &[
    "-v",
    "--version",
    "--platform",
    "-i",
    "--install-dir",
    "-n",
    "--bindir",
    "--build-root",
    "--document",
    "-g",
    "--file",
    "-s",
    "--source",
    "-p",
    "--http-proxy",
    "-P",
    "--trust-policy",
    "--target-rbconfig",
    "--config-file",
    "--without",
];

declare_rule! {
    /// ## What it does
    /// Reports a gem of `gem install` given without a version, such as `bundler` in
    /// `gem install bundler`.
    ///
    /// ## Why is this bad?
    /// Without a version, each build installs the newest release on rubygems.org. Two builds
    /// of the same Dockerfile then differ, and a new release can break the image with no
    /// change to the Dockerfile.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN gem install bundler
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN gem install bundler:2.5.22
    /// ```
    /// or `RUN gem install bundler -v 2.5.22`. A command with `-v` or `--version` is not
    /// checked.
    ///
    /// ## Differences from hadolint
    /// hadolint reads the word after any option as that option's value, so in
    /// `gem install --no-document bundler` it skips `bundler`. plimsoll skips a value only
    /// after the options of `gem install` that take one, such as `--install-dir` and
    /// `--source`, and an option it does not know is read as taking no value. The words after
    /// `--`, which configure the build of a native extension, are not gems. A gem that uses build arguments or ENV variables with a known value is
    /// checked after expansion.
    pub UnpinnedGem {
        code: "DL3028",
        name: "unpinned-gem",
        severity: Warning,
    }
}

impl Rule for UnpinnedGem {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for_each_command(context, |index, command, _| {
            let is_install =
                runs_subcommand(command, "gem", GEM_OPTIONS_WITH_VALUE, &["install", "i"]);
            if !is_install || command.has_flag(Some('v'), Some("version")) {
                return;
            }
            // The words after `--` are options for building the gem's native extension.
            let end = command
                .args()
                .iter()
                .find(|word| word.value == "--")
                .map_or(usize::MAX, |word| word.span.start);
            let words: Vec<_> = operands_after_subcommand(command, GEM_OPTIONS_WITH_VALUE)
                .into_iter()
                .filter(|word| word.span.start < end)
                .collect();
            let unpinned = expand_operands(context, index, &words)
                .into_iter()
                .filter(|gem| !gem.value.contains(':'));
            for Operand { value, span } in unpinned {
                out.push(Self::META.diagnostic(
                    span,
                    format!(
                        "`{value}` has no version, so each build may install a different one; \
                         pin it as `{value}:<version>`"
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
    fn unpinned_gems_fail() {
        assert_eq!(
            findings(
                "DL3028",
                "FROM ruby:3.3\nRUN gem install bundler rake:13.2.1\n"
            ),
            vec![(2, 17)]
        );
        assert_eq!(
            findings(
                "DL3028",
                "FROM ruby:3.3\nRUN gem install --no-document bundler\n"
            ),
            vec![(2, 31)]
        );
        assert_eq!(
            findings(
                "DL3028",
                "FROM ruby:3.3\nRUN gem i -N --install-dir /opt/gems rails\n"
            ),
            vec![(2, 38)]
        );
        assert_eq!(
            findings("DL3028", "FROM ruby:3.3\nONBUILD RUN gem install rails\n"),
            vec![(2, 25)]
        );
    }

    #[test]
    fn pinned_forms_pass() {
        for text in [
            "FROM ruby:3.3\nRUN gem install bundler:2.5.22\n",
            "FROM ruby:3.3\nRUN gem install bundler -v 2.5.22\n",
            "FROM ruby:3.3\nRUN gem install bundler --version '~> 2.5'\n",
            "FROM ruby:3.3\nRUN gem install bundler --version=2.5.22\n",
            "FROM ruby:3.3\nARG BUNDLER=bundler:2.5.22\nRUN gem install $BUNDLER\n",
            "FROM ruby:3.3\nRUN gem update --system\n",
            "FROM ruby:3.3\nRUN gem install\n",
            "FROM ruby:3.3\nRUN gem install nokogiri:1.16.7 -- --use-system-libraries true\n",
        ] {
            assert!(findings("DL3028", text).is_empty(), "{text}");
        }
    }
}
