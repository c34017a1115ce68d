//! Finding and reading configuration for `plimsoll lint`: `.hadolint.yaml` in hadolint's
//! places, `plimsoll.toml` next to the linted file or above it, and the `HADOLINT_*`
//! environment variables.
//!
//! Precedence, lowest first: environment, `.hadolint.yaml`, `plimsoll.toml`, command line.
//! A scalar set by a later source wins; lists are concatenated.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use plimsoll::config::{self, Settings};

/// The name of plimsoll's own configuration file.
pub const PLIMSOLL_TOML: &str = "plimsoll.toml";

/// Names of hadolint's configuration file in the working directory and the home directory.
const HIDDEN_NAMES: [&str; 2] = [".hadolint.yaml", ".hadolint.yml"];
/// Names in the XDG configuration directory.
const VISIBLE_NAMES: [&str; 2] = ["hadolint.yaml", "hadolint.yml"];
/// Names in `~/.hadolint/`.
const APP_DIRECTORY_NAMES: [&str; 4] =
    ["hadolint.yaml", "hadolint.yml", "config.yaml", "config.yml"];

/// The source of configuration files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// Search for `.hadolint.yaml` and `plimsoll.toml`.
    Search,
    /// Read only this file (`-c`): `.toml` as `plimsoll.toml`, anything else as
    /// `.hadolint.yaml`.
    Explicit(PathBuf),
    /// Read no file (`--no-config`).
    Disabled,
}

/// The process's view of the outside: working directory, environment variables and the home
/// directory, passed in so that tests can replace them.
#[derive(Clone, Debug)]
pub struct Environment {
    pub current_directory: PathBuf,
    pub variables: BTreeMap<String, String>,
}

impl Environment {
    /// Reads the working directory and the environment of this process.
    pub fn from_process() -> Result<Environment, String> {
        let current_directory = std::env::current_dir()
            .map_err(|error| format!("failed to read the working directory: {error}"))?;
        let variables = std::env::vars_os()
            .filter_map(|(key, value)| Some((key.into_string().ok()?, value.into_string().ok()?)))
            .collect();
        Ok(Environment {
            current_directory,
            variables,
        })
    }

    fn variable(&self, name: &str) -> Option<&str> {
        self.variables
            .get(name)
            .map(String::as_str)
            .filter(|value| !value.is_empty())
    }

    fn home(&self) -> Option<PathBuf> {
        self.variable("HOME")
            .or_else(|| self.variable("USERPROFILE"))
            .map(PathBuf::from)
    }

    /// Returns the variables hadolint reads. `NO_COLOR` counts only when it is not empty,
    /// as the `--color` option reads it.
    fn hadolint_variables(&self) -> BTreeMap<String, String> {
        self.variables
            .iter()
            .filter(|(key, value)| {
                key.starts_with("HADOLINT_") || (key.as_str() == "NO_COLOR" && !value.is_empty())
            })
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect()
    }

    /// Returns hadolint's configuration file candidates, in the order hadolint searches them.
    fn hadolint_candidates(&self) -> Vec<PathBuf> {
        let mut candidates: Vec<PathBuf> = HIDDEN_NAMES
            .iter()
            .map(|name| self.current_directory.join(name))
            .collect();
        let home = self.home();
        let xdg = self
            .variable("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|home| home.join(".config")));
        if let Some(xdg) = xdg {
            candidates.extend(VISIBLE_NAMES.iter().map(|name| xdg.join(name)));
        }
        if let Some(home) = home {
            let app_directory = home.join(".hadolint");
            candidates.extend(
                APP_DIRECTORY_NAMES
                    .iter()
                    .map(|name| app_directory.join(name)),
            );
            candidates.extend(HIDDEN_NAMES.iter().map(|name| home.join(name)));
        }
        candidates
    }
}

/// Formats the `--verbose` line for a configuration file that was read.
fn describe(path: &Path) -> String {
    format!("configuration file used: {}", path.display())
}

/// Reads a configuration file into settings. The error names the file.
fn read_file(path: &Path) -> Result<Settings, String> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        format!(
            "failed to read configuration file `{}`: {error}",
            path.display()
        )
    })?;
    config::from_text(&text, &path.display().to_string()).map_err(|error| error.message)
}

/// The configuration of one `plimsoll lint` run: the sources shared by every file, and the
/// `plimsoll.toml` found for each directory.
pub struct Configuration {
    /// Environment and `.hadolint.yaml` (or the `-c` file).
    shared: Settings,
    /// Settings from command-line flags.
    command_line: Settings,
    lookup: Lookup,
    environment: Environment,
    /// Files read, for `--verbose`.
    pub used: Vec<String>,
    /// `plimsoll.toml` found for each directory searched, with its directory.
    found: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    /// Settings read from each `plimsoll.toml`.
    read: Mutex<HashMap<PathBuf, Result<Settings, String>>>,
}

impl Configuration {
    /// Reads the environment and the shared configuration file.
    pub fn load(
        lookup: Lookup,
        environment: Environment,
        command_line: Settings,
    ) -> Result<Configuration, String> {
        let mut shared = config::from_environment(&environment.hadolint_variables())
            .map_err(|error| error.message)?;
        let mut used = Vec::new();
        match &lookup {
            Lookup::Explicit(path) => {
                shared = shared.merge(read_file(path)?);
                used.push(describe(path));
            }
            Lookup::Search => {
                let found = environment
                    .hadolint_candidates()
                    .into_iter()
                    .find(|candidate| candidate.is_file());
                if let Some(path) = found {
                    shared = shared.merge(read_file(&path)?);
                    used.push(describe(&path));
                }
            }
            Lookup::Disabled => {}
        }
        Ok(Configuration {
            shared,
            command_line,
            lookup,
            environment,
            used,
            found: Mutex::new(HashMap::new()),
            read: Mutex::new(HashMap::new()),
        })
    }

