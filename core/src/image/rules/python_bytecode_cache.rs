use super::{ImageContext, ImageFinding, ImageLocation, ImageRule, prefix_through};
use crate::rules::{RuleMeta, declare_rule};

/// Returns true for paths of installed Python packages, whose bytecode pip and the
/// distributions' packaging write on purpose.
fn is_installed_library(path: &str) -> bool {
    path.contains("/site-packages/")
        || path.contains("/dist-packages/")
        || path.starts_with("/usr/lib/python")
        || path.starts_with("/usr/local/lib/python")
}

declare_rule! {
    /// ## What it does
    /// Reports `__pycache__` directories of application code in the final filesystem, once
    /// per directory. Directories of installed packages (`site-packages`, `dist-packages`,
    /// `/usr/lib/python3*`) pass, because pip and the distributions compile those on purpose
    /// to speed up imports.
    ///
    /// ## Why is this bad?
    /// Bytecode copied from the build context was compiled on the developer's machine, for
    /// its Python version, and is often stale. Python ignores bytecode that does not match
    /// the source, so the files only take space and leak the names of local files.
    ///
    /// ## Example
    /// An image built with `COPY . /app` from a directory where the app was run.
    ///
    /// ## Use instead
    /// Add `__pycache__` and `*.pyc` to `.dockerignore`. To ship bytecode, compile it in the
    /// image with `python -m compileall`.
    pub PythonBytecodeCache {
        code: "PL4007",
        name: "python-bytecode-cache",
        severity: Info,
    }
}

impl ImageRule for PythonBytecodeCache {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        let groups = super::group_by_directory(context, |path| {
            if is_installed_library(path) {
                return None;
            }
            prefix_through(path, |component| component == "__pycache__")
        });
        for (directory, files) in groups {
            out.push(ImageFinding::new(
                &Self::META,
                ImageLocation::File {
                    path: directory.clone(),
                    layer: files.layer,
                },
                format!(
                    "`{directory}` holds Python bytecode from the build context; add \
                     `__pycache__` to .dockerignore"
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{dir, file, findings, with_files};

    #[test]
    fn application_bytecode_only() {
        let analysis = with_files(
            vec![
                dir("/app/__pycache__"),
                file("/app/__pycache__/app.cpython-311.pyc", 783, 0o644),
                file(
                    "/usr/lib/python3/dist-packages/x/__pycache__/y.pyc",
                    10,
                    0o644,
                ),
                file(
                    "/opt/venv/lib/python3.12/site-packages/z/__pycache__/z.pyc",
                    10,
                    0o644,
                ),
            ],
            &[],
        );
        let labels: Vec<String> = findings("PL4007", &analysis)
            .iter()
            .map(|f| f.location.label())
            .collect();
        assert_eq!(labels, ["/app/__pycache__"]);
    }
}
