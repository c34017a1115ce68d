//! Reading Dockerfiles from paths and standard input.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The path argument that stands for standard input.
pub const STDIN_PATH: &str = "-";

/// A file named on the command line: a path, or standard input for `-`.
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
    fn missing_file_error_names_path() {
        let path = std::env::temp_dir().join("plimsoll-input-test-missing/Dockerfile");

        let error = Input::Path(path.clone()).read().unwrap_err();

        assert!(error.contains(&path.display().to_string()), "{error}");
        assert!(error.contains("os error"), "{error}");
    }
}
