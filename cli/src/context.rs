//! Files from around the Dockerfile that some rules read: the base image configuration and
//! the build context's `.dockerignore`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use plimsoll::LintOptions;
use plimsoll::image::config::ImageConfig;

use crate::input::Input;

/// Adds the files given with `--base-config` and `--dockerignore` to the options.
pub fn with_context_files(
    mut options: LintOptions,
    base_config: Option<PathBuf>,
    dockerignore: Option<PathBuf>,
) -> Result<LintOptions, String> {
    if let Some(path) = base_config {
        options.base_image = Some(read_base_config(&path)?);
    }
    if let Some(path) = dockerignore {
        options.dockerignore = Some(read_dockerignore(&path)?);
    }
    Ok(options)
}

/// Reads an image configuration: an OCI or Docker config blob, or `docker inspect` output.
/// The error message names the file.
pub fn read_base_config(path: &Path) -> Result<Arc<ImageConfig>, String> {
    let bytes = std::fs::read(path).map_err(|error| {
        format!(
            "failed to read the image configuration `{}`: {error}",
            path.display()
        )
    })?;
    let config = ImageConfig::from_json(&bytes).map_err(|error| {
        format!(
            "failed to read the image configuration `{}`: {error}",
            path.display()
        )
    })?;
    Ok(Arc::new(config))
}

/// Reads a `.dockerignore` file; bytes that are not UTF-8 become U+FFFD.
pub fn read_dockerignore(path: &Path) -> Result<String, String> {
    std::fs::read(path)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .map_err(|error| {
            format!(
                "failed to read the .dockerignore file `{}`: {error}",
                path.display()
            )
        })
}

/// Returns the `.dockerignore` that BuildKit would use for a Dockerfile whose directory is the
/// build context: `<Dockerfile name>.dockerignore` beside it if that exists, else
/// `.dockerignore` in the same directory.
pub fn dockerignore_beside(dockerfile: &Path) -> Option<PathBuf> {
    let directory = dockerfile.parent().unwrap_or(Path::new(""));
    let mut candidates = Vec::new();
    if let Some(name) = dockerfile.file_name() {
        let mut specific = name.to_os_string();
        specific.push(".dockerignore");
        candidates.push(directory.join(specific));
    }
    candidates.push(directory.join(".dockerignore"));
    candidates.into_iter().find(|candidate| candidate.is_file())
}

/// Returns the options for linting `input`: `options` with the `.dockerignore` found beside
/// the Dockerfile, unless one was given on the command line or the input is standard input.
pub fn options_for(options: &LintOptions, input: &Input) -> Result<LintOptions, String> {
    let mut options = options.clone();
    if options.dockerignore.is_none()
        && let Input::Path(path) = input
        && let Some(found) = dockerignore_beside(path)
    {
        options.dockerignore = Some(read_dockerignore(&found)?);
    }
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specific_dockerignore_wins() {
        let directory = tempfile::tempdir().unwrap();
        let dockerfile = directory.path().join("app.Dockerfile");
        std::fs::write(&dockerfile, "FROM scratch\n").unwrap();
        assert_eq!(dockerignore_beside(&dockerfile), None);

        std::fs::write(directory.path().join(".dockerignore"), "a\n").unwrap();
        assert_eq!(
            dockerignore_beside(&dockerfile),
            Some(directory.path().join(".dockerignore"))
        );

        let specific = directory.path().join("app.Dockerfile.dockerignore");
        std::fs::write(&specific, "b\n").unwrap();
        assert_eq!(dockerignore_beside(&dockerfile), Some(specific));
    }

    #[test]
    fn missing_files_errors_name_their_kind() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("missing");
        let error = read_base_config(&path).unwrap_err();
        assert!(
            error.starts_with("failed to read the image configuration `"),
            "{error}"
        );
        let error = read_dockerignore(&path).unwrap_err();
        assert!(
            error.starts_with("failed to read the .dockerignore file `"),
            "{error}"
        );
    }

    #[test]
    fn invalid_config_error_names_file() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("config.json");
        std::fs::write(&path, "{not json").unwrap();
        let error = read_base_config(&path).unwrap_err();
        assert!(error.contains("config.json"), "{error}");
    }
}
