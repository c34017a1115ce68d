//! Lints the image fixtures kept beside the repository end to end: the crime-scene image must
//! fail with a finding for every problem its build put in it, and the slim image must pass.
//! Every test skips, saying why, when `../shared` is absent.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use plimsoll::Severity;
use plimsoll::image::rules::{ImageLintOptions, lint_image};
use plimsoll::image::{ImageOptions, analyze_path};

fn fixture(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/images")
        .join(name);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: {} is absent", path.display());
        None
    }
}

/// Returns whether the image fails, and its findings as (code, place) pairs.
fn lint(path: &Path) -> (bool, BTreeSet<(String, String)>) {
    let analysis = analyze_path(path, &ImageOptions::default())
        .unwrap_or_else(|error| panic!("{}: {}", path.display(), error.message));
    let options = ImageLintOptions {
        failure_threshold: Some(Severity::Info),
        ..ImageLintOptions::default()
    };
    let result = lint_image(&analysis, &options).expect("the options are valid");
    let findings = result
        .findings
        .iter()
        .map(|finding| (finding.code.to_string(), finding.location.label()))
        .collect();
    (result.failed, findings)
}

#[test]
fn crime_scene_names_every_problem() {
    let Some(path) = fixture("crime-scene.oci") else {
        return;
    };

    let (failed, findings) = lint(&path);

    assert!(failed);
    let expected = [
        ("PL3001", "config User"),
        ("PL3002", "config Healthcheck"),
        ("PL3003", "config Env DB_PASSWORD"),
        ("PL3010", "history[2]"),
        ("PL3005", "history[5]"),
        ("PL3011", "history[6]"),
        ("PL4002", "/app/.env"),
        ("PL4006", "/app/.git"),
        ("PL4007", "/app/__pycache__"),
        ("PL4008", "/root/.cache/pip"),
        ("PL4014", "layer 2"),
        ("PL4009", "/usr/bin/gcc"),
        ("PL4009", "/usr/bin/cc"),
        ("PL4009", "/usr/bin/make"),
    ];
    for (code, place) in expected {
        assert!(
            findings.contains(&(code.to_string(), place.to_string())),
            "no {code} at {place} in {findings:?}"
        );
    }
    let setuid: BTreeSet<String> = findings
        .iter()
        .filter(|(code, _)| code == "PL4001")
        .map(|(_, place)| place.clone())
        .collect();
    let mut expected_setuid: BTreeSet<String> = [
        "chfn", "chsh", "gpasswd", "mount", "newgrp", "passwd", "su", "umount", "chage", "expiry",
    ]
    .iter()
    .map(|name| format!("/usr/bin/{name}"))
    .collect();
    expected_setuid.insert("/usr/sbin/unix_chkpwd".to_string());
    assert_eq!(setuid, expected_setuid);
}

#[test]
fn slim_image_passes_in_every_form() {
    for name in ["slim.oci", "slim.tar", "slim.config.json"] {
        let Some(path) = fixture(name) else {
            return;
        };

        let (failed, findings) = lint(&path);

        assert!(!failed, "{name}: {findings:?}");
        assert!(findings.is_empty(), "{name}: {findings:?}");
    }
}
