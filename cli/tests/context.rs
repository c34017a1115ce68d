//! `plimsoll lint --base-config` and `--dockerignore`, and the `.dockerignore` found beside a
//! Dockerfile, run through the built binary.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use tempfile::TempDir;

fn lint(directory: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plimsoll"))
        .arg("lint")
        .args(["--format", "json"])
        .args(args)
        .current_dir(directory)
        .stdin(Stdio::null())
        .output()
        .expect("the plimsoll binary runs")
}

/// Returns the codes of the findings of the first file in a JSON report.
fn codes(output: &Output) -> Vec<String> {
    let report: Value = serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics is an array")
        .iter()
        .map(|diagnostic| diagnostic["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn write(directory: &TempDir, name: &str, text: &str) {
    std::fs::write(directory.path().join(name), text).expect("the temporary file is written");
}

#[test]
fn base_config_environment_defines_variables() {
    let directory = tempfile::tempdir().unwrap();
    write(
        &directory,
        "Dockerfile",
        "FROM openjdk:21\nUSER app\nWORKDIR $JAVA_HOM\n",
    );
    write(
        &directory,
        "inspect.json",
        r#"[{"Id": "sha256:0", "Config": {"Env": ["JAVA_HOME=/opt/java"]}}]"#,
    );

    let without = lint(directory.path(), &["Dockerfile"]);
    let with = lint(
        directory.path(),
        &["--base-config", "inspect.json", "Dockerfile"],
    );

    // Without the configuration `JAVA_HOM` might come from the image, and no defined name is
    // close to it; with it, `JAVA_HOME` is one edit away.
    assert!(!codes(&without).contains(&"PL1017".to_string()));
    assert!(codes(&with).contains(&"PL1017".to_string()));
    write(
        &directory,
        "Dockerfile",
        "FROM openjdk:21\nUSER app\nWORKDIR $JAVA_HOME\n",
    );
    let with = lint(
        directory.path(),
        &["--base-config", "inspect.json", "Dockerfile"],
    );
    assert!(!codes(&with).contains(&"PL1017".to_string()));
}

#[test]
fn base_config_user_passes_implicit_root_rule() {
    let directory = tempfile::tempdir().unwrap();
    write(
        &directory,
        "Dockerfile",
        "FROM python:3.12\nCMD [\"python\"]\n",
    );
    write(
        &directory,
        "config.json",
        r#"{"config": {"User": "10001"}}"#,
    );

    let without = lint(directory.path(), &["Dockerfile"]);
    let with = lint(
        directory.path(),
        &["--base-config", "config.json", "Dockerfile"],
    );

    assert!(codes(&without).contains(&"PL1003".to_string()));
    assert!(!codes(&with).contains(&"PL1003".to_string()));
}

#[test]
fn invalid_base_config_exits_2_naming_file() {
    let directory = tempfile::tempdir().unwrap();
    write(&directory, "Dockerfile", "FROM alpine:3.20\n");
    write(&directory, "broken.json", "{\"config\": ");

    for file in ["broken.json", "missing.json"] {
        let output = lint(directory.path(), &["--base-config", file, "Dockerfile"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{file}");
        assert!(stderr.contains(file), "{stderr}");
    }
}

#[test]
fn dockerignore_flag_reports_ignored_source() {
    let directory = tempfile::tempdir().unwrap();
    write(
        &directory,
        "Dockerfile",
        "FROM alpine:3.20\nUSER 10001\nCOPY secrets/ /s/\n",
    );
    write(&directory, "ignore.txt", "secrets\n");

    let output = lint(
        directory.path(),
        &["--dockerignore", "ignore.txt", "Dockerfile"],
    );

    assert_eq!(codes(&output), vec!["PL2001".to_string()]);
}

#[test]
fn missing_dockerignore_flag_exits_2() {
    let directory = tempfile::tempdir().unwrap();
    write(&directory, "Dockerfile", "FROM alpine:3.20\n");

    let output = lint(directory.path(), &["--dockerignore", "nope", "Dockerfile"]);

    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("nope"));
}

#[test]
fn dockerignore_beside_dockerfile_is_read() {
    let directory = tempfile::tempdir().unwrap();
    let text = "FROM alpine:3.20\nUSER 10001\nCOPY build/ /b/\nCOPY docs/ /d/\n";
    write(&directory, "Dockerfile", text);
    write(&directory, "app.Dockerfile", text);
    write(&directory, ".dockerignore", "build\n");
    write(&directory, "app.Dockerfile.dockerignore", "docs\n");

    let plain = lint(directory.path(), &["Dockerfile"]);
    let specific = lint(directory.path(), &["app.Dockerfile"]);
    let overridden = lint(
        directory.path(),
        &[
            "--dockerignore",
            "app.Dockerfile.dockerignore",
            "Dockerfile",
        ],
    );

    assert_eq!(codes(&plain), vec!["PL2001".to_string()]);
    let report: Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert_eq!(report["files"][0]["diagnostics"][0]["start"]["line"], 3);
    let report: Value = serde_json::from_slice(&specific.stdout).unwrap();
    assert_eq!(report["files"][0]["diagnostics"][0]["start"]["line"], 4);
    let report: Value = serde_json::from_slice(&overridden.stdout).unwrap();
    assert_eq!(report["files"][0]["diagnostics"][0]["start"]["line"], 4);
}
