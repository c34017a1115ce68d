//! Runs the cross-language conformance cases through the Rust API, the reference that the
//! Python, Node, C and Go runners must match byte for byte.

use std::fs;
use std::path::{Path, PathBuf};

use plimsoll::api::{error_json, image_config_json, lint_json};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance/cases")
}

/// Returns the output every runner must produce for the case in `dir`: the report of its
/// `Dockerfile`, or of its image config `image.json` when it has no Dockerfile.
fn run_case(dir: &Path) -> String {
    let options = fs::read_to_string(dir.join("options.json")).unwrap_or_default();
    let result = match fs::read(dir.join("Dockerfile")) {
        Ok(source) => lint_json("Dockerfile", &source, &options),
        Err(_) => {
            let config = fs::read(dir.join("image.json"))
                .expect("each case has a Dockerfile or an image.json");
            image_config_json("image.json", &config, &options)
        }
    };
    match result {
        Ok(report) => report,
        Err(error) => error_json(&error),
    }
}

#[test]
fn conformance_cases_match_expected() {
    let bless = std::env::var_os("PLIMSOLL_BLESS").is_some();
    let mut dirs: Vec<PathBuf> = fs::read_dir(cases_dir())
        .expect("the conformance cases exist")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no conformance cases found");

    let mut stale = Vec::new();
    for dir in &dirs {
        let output = run_case(dir);
        let expected_path = dir.join("expected.json");
        if bless {
            fs::write(&expected_path, format!("{output}\n")).expect("expected.json is writable");
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if expected.trim_end_matches('\n') != output {
            stale.push(
                dir.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
    println!("conformance: {} cases", dirs.len());
    assert!(
        stale.is_empty(),
        "cases whose output differs from expected.json: {stale:?}; if the change is intended, \
         run `PLIMSOLL_BLESS=1 cargo test -p plimsoll --test conformance` and review the diff"
    );
}
