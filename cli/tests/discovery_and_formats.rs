//! Runs the built `plimsoll` binary on directory trees and checks which Dockerfiles it finds,
//! and writes findings in every output format.

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use tempfile::TempDir;

/// A Dockerfile with findings: an untagged base image and a deprecated instruction.
const FLAGGED: &str = "FROM ubuntu\nMAINTAINER someone\n";

/// A Dockerfile that no rule flags.
const CLEAN: &str = "FROM alpine:3.20\nUSER 65534\nRUN echo hello\n";

/// Returns a command for the binary that runs in `directory`, without standard input and
/// without color settings from the environment.
fn plimsoll(directory: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_plimsoll"));
    command
        .args(args)
        .current_dir(directory)
        .stdin(Stdio::null())
        .env_remove("NO_COLOR");
    command
}

fn run(command: &mut Command) -> Output {
    command.output().expect("the plimsoll binary runs")
}

fn exit_code(output: &Output) -> i32 {
    output
        .status
        .code()
        .expect("the process exited with a status")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    fs::create_dir_all(path.parent().expect("the path has a parent")).unwrap();
    fs::write(path, text).unwrap();
}

/// Returns the paths of the files in the JSON report that `plimsoll lint --format json ARGS`
/// prints in `directory`.
fn linted_paths(directory: &Path, args: &[&str]) -> Vec<String> {
    let mut all_args = vec!["lint", "--format", "json"];
    all_args.extend_from_slice(args);
    let output = run(&mut plimsoll(directory, &all_args));
    assert!(exit_code(&output) < 2, "{}", stderr(&output));
    let report: Value = serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| file["path"].as_str().unwrap().to_string())
        .collect()
}

