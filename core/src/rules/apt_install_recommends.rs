use super::helpers::{apt_subcommand, flags, has_word, runs};
use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::source::Span;
use crate::syntax::ast::Keyword;

declare_rule! {
    /// ## What it does
    /// Reports `apt-get install` without `--no-install-recommends`.
    ///
    /// ## Why is this bad?
    /// By default apt also installs every package that the requested ones recommend:
    /// documentation, X11 libraries, compilers. They often double the size of an image and add
    /// packages that need security updates.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get update \
    ///  && apt-get install -y --no-install-recommends curl \
    ///  && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix safety
    /// The fix inserts `--no-install-recommends` after `install`. It is unsafe: the image
    /// loses the recommended packages, and the software may have relied on one of them.
    pub AptInstallRecommends {
        code: "DL3015",
        name: "apt-install-recommends",
        severity: Info,
        fixable: true,
    }
}

impl Rule for AptInstallRecommends {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in context.instructions().iter().enumerate() {
            if instruction.effective().keyword != Keyword::Run {
                continue;
            }
            let Some(commands) = context.run_commands(index) else {
                continue;
            };
            for (command, span) in commands.with_spans() {
                if !runs(command, &["apt-get"]) {
                    continue;
                }
                let Some(("install", _)) = apt_subcommand(command) else {
                    continue;
                };
                let skips_recommends = flags(command).contains(&"no-install-recommends")
                    || command.argv.iter().any(|word| {
                        word.value.contains("APT::Install-Recommends=false")
                            || word.value.contains("APT::Install-Recommends=0")
                    })
                    || has_word(command, "APT::Install-Recommends=false");
                if skips_recommends {
                    continue;
                }
                let fix = command
                    .argv
                    .iter()
                    .find(|word| word.value == "install")
                    .map(|word| {
                        let at = commands.span(&word.span).end;
                        Fix {
                            message: "add `--no-install-recommends`".to_string(),
                            applicability: Applicability::Unsafe,
                            edits: vec![Edit {
                                span: Span::empty(at),
                                replacement: " --no-install-recommends".to_string(),
                            }],
                        }
                    });
                let message = "`apt-get install` also installs recommended packages; add \
                               `--no-install-recommends`";
                out.push(match fix {
                    Some(fix) => Self::META.diagnostic_with_fix(span, message, fix),
                    None => Self::META.diagnostic(span, message),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;
    use crate::{LintOptions, lint};

    #[test]
    fn install_with_recommends_fails() {
        assert_eq!(
            findings("DL3015", "FROM debian:12\nRUN apt-get install -y curl\n"),
            vec![(2, 5)]
        );
    }

    #[test]
    fn no_recommends_passes() {
        assert!(
            findings(
                "DL3015",
                "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n"
            )
            .is_empty()
        );
        assert!(
            findings(
                "DL3015",
                "FROM debian:12\nRUN apt-get -o APT::Install-Recommends=false install -y curl\n"
            )
            .is_empty()
        );
    }

    #[test]
    fn fix_inserts_flag_after_install() {
        let text = "FROM debian:12\nRUN apt-get install -y curl\n";
        let options = LintOptions {
            select: vec!["DL3015".into()],
            ..Default::default()
        };
        let result = lint(text.as_bytes(), &options).unwrap();
        let fix = result.diagnostics[0].fix.as_ref().expect("a fix");
        let mut fixed = text.to_string();
        let edit = &fix.edits[0];
        fixed.replace_range(edit.span.start..edit.span.end, &edit.replacement);
        assert_eq!(
            fixed,
            "FROM debian:12\nRUN apt-get install --no-install-recommends -y curl\n"
        );
    }
}
