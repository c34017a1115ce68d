//! Runs `plimsoll image` on image config files written to a temporary directory, and on the
//! shared crime-scene config when it is present.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use tempfile::TempDir;

/// A config that no image rule flags: a non-root user and a healthcheck.
const CLEAN_CONFIG: &str = r#"{"os": "linux", "architecture": "amd64",
    "config": {"User": "10001:10001", "Healthcheck": {"Test": ["CMD", "true"]}},
    "history": [{"created_by": "COPY app / # buildkit"}]}"#;

/// A config with a root user, no healthcheck, a secret and an `apk add` without
/// `--no-cache`.
const BAD_CONFIG: &str = r#"{"os": "linux", "architecture": "amd64",
    "config": {"User": "0", "Env": ["API_TOKEN=abc"]},
    "history": [{"created_by": "/bin/sh -c #(nop) ADD file:aa in / "},
                {"created_by": "RUN /bin/sh -c apk add curl # buildkit"}]}"#;

fn plimsoll(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plimsoll"))
        .args(args)
        .stdin(Stdio::null())
        .env_remove("NO_COLOR")
        .output()
        .expect("the plimsoll binary runs")
}

fn write(dir: &TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("the temporary file is writable");
    path.to_string_lossy().into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn clean_config_exits_zero() {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "clean.json", CLEAN_CONFIG);
    let output = plimsoll(&["image", &path]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.contains("linux/amd64, 1 layer, configuration only"),
        "{text}"
    );
}

#[test]
fn findings_exit_one_with_text() {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "bad.json", BAD_CONFIG);
    let output = plimsoll(&["image", &path]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains(&format!("{path}: config User: PL3001 warning:")),
        "{text}"
    );
    assert!(
        text.contains("config Env API_TOKEN: PL3003 error:"),
        "{text}"
    );
    assert!(text.contains("history[1]: PL3009 error:"), "{text}");
    assert!(
        !text.contains("abc"),
        "secret values are never printed: {text}"
    );
}

#[test]
fn failure_threshold_and_ignore() {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "bad.json", BAD_CONFIG);
    let output = plimsoll(&["image", &path, "--failure-threshold", "none"]);
    assert_eq!(output.status.code(), Some(0));

    let output = plimsoll(&[
        "image",
        &path,
        "--failure-threshold",
        "warning",
        "--ignore",
        "PL3003,DKL-DI-0004",
        "--ignore",
        "root-image-user",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("PL3002 info"));
}

#[test]
fn json_report_has_images() {
    let dir = TempDir::new().unwrap();
    let bad = write(&dir, "bad.json", BAD_CONFIG);
    let clean = write(&dir, "clean.json", CLEAN_CONFIG);
    let output = plimsoll(&["image", "--format", "json", &bad, &clean]);
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_str(&stdout(&output)).expect("the output is JSON");
    assert_eq!(report["version"], 2);
    assert_eq!(report["files"], serde_json::json!([]));
    let images = report["images"].as_array().unwrap();
    assert_eq!(images.len(), 2);
    assert_eq!(images[0]["path"], bad.as_str());
    assert_eq!(images[0]["failed"], true);
    assert_eq!(images[0]["metadata"]["config_only"], true);
    assert_eq!(images[0]["metadata"]["uncompressed_size"], Value::Null);
    assert_eq!(images[0]["metadata"]["layers"][1]["history_index"], 1);
    let codes: Vec<&str> = images[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| finding["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["PL3003", "PL3002", "PL3001", "PL3009"]);
    assert_eq!(images[1]["failed"], false);
}

#[test]
fn layers_table() {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "bad.json", BAD_CONFIG);
    let output = plimsoll(&["image", "--layers", &path]);
    let text = stdout(&output);
    assert!(
        text.contains("LAYER  SIZE       FILES  WASTED     CREATED BY"),
        "{text}"
    );
    assert!(
        text.contains("2      -          -      -          RUN /bin/sh -c apk add curl"),
        "{text}"
    );
}

#[test]
fn usage_and_read_errors_exit_two() {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "bad.json", BAD_CONFIG);
    for args in [
        vec!["image", path.as_str(), "--max-size", "lots"],
        vec!["image", path.as_str(), "--lowest-efficiency", "1.5"],
        vec!["image", path.as_str(), "--ignore", "CIS-DI-9999"],
        vec!["image"],
    ] {
        let output = plimsoll(&args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
    }

    let broken = write(&dir, "broken.json", "{\"config\": [");
    let output = plimsoll(&["image", &broken]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("broken.json"),
        "{}",
        stderr(&output)
    );

    let missing = dir.path().join("missing.tar");
    let output = plimsoll(&["image", &missing.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn dive_ci_file_is_read() {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "clean.json", CLEAN_CONFIG);
    let ci = write(&dir, ".dive-ci", "rules:\n  lowestEfficiency: 0.95\n");
    let output = plimsoll(&["image", &path, "--ci-config", &ci]);
    // A bare config has no layers to measure, so the thresholds have nothing to fail on.
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    let invalid = write(&dir, "invalid-ci", "rules:\n  lowestEfficiency: 95\n");
    let output = plimsoll(&["image", &path, "--ci-config", &invalid]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("lowestEfficiency"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn shared_dive_ci_and_crime_scene() {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/images");
    if !shared.is_dir() {
        println!("skipped: {} is absent", shared.display());
        return;
    }
    let config = shared.join("crime-scene.config.json");
    let ci = shared.join("upstream/dive/dive-ci.yaml");
    let output = plimsoll(&[
        "image",
        "--format",
        "json",
        &config.to_string_lossy(),
        "--ci-config",
        &ci.to_string_lossy(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let codes: Vec<&str> = report["images"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| finding["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["PL3003", "PL3002", "PL3001", "PL3010", "PL3005", "PL3011"]
    );
}
