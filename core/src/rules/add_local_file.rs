use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::syntax::ast::{Arguments, Keyword, Word};

/// Extensions of archives that ADD unpacks, which is a reason to use ADD for a local file.
const ARCHIVE_EXTENSIONS: &[&str] = &[
    ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz",
    ".tpz", ".txz", ".xz", ".zst", ".tzst",
];

/// Returns true if an ADD source is remote: an HTTP(S) URL or a Git repository.
pub(crate) fn is_remote(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("git@")
        || lower.starts_with("git://")
        || lower.starts_with("ssh://")
}

fn is_archive(source: &str) -> bool {
    ARCHIVE_EXTENSIONS
        .iter()
        .any(|extension| source.ends_with(extension))
}

/// Returns the source words of an ADD or COPY: every word but the destination.
pub(crate) fn sources(arguments: &Arguments) -> &[Word] {
    match arguments {
        Arguments::Words(words) | Arguments::Exec(words) if words.len() >= 2 => {
            &words[..words.len() - 1]
        }
        _ => &[],
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `ADD` of a local file or directory that is not an archive.
    ///
    /// ## Why is this bad?
    /// `ADD` also downloads URLs and unpacks archives. For a plain local file it does what
    /// `COPY` does, but a reader has to check which of its behaviours applies, and a file that
    /// later gets an archive extension is silently unpacked.
    ///
    /// ## Example
    /// ```dockerfile
    /// ADD requirements.txt /app/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// COPY requirements.txt /app/
    /// ```
    ///
    /// ## Differences from hadolint
    /// Sources are read after ARG and ENV expansion, so `ADD ${URL} /x` with a URL value is
    /// not reported. Git repositories (`git@…`, `https://….git`) count as remote sources.
    pub AddLocalFile {
        code: "DL3020",
        name: "add-local-file",
        severity: Error,
    }
}

impl Rule for AddLocalFile {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in context.instructions().iter().enumerate() {
            let add = instruction.effective();
            if add.keyword != Keyword::Add {
                continue;
            }
            for source in sources(&add.arguments) {
                let value = context.expand_or_keep(index, &source.value);
                if value.is_empty() || is_remote(&value) || is_archive(&value) {
                    continue;
                }
                out.push(Self::META.diagnostic(
                    source.span,
                    format!("`ADD {value}` copies from the build context; use COPY, which does only that"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn local_file_fails() {
        assert_eq!(
            findings("DL3020", "FROM a:1\nADD app.py /app/\n"),
            vec![(2, 5)]
        );
        assert_eq!(
            findings("DL3020", "FROM a:1\nADD [\"a b\", \"/x\"]\n"),
            vec![(2, 6)]
        );
    }

    #[test]
    fn url_archive_and_expanded_url_pass() {
        assert!(findings("DL3020", "FROM a:1\nADD https://example.com/x.sh /x\n").is_empty());
        assert!(findings("DL3020", "FROM a:1\nADD rootfs.tar.xz /\n").is_empty());
        assert!(findings("DL3020", "FROM a:1\nADD \"rootfs.tar.xz\" /\n").is_empty());
        assert!(
            findings(
                "DL3020",
                "FROM a:1\nARG URL=https://example.com/x\nADD ${URL} /x\n"
            )
            .is_empty()
        );
        assert!(
            findings(
                "DL3020",
                "FROM a:1\nADD git@github.com:moby/buildkit.git /src\n"
            )
            .is_empty()
        );
    }
}
