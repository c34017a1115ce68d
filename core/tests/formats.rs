//! Golden tests of every output format over one fixed set of findings.
//!
//! The expected documents are under `tests/formats/`. After an intended change, run
//! `PLIMSOLL_BLESS=1 cargo test -p plimsoll --test formats` and review the diff. The crate's
//! version is written as `VERSION` in the expected files, so that they survive releases.

use std::fs;
use std::path::{Path, PathBuf};

use plimsoll::formats::{
    Artifact, Finding, FindingFix, Format, Range, RenderOptions, artifacts_from_report, render,
};
use plimsoll::report::{Report, file_report};
use plimsoll::{Applicability, LintOptions, Severity, lint};

// Findings of DL3007, DL4000 and PL0001 take their SARIF rule descriptions from the registry.
// The other codes are not registered, so that edits to rule documentation rarely touch the
// expected files.

/// A message with every character that some format must escape.
const AWKWARD_MESSAGE: &str =
    "Quote \"x\" <tag> & 100% done, key: value\nsecond line: naïve café 漢字 😀";

fn range(start_line: u32, start_column: u32, end_line: u32, end_column: u32) -> Range {
    Range {
        start_line,
        start_column,
        end_line,
        end_column,
    }
}

fn finding(
    code: &str,
    name: &str,
    severity: Severity,
    message: &str,
    at: Option<Range>,
) -> Finding {
    Finding {
        code: code.to_string(),
        name: name.to_string(),
        severity,
        message: message.to_string(),
        range: at,
        fix: None,
    }
}

/// Several files with findings of every severity, a fix, awkward text and paths, a file
/// without findings, and an image whose finding has no position.
fn artifacts() -> Vec<Artifact> {
    let mut latest = finding(
        "DL3007",
        "latest-base-image",
        Severity::Warning,
        "Using latest is prone to errors if the image will ever update. Pin the version \
         explicitly to a release tag",
        Some(range(1, 6, 1, 19)),
    );
    latest.fix = Some(FindingFix {
        message: "Pin the image version".to_string(),
        applicability: Applicability::Unsafe,
        edits: vec![(range(1, 13, 1, 19), "24.04".to_string())],
    });
    let display_only = {
        let mut maintainer = finding(
            "DL4000",
            "maintainer",
            Severity::Error,
            "MAINTAINER is deprecated",
            Some(range(2, 1, 2, 14)),
        );
        maintainer.fix = Some(FindingFix {
            message: "Use a LABEL".to_string(),
            applicability: Applicability::DisplayOnly,
            edits: Vec::new(),
        });
        maintainer
    };

    vec![
        Artifact {
            path: "./app/Dockerfile".to_string(),
            findings: vec![
                latest,
                display_only,
                finding(
                    "PL0001",
                    "invalid-syntax",
                    Severity::Error,
                    AWKWARD_MESSAGE,
                    Some(range(3, 5, 4, 2)),
                ),
                finding(
                    "PL9101",
                    "made-up-info-rule",
                    Severity::Info,
                    "Multiple consecutive `RUN` instructions. Consider consolidation.",
                    Some(range(5, 1, 5, 1)),
                ),
                finding(
                    "PL9102",
                    "made-up-style-rule",
                    Severity::Style,
                    "Always tag the version of an image explicitly",
                    Some(range(6, 6, 6, 12)),
                ),
            ],
        },
        Artifact {
            path: "/work/repo/empty/Dockerfile".to_string(),
            findings: Vec::new(),
        },
        Artifact {
            path: "/work/repo/dir with space, & \"quotes\"/build.Dockerfile".to_string(),
            findings: vec![
                finding(
                    "DL3007",
                    "latest-base-image",
                    Severity::Warning,
                    "Using latest",
                    Some(range(1, 6, 1, 12)),
                ),
                finding(
                    "DL3007",
                    "latest-base-image",
                    Severity::Warning,
                    "Using latest",
                    Some(range(1, 6, 1, 12)),
                ),
            ],
        },
        Artifact {
            path: "registry.example/app:1.0".to_string(),
            findings: vec![finding(
                "PL3999",
                "image-test-finding",
                Severity::Warning,
                "The image runs as root",
                None,
            )],
        },
    ]
}

fn options() -> RenderOptions {
    RenderOptions {
        base_directory: Some("/work/repo".to_string()),
        color: false,
    }
}

fn expected_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/formats")
}

fn file_name(format: Format) -> String {
    let extension = match format {
        Format::Sarif | Format::Gitlab | Format::Sonarqube => "json",
        Format::Checkstyle | Format::Junit => "xml",
        Format::Codacy => "jsonl",
        Format::Codeclimate => "nul-separated.json",
        Format::Text | Format::Gnu | Format::Github | Format::Json => "txt",
    };
    format!("{}.{extension}", format.name())
}

/// Renders `format` with the crate version replaced by `VERSION`.
fn rendered(format: Format) -> String {
    let output = render(format, &artifacts(), &options()).expect("the format renders artifacts");
    output.replace(&format!("\"{}\"", plimsoll::VERSION), "\"VERSION\"")
}

#[test]
fn formats_match_expected_files() {
    let bless = std::env::var_os("PLIMSOLL_BLESS").is_some();
    let mut stale = Vec::new();
    for format in Format::ALL {
        if format == Format::Json {
            continue;
        }
        let output = rendered(format);
        let path = expected_dir().join(file_name(format));
        if bless {
            fs::create_dir_all(expected_dir()).expect("the expected directory is writable");
            fs::write(&path, &output).expect("the expected file is writable");
            continue;
        }
        let expected = fs::read_to_string(&path).unwrap_or_default();
        if expected != output {
            stale.push(format.name());
        }
    }
    assert!(
        stale.is_empty(),
        "formats whose output differs from tests/formats: {stale:?}; if the change is \
         intended, run `PLIMSOLL_BLESS=1 cargo test -p plimsoll --test formats` and review \
         the diff"
    );
}

