//! Runs the built `plimsoll` binary with configuration files, environment variables and flags
//! in a temporary directory that stands for a repository.

use std::borrow::BorrowMut;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use tempfile::TempDir;

/// A Dockerfile whose only finding is DL3003 (warning) on line 3.
const DOCKERFILE: &str = "FROM alpine:3.20\nUSER 65534\nRUN cd /tmp\n";

/// A repository root (it has `.git`, so the `plimsoll.toml` search stops there) and an empty
/// home directory.
struct Workspace {
    root: TempDir,
    home: TempDir,
}

impl Workspace {
    fn new() -> Workspace {
        let root = TempDir::new().expect("a temporary directory");
        std::fs::create_dir(root.path().join(".git")).expect("the .git directory is created");
        std::fs::write(root.path().join("Dockerfile"), DOCKERFILE)
            .expect("the Dockerfile is written");
        Workspace {
            root,
            home: TempDir::new().expect("a temporary home"),
        }
    }

    fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.root.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("the directory is created");
        }
        std::fs::write(&path, text).expect("the file is written");
        path
    }

    /// Returns `plimsoll lint --format json ARGS` run in the workspace root, with no
    /// configuration from the environment that runs the tests.
    fn lint(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_plimsoll"));
        command
            .arg("lint")
            .args(args)
            .current_dir(self.root.path())
            .stdin(Stdio::null())
            .env("HOME", self.home.path())
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("USERPROFILE")
            .env_remove("NO_COLOR");
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("HADOLINT_") {
                command.env_remove(key);
            }
        }
        command
    }
}

fn run(mut command: impl BorrowMut<Command>) -> Output {
    command
        .borrow_mut()
        .output()
        .expect("the plimsoll binary runs")
}