/// Creates a tree with Dockerfiles under several names, files that are not Dockerfiles, ignore
/// files with a negation, hidden directories and a symbolic link loop.
fn project() -> TempDir {
    let directory = TempDir::new().unwrap();
    let root = directory.path();
    write(root, "Dockerfile", CLEAN);
    write(root, "README", "FROM not-a-dockerfile\n");
    write(root, "Dockerfile.dockerignore", "node_modules\n");
    write(root, "services/api/Dockerfile.dev", CLEAN);
    write(root, "services/api/build.Dockerfile", CLEAN);
    write(root, "services/web/Containerfile", CLEAN);
    write(root, "services/web/app.containerfile", CLEAN);
    write(root, "services/web/Containerfile.test", CLEAN);
    write(root, "generated/Dockerfile", CLEAN);
    write(root, "ignored-by-dot-ignore/Dockerfile", CLEAN);
    write(root, "excluded/Dockerfile", CLEAN);
    write(root, "templates/skip.Dockerfile", CLEAN);
    write(root, "templates/keep.Dockerfile", CLEAN);
    write(root, ".hidden/Dockerfile", CLEAN);
    write(root, ".git/Dockerfile", CLEAN);
    write(root, ".git/info/exclude", "excluded/\n");
    write(
        root,
        ".gitignore",
        "generated/\ntemplates/*.Dockerfile\n!templates/keep.Dockerfile\n",
    );
    write(root, ".ignore", "ignored-by-dot-ignore/\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink("..", root.join("services/loop")).unwrap();
    directory
}

#[test]
fn directory_finds_dockerfiles_sorted() {
    let project = project();

    let paths = linted_paths(project.path(), &["."]);

    assert_eq!(
        paths,
        [
            "Dockerfile",
            "services/api/Dockerfile.dev",
            "services/api/build.Dockerfile",
            "services/web/Containerfile",
            "services/web/Containerfile.test",
            "services/web/app.containerfile",
            "templates/keep.Dockerfile",
        ]
    );
}

#[test]
fn directory_argument_keeps_its_prefix() {
    let project = project();

    let paths = linted_paths(project.path(), &["services/web"]);

    assert_eq!(
        paths,
        [
            "services/web/Containerfile",
            "services/web/Containerfile.test",
            "services/web/app.containerfile",
        ]
    );
}

#[test]
fn named_file_is_linted_even_if_ignored() {
    let project = project();

    let paths = linted_paths(
        project.path(),
        &["generated/Dockerfile", "services/api", "README"],
    );

    assert_eq!(
        paths,
        [
            "generated/Dockerfile",
            "services/api/Dockerfile.dev",
            "services/api/build.Dockerfile",
            "README",
        ]
    );
}

#[test]
fn file_found_twice_is_linted_once() {
    let project = project();

    let paths = linted_paths(project.path(), &["services/api", "services"]);

    assert_eq!(
        paths
            .iter()
            .filter(|path| path.ends_with("Dockerfile.dev"))
            .count(),
        1
    );
}

#[test]
fn directory_without_dockerfile_is_error() {
    let directory = TempDir::new().unwrap();
    write(directory.path(), "empty/README", "text\n");

    let output = run(&mut plimsoll(directory.path(), &["lint", "empty"]));

    assert_eq!(exit_code(&output), 2);
    assert!(
        stderr(&output).contains("error: no Dockerfile found in `empty`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn empty_directory_beside_files_is_warning() {
    let directory = TempDir::new().unwrap();
    write(directory.path(), "empty/README", "text\n");
    write(directory.path(), "app/Dockerfile", CLEAN);

    let output = run(&mut plimsoll(directory.path(), &["lint", "empty", "app"]));

    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("warning: no Dockerfile found in `empty`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn output_option_writes_file() {
    let directory = TempDir::new().unwrap();
    write(directory.path(), "Dockerfile", FLAGGED);

    let output = run(&mut plimsoll(
        directory.path(),
        &["lint", "-f", "sarif", "-o", "report.sarif", "Dockerfile"],
    ));

    assert_eq!(exit_code(&output), 1, "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    let log: Value =
        serde_json::from_str(&fs::read_to_string(directory.path().join("report.sarif")).unwrap())
            .expect("the file is JSON");
    assert_eq!(log["version"], "2.1.0");
    let location = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "Dockerfile");
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
}

#[test]
fn output_to_missing_directory_is_error() {
    let directory = TempDir::new().unwrap();
    write(directory.path(), "Dockerfile", CLEAN);

    let output = run(&mut plimsoll(
        directory.path(),
        &["lint", "--output", "missing/report.txt", "Dockerfile"],
    ));

    assert_eq!(exit_code(&output), 2);
    assert!(
        stderr(&output).contains("missing/report.txt"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn hadolint_format_names_are_accepted() {
    let directory = TempDir::new().unwrap();
    write(directory.path(), "Dockerfile", FLAGGED);

    let tty = run(&mut plimsoll(
        directory.path(),
        &["lint", "-f", "tty", "Dockerfile"],
    ));
    let gitlab = run(&mut plimsoll(
        directory.path(),
        &["lint", "--format", "gitlab_codeclimate", "Dockerfile"],
    ));

    assert_eq!(exit_code(&tty), 1, "{}", stderr(&tty));
    assert!(
        stdout(&tty).contains("Dockerfile:2:1: DL4000"),
        "{}",
        stdout(&tty)
    );
    assert_eq!(exit_code(&gitlab), 1, "{}", stderr(&gitlab));
    let issues: Value = serde_json::from_slice(&gitlab.stdout).expect("stdout is JSON");
    assert_eq!(issues[0]["location"]["path"], "Dockerfile");
}

#[test]
fn unknown_format_is_usage_error() {
    let directory = TempDir::new().unwrap();

    let output = run(&mut plimsoll(
        directory.path(),
        &["lint", "-f", "xml", "Dockerfile"],
    ));

    assert_eq!(exit_code(&output), 2);
    assert!(stderr(&output).contains("sarif"), "{}", stderr(&output));
}

#[test]
fn codeclimate_exits_zero_on_findings() {
    let directory = TempDir::new().unwrap();
    write(directory.path(), "Dockerfile", FLAGGED);

    let codeclimate = run(&mut plimsoll(
        directory.path(),
        &["lint", "-f", "codeclimate", "Dockerfile"],
    ));
    let missing = run(&mut plimsoll(
        directory.path(),
        &["lint", "-f", "codeclimate", "missing"],
    ));

    assert_eq!(exit_code(&codeclimate), 0, "{}", stderr(&codeclimate));
    assert!(stdout(&codeclimate).ends_with('\0'));
    assert_eq!(exit_code(&missing), 2);
}

#[test]
fn every_format_renders_a_directory() {
    let project = project();
    write(project.path(), "services/bad/Dockerfile", FLAGGED);

    for format in [
        "text",
        "json",
        "sarif",
        "checkstyle",
        "junit",
        "gitlab",
        "codeclimate",
        "gnu",
        "github",
        "sonarqube",
        "codacy",
    ] {
        let output = run(&mut plimsoll(project.path(), &["lint", "-f", format, "."]));

        assert!(exit_code(&output) < 2, "{format}: {}", stderr(&output));
        assert!(
            stdout(&output).contains("services/bad/Dockerfile"),
            "{format}: {}",
            stdout(&output)
        );
    }
}

#[test]
fn github_annotations_name_relative_file() {
    let directory = TempDir::new().unwrap();
    write(directory.path(), "app/Dockerfile", FLAGGED);

    let output = run(&mut plimsoll(
        directory.path(),
        &["lint", "-f", "github", "./app/Dockerfile"],
    ));

    assert_eq!(exit_code(&output), 1, "{}", stderr(&output));
    assert!(
        stdout(&output).contains("::error file=app/Dockerfile,line=2,col=1,"),
        "{}",
        stdout(&output)
    );
}