#[test]
fn json_is_not_a_neutral_format() {
    assert_eq!(render(Format::Json, &artifacts(), &options()), None);
}

#[test]
fn json_formats_parse_and_keep_message() {
    for format in [Format::Sarif, Format::Gitlab, Format::Sonarqube] {
        let output = rendered(format);

        let value: serde_json::Value = serde_json::from_str(&output)
            .unwrap_or_else(|error| panic!("{format} is not JSON: {error}"));

        assert!(
            value
                .to_string()
                .contains(&serde_json::to_string(AWKWARD_MESSAGE).unwrap()),
            "{format} lost the message"
        );
    }
}

#[test]
fn codeclimate_issues_end_with_nul() {
    let output = rendered(Format::Codeclimate);

    let issues: Vec<&str> = output.split_terminator('\0').collect();

    assert_eq!(issues.len(), 8);
    assert!(output.ends_with('\0'));
    for issue in issues {
        let value: serde_json::Value = serde_json::from_str(issue).expect("each issue is JSON");
        assert_eq!(value["type"], "issue");
    }
}

#[test]
fn codacy_lines_are_json() {
    let output = rendered(Format::Codacy);

    let lines: Vec<serde_json::Value> = output
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect();

    assert_eq!(lines.len(), 8);
    assert_eq!(lines[0]["filename"], "app/Dockerfile");
    assert_eq!(lines[7]["line"], 1);
}

#[test]
fn gitlab_fingerprints_are_unique_and_stable() {
    let first: serde_json::Value = serde_json::from_str(&rendered(Format::Gitlab)).unwrap();
    let second: serde_json::Value = serde_json::from_str(&rendered(Format::Gitlab)).unwrap();

    let fingerprints: Vec<&str> = first
        .as_array()
        .unwrap()
        .iter()
        .map(|issue| issue["fingerprint"].as_str().unwrap())
        .collect();
    let mut unique = fingerprints.clone();
    unique.sort_unstable();
    unique.dedup();

    assert_eq!(unique.len(), fingerprints.len(), "{fingerprints:?}");
    assert_eq!(first, second);
}

#[test]
fn sarif_rules_cover_results() {
    let value: serde_json::Value = serde_json::from_str(&rendered(Format::Sarif)).unwrap();
    let run = &value["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();

    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    assert_eq!(rules.len(), 6);
}

#[test]
fn xml_formats_keep_line_breaks_in_attributes() {
    for format in [Format::Checkstyle, Format::Junit] {
        let output = rendered(format);

        assert!(output.contains("&#10;second line"), "{format}: {output}");
        assert!(!output.contains("<tag>"), "{format}: {output}");
    }
}

#[test]
fn report_converts_with_positions_and_fix() {
    let source = b"FROM ubuntu:latest\nMAINTAINER me\n";
    let result = lint(source, &LintOptions::default()).expect("the Dockerfile lints");
    let report = Report::new(vec![file_report("Dockerfile", &result)]);

    let artifacts = artifacts_from_report(&report);

    let diagnostics = &report.files[0].diagnostics;
    assert_eq!(artifacts.len(), 1);
    assert_eq!(artifacts[0].findings.len(), diagnostics.len());
    for (finding, diagnostic) in artifacts[0].findings.iter().zip(diagnostics) {
        let range = finding.range.expect("Dockerfile findings have a range");
        assert_eq!(finding.code, diagnostic.code);
        assert_eq!(range.start_line, diagnostic.start.line);
        assert_eq!(range.start_column, diagnostic.start.column);
        assert_eq!(range.end_line, diagnostic.end.line);
        assert_eq!(range.end_column, diagnostic.end.column);
        assert_eq!(finding.fix.is_some(), diagnostic.fix.is_some());
    }
}

#[test]
fn text_colors_only_when_asked() {
    let colored = render(
        Format::Text,
        &artifacts(),
        &RenderOptions {
            color: true,
            ..options()
        },
    )
    .unwrap();
    let plain = rendered(Format::Text);

    assert!(colored.contains("\x1b["));
    assert!(!plain.contains('\x1b'));
}

#[test]
fn empty_input_renders_empty_documents() {
    for format in Format::ALL {
        let Some(output) = render(format, &[], &options()) else {
            continue;
        };
        match format {
            Format::Text | Format::Gnu | Format::Github | Format::Codeclimate | Format::Codacy => {
                assert_eq!(output, "", "{format}")
            }
            Format::Gitlab => assert_eq!(output, "[]\n"),
            Format::Sarif | Format::Sonarqube => {
                serde_json::from_str::<serde_json::Value>(&output).expect("valid JSON");
            }
            Format::Checkstyle | Format::Junit => assert!(output.starts_with("<?xml")),
            Format::Json => unreachable!("JSON is not rendered from artifacts"),
        }
    }
}

#[test]
fn renderers_accept_degenerate_input() {
    let weird = vec![Artifact {
        path: "\u{0}\r\n日本/:,%".to_string(),
        findings: vec![
            finding("", "", Severity::Error, "", Some(range(0, 0, 0, 0))),
            finding(
                "X",
                "x",
                Severity::Style,
                "\u{1b}[31m\u{ffff}\u{7f}",
                Some(range(9, 9, 2, 1)),
            ),
        ],
    }];
    let base_directories = [None, Some(String::new()), Some("日本".to_string())];

    for base_directory in base_directories {
        let options = RenderOptions {
            base_directory,
            color: true,
        };
        for format in Format::ALL {
            let output = render(format, &weird, &options);

            assert_eq!(output.is_none(), format == Format::Json, "{format}");
        }
    }
}
