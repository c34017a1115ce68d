use super::common::{copy_or_add_paths, strip_quotes};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `COPY` or `ADD` with more than one source whose destination does not end
    /// with `/`.
    ///
    /// ## Why is this bad?
    /// Several sources can only be copied into a directory, so the builder requires the
    /// destination to end with `/`, and the build fails otherwise.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY package.json package-lock.json /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// COPY package.json package-lock.json /app/
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint checks only `COPY`, although `ADD` fails the same way. The destination is
    /// read after ARG and ENV expansion, so `COPY a b $DIR` passes when `DIR` ends with `/`.
    pub CopySourcesToFile {
        code: "DL3021",
        name: "copy-sources-to-file",
        severity: Error,
    }
}

impl Rule for CopySourcesToFile {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in context.instructions().iter().enumerate() {
            let Some((sources, destination)) = copy_or_add_paths(instruction) else {
                continue;
            };
            if sources.len() < 2 {
                continue;
            }
            let value = strip_quotes(&context.expand_or_keep(index, &destination.value));
            if value.ends_with('/') || value.ends_with('\\') {
                continue;
            }
            out.push(Self::META.diagnostic(
                destination.span,
                format!(
                    "{} with {} sources needs a directory destination; end `{value}` with `/`",
                    instruction.name(),
                    sources.len()
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn several_sources_to_file_fails() {
        assert_eq!(
            findings("DL3021", "FROM a:1\nCOPY a b /app\n"),
            vec![(2, 10)]
        );
        assert_eq!(
            findings("DL3021", "FROM a:1\nCOPY [\"a\", \"b\", \"/app\"]\n"),
            vec![(2, 17)]
        );
        assert_eq!(findings("DL3021", "FROM a:1\nADD a b /app\n"), vec![(2, 9)]);
    }

    #[test]
    fn directory_or_single_source_passes() {
        assert!(findings("DL3021", "FROM a:1\nCOPY a b /app/\n").is_empty());
        assert!(findings("DL3021", "FROM a:1\nCOPY a /app\n").is_empty());
        assert!(findings("DL3021", "FROM a:1\nCOPY --from=b a /app\n").is_empty());
        assert!(findings("DL3021", "FROM a:1\nCOPY a b \"/app/\"\n").is_empty());
        assert!(findings("DL3021", "FROM a:1\nARG D=/app/\nCOPY a b $D\n").is_empty());
    }
}
