//! Reading Dockerfiles from paths and standard input, and finding Dockerfiles in directories.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The path argument that stands for standard input.
pub const STDIN_PATH: &str = "-";

/// Extensions after `Dockerfile.` or `Containerfile.` that mark a file that is not a
/// Dockerfile: BuildKit's per-Dockerfile ignore file, documentation, editor and patch
/// leftovers, data and scripts. Compared ignoring ASCII case.
const NOT_DOCKERFILE_EXTENSIONS: &[&str] = &[
    "dockerignore",
    "md",
    "markdown",
    "rst",
    "txt",
    "orig",
    "rej",
    "bak",
    "swp",
    "tmp",
    "patch",
    "diff",
    "json",
    "yaml",
    "yml",
    "sh",
    "py",
    "lock",
];

/// A file named on the command line or found in a directory: a path, or standard input for
/// `-`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Stdin,
    Path(PathBuf),
}

impl Input {
    pub fn from_path(path: PathBuf) -> Self {
        if path.as_os_str() == STDIN_PATH {
            Input::Stdin
        } else {
            Input::Path(path)
        }
    }

    /// Returns the name to show in findings and reports: the path as given, with any bytes
    /// that are not UTF-8 replaced by U+FFFD, or `-` for standard input.
    pub fn display_name(&self) -> String {
        match self {
            Input::Stdin => STDIN_PATH.to_string(),
            Input::Path(path) => path.to_string_lossy().into_owned(),
        }
    }

    /// Reads the whole input. The error message names the path and the operating system's
    /// error.
    pub fn read(&self) -> Result<Vec<u8>, String> {
        match self {
            Input::Stdin => read_stdin(),
            Input::Path(path) => read_file(path),
        }
    }
}

fn read_stdin() -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|error| format!("failed to read standard input: {error}"))?;
    Ok(bytes)
}

fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|error| format!("failed to read `{}`: {error}", path.display()))
}

/// The inputs of a run, and the problems met while finding them.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Discovery {
    /// Inputs in the order of the arguments, each directory's files sorted by path, without
    /// repeats.
    pub inputs: Vec<Input>,
    /// Directories named on the command line in which no Dockerfile was found.
    pub empty_directories: Vec<PathBuf>,
    /// Errors met while walking directories, such as unreadable directories or invalid
    /// ignore files, as messages.
    pub errors: Vec<String>,
}

/// Turns the path arguments into inputs.
///
/// `-` is standard input, read once however often it is named. A path that is not a directory
/// is an input as given, even when an ignore file excludes it or its name is not a
/// Dockerfile's, and a missing path is reported when it is read. A directory is searched recursively for files that [`is_dockerfile_name`]
/// accepts. The search skips hidden files and directories (such as `.git`) and whatever
/// `.gitignore`, `.ignore`, `.git/info/exclude` and git's global excludes file exclude, also
/// outside a git repository. It does not follow symbolic links, so it cannot loop or leave the
/// tree, and it skips symbolic links to files.
pub fn discover(paths: Vec<PathBuf>) -> Discovery {
    let mut discovery = Discovery::default();
    let mut seen = std::collections::HashSet::new();
    for path in paths {
        if path.as_os_str() != STDIN_PATH && path.is_dir() {
            let found = walk_directory(&path, &mut discovery.errors);
            if found.is_empty() {
                discovery.empty_directories.push(path);
            }
            for file in found {
                if seen.insert(file.clone()) {
                    discovery.inputs.push(Input::Path(file));
                }
            }
        } else {
            // Standard input can be read only once, so a repeated `-` is dropped like a
            // repeated path.
            let input = Input::from_path(path.clone());
            if seen.insert(path) {
                discovery.inputs.push(input);
            }
        }
    }
    discovery
}

/// Returns the Dockerfiles under `root`, sorted. Paths under `.` are written without the
/// leading `./`.
fn walk_directory(root: &Path, errors: &mut Vec<String>) -> Vec<PathBuf> {
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .ignore(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(true)
        .require_git(false)
        .follow_links(false)
        .build();

    let mut files = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                errors.push(format!("failed to search `{}`: {error}", root.display()));
                continue;
            }
        };
        let is_file = entry.file_type().is_some_and(|kind| kind.is_file());
        let named_like_dockerfile = entry.file_name().to_str().is_some_and(is_dockerfile_name);
        if is_file && named_like_dockerfile {
            let path = entry.into_path();
            let path = match path.strip_prefix(".") {
                Ok(relative) if root == Path::new(".") => relative.to_path_buf(),
                _ => path,
            };
            files.push(path);
        }
    }
    files.sort();
    files
}

/// Returns true if a directory search takes a file called `name` for a Dockerfile.
///
/// The names are `Dockerfile`, `Containerfile`, `Dockerfile.*`, `Containerfile.*`,
/// `*.Dockerfile` and `*.containerfile`, ignoring ASCII case. Names such as
/// `Dockerfile.dockerignore` or `Dockerfile.md`, whose extension marks another kind of file,
/// are not taken.
pub fn is_dockerfile_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    for stem in ["dockerfile", "containerfile"] {
        if lower == stem || lower.ends_with(&format!(".{stem}")) {
            return true;
        }
        if let Some(extension) = lower
            .strip_prefix(stem)
            .and_then(|rest| rest.strip_prefix('.'))
        {
            let last_extension = extension.rsplit('.').next().unwrap_or(extension);
            return !extension.is_empty() && !NOT_DOCKERFILE_EXTENSIONS.contains(&last_extension);
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dash_is_stdin() {
        assert_eq!(Input::from_path(PathBuf::from("-")), Input::Stdin);
        assert_eq!(
            Input::from_path(PathBuf::from("./-")),
            Input::Path(PathBuf::from("./-"))
        );
    }

    #[test]
    fn repeated_dash_is_one_input() {
        let paths = ["-", "Dockerfile", "-"].map(PathBuf::from).to_vec();
        let discovery = discover(paths);
        assert_eq!(
            discovery.inputs,
            vec![Input::Stdin, Input::Path(PathBuf::from("Dockerfile"))]
        );
    }

    #[test]
    fn missing_file_error_names_path() {
        let path = std::env::temp_dir().join("plimsoll-input-test-missing/Dockerfile");

        let error = Input::Path(path.clone()).read().unwrap_err();

        assert!(error.contains(&path.display().to_string()), "{error}");
        assert!(error.contains("os error"), "{error}");
    }

    #[test]
    fn dockerfile_names() {
        for name in [
            "Dockerfile",
            "dockerfile",
            "Containerfile",
            "Dockerfile.dev",
            "Dockerfile.prod.arm64",
            "Containerfile.test",
            "build.Dockerfile",
            "api.containerfile",
            "x.dockerfile",
        ] {
            assert!(is_dockerfile_name(name), "{name}");
        }
    }

    #[test]
    fn other_names_are_not_dockerfiles() {
        for name in [
            "README",
            "Dockerfile.dockerignore",
            "Dockerfile.md",
            "Dockerfile.",
            "Dockerfile.dev.orig",
            "Dockerfiles",
            "MyDockerfile",
            ".dockerignore",
            "docker-compose.yml",
            "Containerfile.swp",
        ] {
            assert!(!is_dockerfile_name(name), "{name}");
        }
    }
}
