use super::dockerignore::{Dockerignore, clean};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::source::Span;
use crate::syntax::ast::{Arguments, Keyword};

declare_rule! {
    /// ## What it does
    /// Reports a `COPY` or `ADD` source from the build context that the context's
    /// `.dockerignore` excludes. It runs only when the `.dockerignore` text is given (the CLI
    /// reads the file beside the Dockerfile, or the one named with `--dockerignore`).
    ///
    /// ## Why is this bad?
    /// Excluded files are never sent to the builder, so the instruction fails with "not found"
    /// or, for a directory, silently copies less than it appears to.
    ///
    /// ## Example
    /// With a `.dockerignore` holding `config/`:
    /// ```dockerfile
    /// COPY config/app.toml /etc/app/
    /// ```
    ///
    /// ## Use instead
    /// Remove `config/` from `.dockerignore`, or copy a file it does not exclude.
    ///
    /// As in BuildKit, nothing is reported when the `.dockerignore` has an exclusion
    /// (`!pattern`), because a file can be re-included below an excluded directory. Sources of
    /// `COPY --from`, URLs and Git repositories are not checked. The context root (`.` or `/`) is reported only
    /// for the patterns `*`, `**` and `**/*`.
    ///
    /// ## Differences from BuildKit
    /// A source with a leading `/` is matched relative to the context root, as the build
    /// reads it; BuildKit matches it with the slash and misses it.
    pub CopyIgnoredFile {
        code: "PL2001",
        name: "copy-ignored-file",
        severity: Warning,
        aliases: ["CopyIgnoredFile"],
    }
}

impl Rule for CopyIgnoredFile {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(text) = context.options.dockerignore.as_deref() else {
            return;
        };
        let Some(dockerignore) = Dockerignore::parse(text) else {
            return;
        };
        if dockerignore.has_exclusions() {
            return;
        }
        for (index, instruction) in context.instructions().iter().enumerate() {
            let verb = match instruction.keyword {
                Keyword::Copy if instruction.flag("from").is_none() => "COPY",
                Keyword::Add => "ADD",
                _ => continue,
            };
            let (Arguments::Words(words) | Arguments::Exec(words)) = &instruction.arguments else {
                continue;
            };
            let Some((_, sources)) = words.split_last() else {
                continue;
            };
            let openers: Vec<Span> = instruction
                .heredocs
                .iter()
                .map(|heredoc| heredoc.opener_span)
                .collect();
            for source in sources {
                if source.value.starts_with("<<") || openers.contains(&source.span) {
                    continue;
                }
                let expanded = context.expand_or_keep(index, &source.value);
                if expanded.contains("://") || expanded.starts_with("git@") {
                    continue;
                }
                let path = clean(&expanded);
                let ignored = if path == "." || path == "/" {
                    dockerignore.ignores_root()
                } else {
                    dockerignore.matches_or_parent_matches(path.trim_start_matches('/'))
                };
                if ignored {
                    out.push(Self::META.diagnostic(
                        source.span,
                        format!(
                            "{verb} source `{path}` is excluded by .dockerignore, so the builder \
                             never receives it"
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::LintOptions;
    use crate::rules::test_support::findings_with;

    fn with_ignore(dockerignore: &str) -> LintOptions {
        LintOptions {
            dockerignore: Some(dockerignore.to_string()),
            ..LintOptions::default()
        }
    }

    #[test]
    fn ignored_source_fails() {
        let text = "\nFROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n";
        assert_eq!(
            findings_with("PL2001", text, with_ignore("\nDockerfile\n")),
            vec![(3, 6), (4, 5)]
        );
        let text = "\nFROM scratch\nCOPY . .\n";
        assert_eq!(
            findings_with("PL2001", text, with_ignore("\n*\n")),
            vec![(3, 6)]
        );
        let text = "FROM scratch\nARG SRC=config\nCOPY ${SRC}/app.toml /etc/\n";
        assert_eq!(
            findings_with("PL2001", text, with_ignore("config/\n")),
            vec![(3, 6)]
        );
    }

    #[test]
    fn skipped_cases_pass() {
        let cases = [
            (
                "\nFROM scratch AS base\nCOPY Dockerfile /foobar\nADD Dockerfile /windy\n\n\
                 FROM base\nCOPY --from=base /foobar /Dockerfile\n",
                "\nfoobar\n",
            ),
            (
                "\nFROM scratch\nCOPY ./Dockerfile .\n",
                "\n**\n!Dockerfile\n",
            ),
            ("\nFROM scratch\nCOPY . .\n", "\n**\n!Dockerfile\n"),
            ("\nFROM scratch\nCOPY . .\n", "\n.*\n"),
            ("FROM scratch\nADD https://example.com/x.tgz /x\n", "*\n"),
            ("FROM scratch\nCOPY <<EOF /x\nbody\nEOF\n", "EOF\n"),
        ];
        for (text, dockerignore) in cases {
            assert!(
                findings_with("PL2001", text, with_ignore(dockerignore)).is_empty(),
                "{text}"
            );
        }
        let text = "FROM scratch\nCOPY Dockerfile .\n";
        assert!(findings_with("PL2001", text, LintOptions::default()).is_empty());
    }
}