fn exit_code(output: &Output) -> i32 {
    output
        .status
        .code()
        .expect("the process exited with a status")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Returns `(line, code, severity)` of every finding in the JSON report on standard output.
fn findings(output: &Output) -> Vec<(u64, String, String)> {
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("stdout is not JSON ({error}); stderr: {}", stderr(output)));
    report["files"]
        .as_array()
        .expect("files is an array")
        .iter()
        .flat_map(|file| file["diagnostics"].as_array().cloned().unwrap_or_default())
        .map(|diagnostic| {
            (
                diagnostic["start"]["line"].as_u64().unwrap_or(0),
                diagnostic["code"].as_str().unwrap_or_default().to_string(),
                diagnostic["severity"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect()
}

fn codes(output: &Output) -> Vec<String> {
    findings(output)
        .into_iter()
        .map(|(_, code, _)| code)
        .collect()
}

#[test]
fn without_configuration_dl3003_fails() {
    let workspace = Workspace::new();

    let output = run(workspace.lint(&["--format", "json"]));

    assert_eq!(codes(&output), ["DL3003"]);
    assert_eq!(exit_code(&output), 1);
}

#[test]
fn hadolint_yaml_found_in_working_directory() {
    let workspace = Workspace::new();
    workspace.write(".hadolint.yaml", "ignored:\n  - DL3003\n  - SC2086\n");

    let output = run(workspace.lint(&["--format", "json"]));

    assert_eq!(codes(&output), Vec::<String>::new());
    assert_eq!(exit_code(&output), 0);
}

#[test]
fn hadolint_yaml_found_in_home() {
    let workspace = Workspace::new();
    std::fs::write(
        workspace.home.path().join(".hadolint.yaml"),
        "override:\n  style: [DL3003]\n",
    )
    .expect("the home configuration is written");

    let output = run(workspace.lint(&["--format", "json"]));

    assert_eq!(
        findings(&output),
        [(3, "DL3003".to_string(), "style".to_string())]
    );
    assert_eq!(
        exit_code(&output),
        0,
        "style is below the default threshold"
    );
}

#[test]
fn explicit_config_replaces_lookup() {
    let workspace = Workspace::new();
    workspace.write(".hadolint.yaml", "ignored: [DL3003]\n");
    let other = workspace.write("ci/lint.yaml", "failure-threshold: error\n");

    let output = run(workspace.lint(&["--format", "json", "-c", other.to_str().unwrap()]));

    assert_eq!(codes(&output), ["DL3003"], "the found file is not read");
    assert_eq!(exit_code(&output), 0, "the -c file sets the threshold");
}

#[test]
fn no_config_reads_no_file() {
    let workspace = Workspace::new();
    workspace.write(".hadolint.yaml", "ignored: [DL3003]\n");

    let output = run(workspace.lint(&["--format", "json", "--no-config"]));

    assert_eq!(codes(&output), ["DL3003"]);
}

#[test]
fn invalid_config_exits_2_naming_file_and_line() {
    let workspace = Workspace::new();
    workspace.write(
        ".hadolint.yaml",
        "ignored:\n  - DL3003\nfailure-treshold: error\n",
    );

    let output = run(workspace.lint(&[]));

    assert_eq!(exit_code(&output), 2);
    let message = stderr(&output);
    assert!(message.contains(".hadolint.yaml:3"), "{message}");
    assert!(message.contains("failure-treshold"), "{message}");
    assert!(
        message.contains("did you mean `failure-threshold`?"),
        "{message}"
    );
}

#[test]
fn invalid_plimsoll_toml_exits_2() {
    let workspace = Workspace::new();
    workspace.write("plimsoll.toml", "[severity]\nDL3003 = \"fatal\"\n");

    let output = run(workspace.lint(&[]));

    assert_eq!(exit_code(&output), 2);
    let message = stderr(&output);
    assert!(message.contains("plimsoll.toml:2"), "{message}");
    assert!(message.contains("severity.DL3003"), "{message}");
}

#[test]
fn environment_variables_apply() {
    let workspace = Workspace::new();

    let ignored = run(workspace
        .lint(&["--format", "json"])
        .env("HADOLINT_IGNORE", "DL3003"));
    assert_eq!(codes(&ignored), Vec::<String>::new());

    let threshold = run(workspace
        .lint(&["--format", "json"])
        .env("HADOLINT_FAILURE_THRESHOLD", "error"));
    assert_eq!(exit_code(&threshold), 0);

    let invalid = run(workspace.lint(&[]).env("HADOLINT_OVERRIDE_ERROR", "DL9999"));
    assert_eq!(exit_code(&invalid), 2);
    assert!(
        stderr(&invalid).contains("HADOLINT_OVERRIDE_ERROR"),
        "{}",
        stderr(&invalid)
    );
}

#[test]
fn command_line_beats_file_and_environment() {
    let workspace = Workspace::new();
    workspace.write(".hadolint.yaml", "override:\n  style: [DL3003]\n");

    let output = run(workspace
        .lint(&["--format", "json", "--error", "DL3003"])
        .env("HADOLINT_OVERRIDE_INFO", "DL3003"));

    assert_eq!(
        findings(&output),
        [(3, "DL3003".to_string(), "error".to_string())]
    );
    assert_eq!(exit_code(&output), 1);
}

#[test]
fn no_fail_exits_0() {
    let workspace = Workspace::new();

    let output = run(workspace.lint(&["--no-fail"]));

    assert_eq!(exit_code(&output), 0);
}

#[test]
fn plimsoll_toml_found_above_file_with_overrides() {
    let workspace = Workspace::new();
    workspace.write(
        "plimsoll.toml",
        "[severity]\nDL3003 = \"info\"\n\n[[overrides]]\nfiles = [\"docker/*.Dockerfile\"]\nignore = [\"DL3003\"]\n",
    );
    workspace.write("docker/app.Dockerfile", DOCKERFILE);
    workspace.write("services/api/Dockerfile", DOCKERFILE);

    let overridden = run(workspace.lint(&["--format", "json", "docker/app.Dockerfile"]));
    assert_eq!(codes(&overridden), Vec::<String>::new());

    let nested = run(workspace.lint(&["--format", "json", "services/api/Dockerfile"]));
    assert_eq!(
        findings(&nested),
        [(3, "DL3003".to_string(), "info".to_string())]
    );
}

#[test]
fn explicit_plimsoll_toml_applies_overrides() {
    let workspace = Workspace::new();
    let config = workspace.write(
        "ci/lint.toml",
        "[[overrides]]\nfiles = [\"*.Dockerfile\"]\nignore = [\"DL3003\"]\n",
    );
    workspace.write("app.Dockerfile", DOCKERFILE);
    let config = config.to_str().unwrap();

    let matched = run(workspace.lint(&["--format", "json", "-c", config, "app.Dockerfile"]));
    assert_eq!(codes(&matched), Vec::<String>::new());

    let other = run(workspace.lint(&["--format", "json", "-c", config, "Dockerfile"]));
    assert_eq!(codes(&other), ["DL3003"]);
}

#[test]
fn nearest_plimsoll_toml_wins() {
    let workspace = Workspace::new();
    workspace.write("plimsoll.toml", "ignore = [\"DL3003\"]\n");
    workspace.write("services/plimsoll.toml", "failure-threshold = \"none\"\n");
    workspace.write("services/Dockerfile", DOCKERFILE);

    let output = run(workspace.lint(&["--format", "json", "services/Dockerfile"]));

    assert_eq!(codes(&output), ["DL3003"], "the root file is not read");
    assert_eq!(exit_code(&output), 0);
}

#[test]
fn hadolint_and_plimsoll_files_combine() {
    let workspace = Workspace::new();
    workspace.write(
        ".hadolint.yaml",
        "failure-threshold: error\nignored: [DL3007]\n",
    );
    workspace.write("plimsoll.toml", "failure-threshold = \"warning\"\n");

    let output = run(workspace.lint(&[]));

    assert_eq!(exit_code(&output), 1, "plimsoll.toml's threshold wins");
}

#[test]
fn shellcheck_codes_accepted_on_command_line() {
    let workspace = Workspace::new();

    let output = run(workspace.lint(&["--ignore", "SC2086,DL3003", "--style", "SC2046"]));

    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
}

#[test]
fn configured_format_and_verbose() {
    let workspace = Workspace::new();
    let config = workspace.write(".hadolint.yaml", "format: json\nverbose: true\n");

    let output = run(workspace.lint(&[]));

    assert_eq!(codes(&output), ["DL3003"], "the report is JSON");
    let message = stderr(&output);
    let config_name = config
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default();
    assert!(message.contains("configuration file used:"), "{message}");
    assert!(message.contains(config_name), "{message}");
}

#[test]
fn required_label_and_trusted_registry_flags_parse() {
    let workspace = Workspace::new();

    let valid = run(workspace.lint(&[
        "--require-label",
        "maintainer:email",
        "--trusted-registry",
        "docker.io",
        "--strict-labels",
        "--disable-ignore-pragma",
    ]));
    assert_ne!(exit_code(&valid), 2, "{}", stderr(&valid));

    let invalid = run(workspace.lint(&["--require-label", "maintainer:mail"]));
    assert_eq!(exit_code(&invalid), 2);
}
