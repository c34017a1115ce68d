use super::add_local_file::{is_remote, sources};
use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::syntax::ast::Keyword;

declare_rule! {
    /// ## What it does
    /// Reports `ADD` of an `http://` or `https://` URL without `--checksum`.
    ///
    /// ## Why is this bad?
    /// Whatever the server returns goes into the image unchecked: a compromised or changed
    /// download is not noticed, and rebuilds are not reproducible. `ADD --checksum=sha256:…`
    /// (dockerfile syntax 1.6 and later) makes the build fail when the content changes.
    ///
    /// ## Example
    /// ```dockerfile
    /// ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ADD --checksum=sha256:93dcc18adc78c65a028a84799ecf8ad40c936fdfc5f2a57b1acda5a8117fa82c \
    ///     https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
    /// ```
    pub AddUrlWithoutChecksum {
        code: "PL1002",
        name: "add-url-without-checksum",
        severity: Warning,
    }
}

impl Rule for AddUrlWithoutChecksum {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in context.instructions().iter().enumerate() {
            let add = instruction.effective();
            if add.keyword != Keyword::Add || add.flag("checksum").is_some() {
                continue;
            }
            for source in sources(&add.arguments) {
                let value = context.expand_or_keep(index, &source.value);
                let lower = value.to_ascii_lowercase();
                let http = lower.starts_with("http://") || lower.starts_with("https://");
                let git = lower.ends_with(".git") || lower.contains(".git#");
                if !is_remote(&value) || !http || git {
                    continue;
                }
                out.push(Self::META.diagnostic(
                    source.span,
                    format!(
                        "`ADD {value}` downloads without verifying the content; add \
                         `--checksum=sha256:<digest>`"
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
    fn url_without_checksum_fails() {
        assert_eq!(
            findings("PL1002", "FROM a:1\nADD https://example.com/tool /tool\n"),
            vec![(2, 5)]
        );
    }

    #[test]
    fn checksum_local_and_git_pass() {
        assert!(
            findings(
                "PL1002",
                "FROM a:1\nADD --checksum=sha256:abc https://example.com/tool /tool\n"
            )
            .is_empty()
        );
        assert!(findings("PL1002", "FROM a:1\nADD app.tar.gz /app\n").is_empty());
        assert!(
            findings(
                "PL1002",
                "FROM a:1\nADD https://github.com/moby/buildkit.git#v0.12 /src\n"
            )
            .is_empty()
        );
    }
}
