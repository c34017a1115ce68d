use super::common::{copy_from, copy_paths, strip_quotes};
use crate::diagnostic::Diagnostic;
use crate::rules::helpers::program;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::shell::Command;
use crate::source::Span;
use crate::syntax::ast::Keyword;

/// Extensions of archives and compressed files that hadolint recognises.
const ARCHIVE_EXTENSIONS: &[&str] = &[
    ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz",
    ".tpz", ".txz", ".xz",
];

/// Extensions of tar archives, compressed or not, which are the only archives ADD unpacks.
const TAR_EXTENSIONS: &[&str] = &[
    ".tar", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz", ".tpz", ".txz",
];

/// Programs that unpack or decompress the file they are given.
const UNPACKERS: &[&str] = &[
    "unzip",
    "gunzip",
    "bunzip2",
    "unlzma",
    "unxz",
    "zgz",
    "uncompress",
    "zcat",
    "gzcat",
];

declare_rule! {
    /// ## What it does
    /// Reports a local archive that is copied into the image with `COPY` and unpacked by a
    /// later `RUN` of the same stage with `tar -x`, `unzip`, `gunzip` and the like.
    ///
    /// ## Why is this bad?
    /// The archive stays in the `COPY` layer even if the `RUN` deletes it, so the image
    /// carries both the archive and its contents. `ADD` unpacks a local tar archive, also a
    /// compressed one, in one step and keeps only the contents.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY app.tar.gz /tmp/
    /// RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ADD app.tar.gz /opt/
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint resets its state at every `FROM` and reports only at the end of the file, so
    /// it reports only the last stage. plimsoll reports every stage. Old-style tar options
    /// without a dash (`tar xzf app.tgz`) count as extraction, and sources are read after ARG
    /// and ENV expansion. A compressed file that is not a tar archive, such as `data.json.gz`
    /// unpacked with `gunzip`, is not reported, because ADD would copy it without
    /// decompressing it.
    pub ArchiveExtractedAfterCopy {
        code: "DL3010",
        name: "archive-extracted-after-copy",
        severity: Info,
    }
}

impl Rule for ArchiveExtractedAfterCopy {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let instructions = context.instructions();
        for stage in &context.model.stages {
            // Archive basenames copied so far in this stage, with the word that names them.
            let mut copied: Vec<(String, Span)> = Vec::new();
            let mut reported: Vec<usize> = Vec::new();
            for index in stage.instructions.clone() {
                let instruction = &instructions[index];
                if let Some((sources, destination)) = copy_paths(instruction) {
                    if copy_from(instruction).is_some() {
                        continue;
                    }
                    let target = context.expand_or_keep(index, &destination.value);
                    if is_archive(&target) {
                        copied.push((basename(&target), destination.span));
                    } else {
                        for source in sources {
                            let value = context.expand_or_keep(index, &source.value);
                            if is_archive(&value) {
                                copied.push((basename(&value), source.span));
                            }
                        }
                    }
                    continue;
                }
                if instruction.keyword != Keyword::Run {
                    continue;
                }
                let Some(run) = context.run_commands(index) else {
                    continue;
                };
                for (position, (archive, span)) in copied.iter().enumerate() {
                    if reported.contains(&position) {
                        continue;
                    }
                    if run
                        .commands()
                        .iter()
                        .any(|command| extracts(command, archive))
                    {
                        reported.push(position);
                        out.push(Self::META.diagnostic(
                            *span,
                            format!(
                                "`{archive}` is copied and then unpacked on line {}; the \
                                 archive stays in the COPY layer, so unpack it with ADD instead",
                                instruction.start_line
                            ),
                        ));
                    }
                }
            }
        }
    }
}

fn is_archive(path: &str) -> bool {
    let path = strip_quotes(path);
    ARCHIVE_EXTENSIONS
        .iter()
        .any(|extension| path.ends_with(extension))
}

fn is_tar_archive(name: &str) -> bool {
    name.contains(".tar.")
        || TAR_EXTENSIONS
            .iter()
            .any(|extension| name.ends_with(extension))
}

fn basename(path: &str) -> String {
    let path = strip_quotes(path);
    path.rsplit(['/', '\\']).next().unwrap_or(&path).to_string()
}

/// Returns true if `command` unpacks a file whose basename is `archive`.
fn extracts(command: &Command, archive: &str) -> bool {
    let Some(name) = program(command) else {
        return false;
    };
    // ADD would not help with a compressed file that is not a tar archive.
    let unpacks = if name == "tar" {
        is_tar_extract(command)
    } else {
        UNPACKERS.contains(&name) && is_tar_archive(archive)
    };
    unpacks
        && command
            .args()
            .iter()
            .filter(|word| !word.value.starts_with('-'))
            .any(|word| basename(&word.value) == archive)
}

fn is_tar_extract(command: &Command) -> bool {
    let args = command.args();
    // Old-style options: `tar xzf file.tgz` bundles the operation letters without a dash.
    let old_style = args.first().is_some_and(|first| {
        first.value.contains('x') && first.value.chars().all(|ch| ch.is_ascii_alphabetic())
    });
    old_style
        || args.iter().any(|word| {
            let value = word.value.as_str();
            value == "--extract"
                || value == "--get"
                || (value.starts_with('-') && !value.starts_with("--") && value.contains('x'))
        })
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn copied_archive_extracted_fails() {
        assert_eq!(
            findings(
                "DL3010",
                "FROM a:1\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz\n"
            ),
            vec![(2, 6)]
        );
        assert_eq!(
            findings(
                "DL3010",
                "FROM a:1\nCOPY src/app.tgz /tmp/x.tar\nRUN tar xf /tmp/x.tar\n"
            ),
            vec![(2, 18)]
        );
        assert_eq!(
            findings(
                "DL3010",
                "FROM a:1\nCOPY x.zip x.tar.gz /t/\nRUN gunzip /t/x.tar.gz\n"
            ),
            vec![(2, 12)]
        );
    }

    #[test]
    fn every_stage_is_reported() {
        let text = "FROM a:1 AS one\nCOPY a.tar /\nRUN tar -x -f /a.tar\n\
                    FROM a:1\nCOPY b.tar /\nRUN tar --extract -f b.tar\n";
        assert_eq!(findings("DL3010", text), vec![(2, 6), (5, 6)]);
    }

    #[test]
    fn other_copies_pass() {
        assert!(findings("DL3010", "FROM a:1\nCOPY app.tar.gz /tmp/\nRUN ls /tmp\n").is_empty());
        assert!(
            findings(
                "DL3010",
                "FROM a:1\nCOPY --from=b app.tar.gz /tmp/\nRUN tar -xf /tmp/app.tar.gz\n"
            )
            .is_empty()
        );
        assert!(
            findings(
                "DL3010",
                "FROM a:1\nCOPY app.tar.gz /tmp/\nRUN tar -cf /tmp/app.tar.gz /x\n"
            )
            .is_empty()
        );
        assert!(
            findings(
                "DL3010",
                "FROM a:1\nCOPY d.json.gz /t/\nRUN gunzip /t/d.json.gz\n"
            )
            .is_empty()
        );
        assert!(
            findings(
                "DL3010",
                "FROM a:1\nCOPY app.tar.gz /tmp/\nFROM b:1\nRUN tar -xf /tmp/app.tar.gz\n"
            )
            .is_empty()
        );
    }
}
