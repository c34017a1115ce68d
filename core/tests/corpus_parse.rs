//! Compares `plimsoll parse` with BuildKit's parser on the shared corpus of real Dockerfiles.
//!
//! The reference outputs were written by BuildKit's Go parser (v0.12.5, through the PyPI
//! package `dockerfile`). Where current BuildKit reads a file differently, this parser follows
//! current BuildKit and the difference is listed in `KNOWN_DIFFERENCES` with its reason.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Files whose reference output comes from behaviour that current BuildKit changed.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[
    (
        "03407",
        "`CMD [\"bash\"] # comment`: BuildKit v0.12.5 decoded the first JSON value and ignored \
         the text after it; current BuildKit requires the whole argument to be JSON and falls \
         back to shell form",
    ),
    (
        "04113",
        "a UTF-32 file: the reference tool's Python binding decoded it into empty instructions; \
         plimsoll reports that the file is not UTF-8",
    ),
];

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    dir.join("golden-parse").is_dir().then_some(dir)
}

fn compare_instruction(ours: &Value, theirs: &Value) -> Result<(), String> {
    let ours_cmd = ours["cmd"].as_str().unwrap_or_default();
    let theirs_cmd = theirs["cmd"].as_str().unwrap_or_default();
    if !ours_cmd.eq_ignore_ascii_case(theirs_cmd) {
        return Err(format!("cmd: ours {ours_cmd:?}, BuildKit {theirs_cmd:?}"));
    }
    let ours_sub = ours["sub_cmd"].as_str().map(str::to_ascii_uppercase);
    let theirs_sub = theirs["sub_cmd"].as_str().map(str::to_ascii_uppercase);
    if ours_sub != theirs_sub {
        return Err(format!(
            "sub_cmd: ours {ours_sub:?}, BuildKit {theirs_sub:?}"
        ));
    }
    for field in [
        "json",
        "original",
        "start_line",
        "end_line",
        "flags",
        "value",
        "heredocs",
    ] {
        if ours[field] != theirs[field] {
            return Err(format!(
                "{field}: ours {}, BuildKit {}",
                ours[field], theirs[field]
            ));
        }
    }
    Ok(())
}

fn compare_file(id: &str, source: &[u8], golden: &Value) -> Result<(), String> {
    let dockerfile = plimsoll::parse(source);
    if let Some(error) = golden.get("error") {
        return if dockerfile.has_errors() {
            Ok(())
        } else {
            Err(format!(
                "BuildKit rejects the file ({error}), plimsoll reports no error"
            ))
        };
    }
    let ours = plimsoll::syntax::to_buildkit_json(&dockerfile);
    let ours = ours.as_array().expect("the parse output is an array");
    let theirs = golden.as_array().ok_or("golden output is not an array")?;
    for (index, (a, b)) in ours.iter().zip(theirs).enumerate() {
        compare_instruction(a, b)
            .map_err(|difference| format!("{id} instruction {}: {difference}", index + 1))?;
    }
    if ours.len() != theirs.len() {
        return Err(format!(
            "{id}: {} instructions, BuildKit has {}",
            ours.len(),
            theirs.len()
        ));
    }
    Ok(())
}

#[test]
fn corpus_parse_agrees_with_buildkit() {
    let Some(dir) = corpus_dir() else {
        println!("skipped: the shared corpus is not beside the repository");
        return;
    };
    let mut ids: Vec<String> = fs::read_dir(dir.join("golden-parse"))
        .expect("golden-parse is readable")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".json").map(str::to_string)
        })
        .collect();
    ids.sort();

    let mut agreed = 0;
    let mut known = 0;
    let mut failures = Vec::new();
    for id in &ids {
        let source_path = dir.join("files").join(format!("{id}.Dockerfile"));
        let Ok(source) = fs::read(&source_path) else {
            continue;
        };
        let golden: Value = serde_json::from_slice(
            &fs::read(dir.join("golden-parse").join(format!("{id}.json"))).unwrap(),
        )
        .unwrap();
        match compare_file(id, &source, &golden) {
            Ok(()) => agreed += 1,
            Err(difference) => {
                if KNOWN_DIFFERENCES.iter().any(|(known_id, _)| known_id == id) {
                    known += 1;
                } else {
                    failures.push(difference);
                }
            }
        }
    }
    let total = agreed + known + failures.len();
    println!(
        "parse agreement: {agreed}/{total} files ({known} known differences, listed in \
         KNOWN_DIFFERENCES with their reasons)"
    );
    for failure in failures.iter().take(40) {
        println!("  {failure}");
    }
    assert!(
        failures.is_empty(),
        "{} files differ from BuildKit",
        failures.len()
    );
}

/// Every corpus file lints without a panic, and findings stay inside the text.
#[test]
fn corpus_lints_without_crash() {
    let Some(dir) = corpus_dir() else {
        println!("skipped: the shared corpus is not beside the repository");
        return;
    };
    let mut files = 0;
    for entry in fs::read_dir(dir.join("files")).expect("files is readable") {
        let path = entry.expect("entry is readable").path();
        if path.extension().and_then(|ext| ext.to_str()) != Some("Dockerfile") {
            continue;
        }
        let source = fs::read(&path).expect("corpus file is readable");
        let result = plimsoll::lint(&source, &plimsoll::LintOptions::default())
            .expect("default options are valid");
        for diagnostic in &result.diagnostics {
            assert!(
                diagnostic.span.start <= diagnostic.span.end
                    && diagnostic.span.end <= result.dockerfile.text.len(),
                "{}: {} has span {:?} outside the text",
                path.display(),
                diagnostic.code,
                diagnostic.span
            );
        }
        files += 1;
    }
    println!("linted {files} corpus files");
    assert!(files > 0);
}
