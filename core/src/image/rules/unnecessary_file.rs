use super::package_manager_cache::cache_of;
use super::{ImageContext, ImageFinding, ImageLocation, ImageRule, basename, prefix_through};
use crate::image::analysis::EntryKind;
use crate::rules::{RuleMeta, declare_rule};

/// Directories of editors, cloud command-line tools and caches, as dockle 0.4 lists them
/// (less `.git`, which `vcs-directory` reports).
const UNNECESSARY_DIRECTORIES: &[&str] = &[
    ".cache", ".aws", ".azure", ".gcp", ".vscode", ".idea", ".npm",
];

/// Files of the build setup and of editors, as dockle 0.4 lists them.
const UNNECESSARY_FILES: &[&str] = &["Dockerfile", "docker-compose.yml", ".vimrc", ".DS_Store"];

/// Returns true for paths inside vendored dependencies, which carry their own dotfiles.
fn is_vendored(path: &str) -> bool {
    path.contains("/node_modules/") || path.contains("/vendor/")
}

declare_rule! {
    /// ## What it does
    /// Reports files that have no business in an image, as dockle lists them: the
    /// directories `.aws`, `.azure`, `.gcp` (cloud credentials and settings), `.vscode`,
    /// `.idea` (editor settings), `.cache` and `.npm`, once per directory, and the files
    /// `Dockerfile`, `docker-compose.yml`, `.vimrc` and `.DS_Store`. Paths inside
    /// `node_modules` and `vendor` pass.
    ///
    /// ## Why is this bad?
    /// Such files make the image larger, can hold credentials (`~/.aws/credentials`), and
    /// tell an attacker how the image and its environment are built.
    ///
    /// ## Example
    /// An image built with `COPY . /app` from a project directory that has a `Dockerfile` and
    /// an `.idea` directory.
    ///
    /// ## Use instead
    /// List these files in `.dockerignore`.
    ///
    /// ## Differences from dockle
    /// dockle's DKL-LI-0003 also reports `.git`, which is `vcs-directory` (PL4006) here, and
    /// package manager caches under `.cache` and `.npm`, which are `package-manager-cache`
    /// (PL4008). This rule leaves those paths to the other rules.
    pub UnnecessaryFile {
        code: "PL4005",
        name: "unnecessary-file",
        severity: Info,
        aliases: ["DKL-LI-0003"],
    }
}

impl ImageRule for UnnecessaryFile {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        let groups = super::group_by_directory(context, |path| {
            if is_vendored(path) || cache_of(path).is_some() {
                return None;
            }
            prefix_through(path, |component| {
                UNNECESSARY_DIRECTORIES.contains(&component)
            })
        });
        for (directory, files) in groups {
            if files.files == 0 {
                continue;
            }
            out.push(ImageFinding::new(
                &Self::META,
                ImageLocation::File {
                    path: directory.clone(),
                    layer: files.layer,
                },
                format!(
                    "`{directory}` ({} files) is not needed at run time; add it to \
                     .dockerignore",
                    files.files
                ),
            ));
        }

        for entry in &context.analysis.filesystem.entries {
            let is_file = matches!(entry.kind, EntryKind::File | EntryKind::Hardlink { .. });
            if !is_file
                || is_vendored(&entry.path)
                || !UNNECESSARY_FILES.contains(&basename(&entry.path))
            {
                continue;
            }
            out.push(ImageFinding::new(
                &Self::META,
                ImageLocation::File {
                    path: entry.path.clone(),
                    layer: entry.layer,
                },
                format!(
                    "`{}` is not needed at run time; add it to .dockerignore",
                    entry.path
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{dir, file, findings, with_files};

    #[test]
    fn unnecessary_files_and_directories() {
        let analysis = with_files(
            vec![
                file("/app/Dockerfile", 10, 0o644),
                file("/app/.idea/workspace.xml", 10, 0o644),
                file("/app/.idea/misc.xml", 10, 0o644),
                file("/root/.aws/credentials", 10, 0o600),
                file("/root/.cache/pip/x", 10, 0o600),
                file("/root/.cache/thumbnails/y", 10, 0o600),
                file("/app/node_modules/pkg/.DS_Store", 10, 0o644),
                file("/app/.git/config", 10, 0o644),
                dir("/home/app/.vscode"),
            ],
            &[],
        );
        let labels: Vec<String> = findings("PL4005", &analysis)
            .iter()
            .map(|f| f.location.label())
            .collect();
        assert_eq!(
            labels,
            [
                "/app/.idea",
                "/app/Dockerfile",
                "/root/.aws",
                "/root/.cache"
            ]
        );
    }
}