    /// Returns the settings every file shares: environment, `.hadolint.yaml` and command line,
    /// without any `plimsoll.toml`.
    pub fn shared(&self) -> Settings {
        self.shared.clone().merge(self.command_line.clone())
    }

    /// Returns the settings for the file at `path` (`None` for standard input, which is
    /// treated as a file in the working directory), with the `plimsoll.toml` that applies to
    /// it and the file's path relative to that configuration.
    pub fn for_file(&self, path: Option<&Path>) -> Result<Settings, String> {
        let absolute = match path {
            Some(path) => self.environment.current_directory.join(path),
            None => self.environment.current_directory.join("-"),
        };
        let Some(toml) = self.plimsoll_toml(&absolute) else {
            return Ok(self.shared());
        };
        let settings = self.shared.clone().merge(self.read_toml(&toml)?);
        // Patterns of a `-c` file are relative to the working directory, others to the
        // directory of their file.
        let directory = match &self.lookup {
            Lookup::Explicit(_) => self.environment.current_directory.as_path(),
            _ => toml.parent().unwrap_or(Path::new("")),
        };
        let relative = absolute
            .strip_prefix(directory)
            .unwrap_or(&absolute)
            .components()
            .map(|component| component.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        // Overrides sit above the rest of the files and below the command line.
        Ok(settings
            .for_path(&relative)
            .merge(self.command_line.clone()))
    }

    /// Returns the `plimsoll.toml` for the file at `absolute`: the nearest one in its
    /// directory or above, up to the repository root (a directory with `.git`), else the one
    /// in the working directory.
    fn plimsoll_toml(&self, absolute: &Path) -> Option<PathBuf> {
        match &self.lookup {
            Lookup::Disabled => return None,
            Lookup::Explicit(path) => {
                let is_toml = path
                    .extension()
                    .is_some_and(|extension| extension == "toml");
                return is_toml.then(|| self.environment.current_directory.join(path));
            }
            Lookup::Search => {}
        }
        let start = absolute.parent()?.to_path_buf();
        if let Ok(found) = self.found.lock()
            && let Some(cached) = found.get(&start)
        {
            return cached.clone();
        }
        let mut result = None;
        for directory in start.ancestors() {
            let candidate = directory.join(PLIMSOLL_TOML);
            if candidate.is_file() {
                result = Some(candidate);
                break;
            }
            if directory.join(".git").exists() {
                break;
            }
        }
        if result.is_none() {
            let candidate = self.environment.current_directory.join(PLIMSOLL_TOML);
            result = candidate.is_file().then_some(candidate);
        }
        if let Ok(mut found) = self.found.lock() {
            found.insert(start, result.clone());
        }
        result
    }

    fn read_toml(&self, path: &Path) -> Result<Settings, String> {
        if let Ok(read) = self.read.lock()
            && let Some(cached) = read.get(path)
        {
            return cached.clone();
        }
        // With `-c`, the file was read and merged into the shared settings already.
        let result = match &self.lookup {
            Lookup::Explicit(_) => Ok(Settings::default()),
            _ => read_file(path),
        };
        if let Ok(mut read) = self.read.lock() {
            read.insert(path.to_path_buf(), result.clone());
        }
        result
    }

    /// Returns `configuration file used:` lines for the `plimsoll.toml` files read so far.
    pub fn toml_files_used(&self) -> Vec<String> {
        let Ok(read) = self.read.lock() else {
            return Vec::new();
        };
        let mut paths: Vec<&PathBuf> = read.keys().collect();
        paths.sort();
        paths.into_iter().map(|path| describe(path)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn environment(directory: &Path, variables: &[(&str, &str)]) -> Environment {
        Environment {
            current_directory: directory.to_path_buf(),
            variables: variables
                .iter()
                .map(|(key, value)| (key.to_string(), value.to_string()))
                .collect(),
        }
    }

    #[test]
    fn hadolint_candidates_in_order() {
        let environment = environment(Path::new("/work"), &[("HOME", "/home/u")]);

        let candidates = environment.hadolint_candidates();

        let expected: Vec<PathBuf> = [
            "/work/.hadolint.yaml",
            "/work/.hadolint.yml",
            "/home/u/.config/hadolint.yaml",
            "/home/u/.config/hadolint.yml",
            "/home/u/.hadolint/hadolint.yaml",
            "/home/u/.hadolint/hadolint.yml",
            "/home/u/.hadolint/config.yaml",
            "/home/u/.hadolint/config.yml",
            "/home/u/.hadolint.yaml",
            "/home/u/.hadolint.yml",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        assert_eq!(candidates, expected);
    }

    #[test]
    fn xdg_config_home_replaces_dot_config() {
        let environment = environment(
            Path::new("/work"),
            &[("HOME", "/home/u"), ("XDG_CONFIG_HOME", "/xdg")],
        );

        let candidates = environment.hadolint_candidates();

        assert_eq!(candidates[2], PathBuf::from("/xdg/hadolint.yaml"));
    }

    #[test]
    fn only_hadolint_variables_are_read() {
        let environment = environment(
            Path::new("/work"),
            &[
                ("HADOLINT_IGNORE", "DL3003"),
                ("PATH", "/bin"),
                ("NO_COLOR", ""),
            ],
        );

        let variables = environment.hadolint_variables();

        assert_eq!(variables.len(), 1);
        assert!(variables.contains_key("HADOLINT_IGNORE"));
    }
}
