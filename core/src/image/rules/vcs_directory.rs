use super::{ImageContext, ImageFinding, ImageLocation, ImageRule, human_bytes, prefix_through};
use crate::rules::{RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports version control directories (`.git`, `.hg`, `.svn`) in the final filesystem,
    /// once per directory.
    ///
    /// ## Why is this bad?
    /// The repository's whole history ships with the image: deleted files, old secrets, and
    /// remote URLs with embedded credentials in `.git/config`. It also makes the layer
    /// larger and changes it on every commit, which defeats layer caching.
    ///
    /// ## Example
    /// An image built with `COPY . /app` from a git checkout without a `.dockerignore`.
    ///
    /// ## Use instead
    /// Add `.git` to `.dockerignore`, and copy only what the application needs.
    pub VcsDirectory {
        code: "PL4006",
        name: "vcs-directory",
        severity: Warning,
    }
}

impl ImageRule for VcsDirectory {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        let groups = super::group_by_directory(context, |path| {
            prefix_through(path, |component| {
                matches!(component, ".git" | ".hg" | ".svn")
            })
        });
        for (directory, files) in groups {
            out.push(ImageFinding::new(
                &Self::META,
                ImageLocation::File {
                    path: directory.clone(),
                    layer: files.layer,
                },
                format!(
                    "the version control directory `{directory}` ({} files, {}) ships with the \
                     image; add it to .dockerignore",
                    files.files,
                    human_bytes(files.bytes)
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{dir, file, findings, with_files};

    #[test]
    fn one_finding_per_directory() {
        let analysis = with_files(
            vec![
                dir("/app/.git"),
                file("/app/.git/config", 300, 0o644),
                file("/app/.git/objects/ab/cdef", 700, 0o444),
                file("/srv/lib/.hg/store", 1, 0o644),
                file("/app/.gitignore", 10, 0o644),
                file("/app/git/x", 10, 0o644),
            ],
            &[],
        );
        let found = findings("PL4006", &analysis);
        let labels: Vec<String> = found.iter().map(|f| f.location.label()).collect();
        assert_eq!(labels, ["/app/.git", "/srv/lib/.hg"]);
        assert!(
            found[0].message.contains("2 files, 1.00 kB"),
            "{}",
            found[0].message
        );
    }
}
