use super::common::{copy_from, copy_paths, strip_quotes};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `COPY --from=… / /`, which copies the whole filesystem of another stage or
    /// image over this one.
    ///
    /// ## Why is this bad?
    /// It overwrites the package database, users and libraries of the current stage with
    /// another filesystem, which breaks the image in ways that are hard to trace. It also
    /// copies everything, caches and build tools included.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY --from=build / /
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// COPY --from=build /app/dist /app
    /// ```
    ///
    /// ## Differences from hadolint
    /// Paths are read after ARG and ENV expansion.
    pub CopyEntireFilesystem {
        code: "DL3067",
        name: "copy-entire-filesystem",
        severity: Warning,
    }
}

impl Rule for CopyEntireFilesystem {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in context.instructions().iter().enumerate() {
            let (Some((sources, destination)), Some((_, from))) =
                (copy_paths(instruction), copy_from(instruction))
            else {
                continue;
            };
            let is_root = |text: &str| strip_quotes(&context.expand_or_keep(index, text)) == "/";
            if !is_root(&destination.value) {
                continue;
            }
            if let Some(source) = sources.iter().find(|source| is_root(&source.value)) {
                out.push(Self::META.diagnostic(
                    source.span,
                    format!(
                        "COPY copies the whole filesystem of `{from}` over this stage; copy only \
                         the directories you need"
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn root_to_root_fails() {
        assert_eq!(
            findings("DL3067", "FROM a:1 AS b\nFROM c:1\nCOPY --from=b / /\n"),
            vec![(3, 15)]
        );
        assert_eq!(
            findings("DL3067", "FROM c:1\nCOPY --from=alpine:3 \"/\" \"/\"\n"),
            vec![(2, 22)]
        );
    }

    #[test]
    fn partial_copy_passes() {
        assert!(findings("DL3067", "FROM c:1\nCOPY --from=b /app /\n").is_empty());
        assert!(findings("DL3067", "FROM c:1\nCOPY --from=b / /root\n").is_empty());
        assert!(findings("DL3067", "FROM c:1\nCOPY / /\n").is_empty());
    }
}
