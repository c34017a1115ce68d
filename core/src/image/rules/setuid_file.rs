use super::{ImageContext, ImageFinding, ImageLocation, ImageRule};
use crate::image::analysis::EntryKind;
use crate::rules::{RuleMeta, declare_rule};

const SETUID: u32 = 0o4000;
const SETGID: u32 = 0o2000;

declare_rule! {
    /// ## What it does
    /// Reports regular files and hard links of the final filesystem with the setuid or
    /// setgid bit, such as `/usr/bin/passwd`. Directories, where setgid only sets the group
    /// of new files, are not reported.
    ///
    /// ## Why is this bad?
    /// A setuid or setgid program runs with its owner's or group's rights, whichever user starts it,
    /// so a flaw in it lets any process in the container become root. Containers rarely need
    /// `su`, `passwd` or `mount`.
    ///
    /// ## Example
    /// Debian's base image ships `chfn`, `chsh`, `gpasswd`, `mount`, `newgrp`, `passwd`, `su`
    /// and `umount` setuid root.
    ///
    /// ## Use instead
    /// Remove the bits, or the programs, in the last build step:
    /// ```dockerfile
    /// RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +
    /// ```
    /// or run the container with `--security-opt no-new-privileges`.
    pub SetuidFile {
        code: "PL4001",
        name: "setuid-file",
        severity: Info,
        aliases: ["CIS-DI-0008"],
    }
}

impl ImageRule for SetuidFile {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        for entry in &context.analysis.filesystem.entries {
            if !matches!(entry.kind, EntryKind::File | EntryKind::Hardlink { .. }) {
                continue;
            }
            let bits = match (entry.mode & SETUID != 0, entry.mode & SETGID != 0) {
                (true, true) => "setuid and setgid",
                (true, false) => "setuid",
                (false, true) => "setgid",
                (false, false) => continue,
            };
            out.push(ImageFinding::new(
                &Self::META,
                ImageLocation::File {
                    path: entry.path.clone(),
                    layer: entry.layer,
                },
                format!(
                    "`{}` is {bits} (mode {:04o}, owner {}:{}); remove the bit unless the \
                     container needs it",
                    entry.path,
                    entry.mode & 0o7777,
                    entry.uid,
                    entry.gid
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{dir, file, findings, with_files};

    #[test]
    fn setuid_and_setgid_files() {
        let analysis = with_files(
            vec![
                file("/usr/bin/passwd", 10, 0o4755),
                file("/usr/bin/chage", 10, 0o2755),
                file("/usr/bin/both", 10, 0o6755),
                file("/usr/bin/ls", 10, 0o755),
                dir("/var/mail"),
                crate::image::analysis::FileEntry {
                    mode: 0o2775,
                    ..dir("/var/local")
                },
            ],
            &[],
        );
        let found = findings("PL4001", &analysis);
        let paths: Vec<String> = found.iter().map(|f| f.location.label()).collect();
        assert_eq!(
            paths,
            ["/usr/bin/both", "/usr/bin/chage", "/usr/bin/passwd"]
        );
        assert!(found[0].message.contains("setuid and setgid"));
        assert!(found[2].message.contains("4755"), "{}", found[2].message);
    }
}
