//! Runs the built `plimsoll` binary on files written to a temporary directory.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use tempfile::TempDir;

/// A Dockerfile that no rule flags: a tagged base image and a non-root user.
const CLEAN_DOCKERFILE: &str = "FROM alpine:3.20\nUSER 65534\nRUN echo hello\n";

/// Returns a command for the binary with no standard input and no color settings from the
/// environment that runs the tests.
fn plimsoll(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_plimsoll"));
    command
        .args(args)
        .stdin(Stdio::null())
        .env_remove("NO_COLOR");
    command
}

fn run(command: &mut Command) -> Output {
    command.output().expect("the plimsoll binary runs")
}

fn run_with_stdin(command: &mut Command, input: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the plimsoll binary starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input.as_bytes())
        .expect("stdin accepts the input");
    child.wait_with_output().expect("the plimsoll binary runs")
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

fn json_stdout(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

fn write_file(directory: &Path, name: &str, text: &str) -> String {
    let path = directory.join(name);
    std::fs::write(&path, text).expect("the temporary file is written");
    path.to_str()
        .expect("temporary paths are UTF-8")
        .to_string()
}

#[test]
fn version_flag() {
    let output = run(&mut plimsoll(&["--version"]));

    assert_eq!(exit_code(&output), 0);
    assert_eq!(
        stdout(&output),
        format!("plimsoll {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn no_subcommand_is_usage_error() {
    let output = run(&mut plimsoll(&[]));

    assert_eq!(exit_code(&output), 2);
}

#[test]
fn lint_clean_file_exits_zero() {
    let directory = TempDir::new().unwrap();
    let path = write_file(directory.path(), "Dockerfile", CLEAN_DOCKERFILE);

    let output = run(&mut plimsoll(&["lint", &path]));

    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
}

#[test]
fn lint_json_report_shape() {
    let directory = TempDir::new().unwrap();
    let first = write_file(directory.path(), "first.Dockerfile", CLEAN_DOCKERFILE);
    let second = write_file(
        directory.path(),
        "second.Dockerfile",
        "FROM scratch\nUSER 65534\n",
    );

    let output = run(&mut plimsoll(&[
        "lint", "--format", "json", &first, &second,
    ]));

    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    let report = json_stdout(&output);
    assert_eq!(report["version"], 2);
    assert_eq!(report["tool"]["name"], "plimsoll");
    assert_eq!(report["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(report["files"][0]["path"], first.as_str());
    assert_eq!(report["files"][1]["path"], second.as_str());
    assert!(report["files"][0]["diagnostics"].is_array());
    assert!(stdout(&output).ends_with("}\n"));
}

#[test]
fn lint_reads_stdin() {
    let output = run_with_stdin(
        &mut plimsoll(&["lint", "--format", "json", "-"]),
        CLEAN_DOCKERFILE,
    );

    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    let report = json_stdout(&output);
    assert_eq!(report["files"][0]["path"], "-");
}

#[test]
fn lint_defaults_to_dockerfile() {
    let directory = TempDir::new().unwrap();
    write_file(directory.path(), "Dockerfile", CLEAN_DOCKERFILE);

    let output = run(plimsoll(&["lint", "--format", "json"]).current_dir(directory.path()));

    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    assert_eq!(json_stdout(&output)["files"][0]["path"], "Dockerfile");
}

#[test]
fn lint_default_file_missing() {
    let directory = TempDir::new().unwrap();

    let output = run(plimsoll(&["lint"]).current_dir(directory.path()));

    assert_eq!(exit_code(&output), 2);
    let message = stderr(&output);
    assert!(message.contains("`Dockerfile`"), "{message}");
    assert!(message.contains("os error"), "{message}");
}

#[test]
fn lint_missing_file_names_path() {
    let directory = TempDir::new().unwrap();
    let missing = directory.path().join("missing.Dockerfile");
    let missing = missing.to_str().unwrap();

    let output = run(&mut plimsoll(&["lint", missing]));

    assert_eq!(exit_code(&output), 2);
    let message = stderr(&output);
    assert!(message.contains(missing), "{message}");
    assert!(message.contains("No such file or directory"), "{message}");
}

#[test]
fn lint_directory_without_dockerfile_is_error() {
    let directory = TempDir::new().unwrap();

    let output = run(&mut plimsoll(&["lint", directory.path().to_str().unwrap()]));

    assert_eq!(exit_code(&output), 2);
    assert!(
        stderr(&output).contains("no Dockerfile found"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn lint_reports_readable_files_beside_missing_one() {
    let directory = TempDir::new().unwrap();
    let present = write_file(directory.path(), "Dockerfile", CLEAN_DOCKERFILE);
    let missing = directory
        .path()
        .join("missing")
        .to_str()
        .unwrap()
        .to_string();

    let output = run(&mut plimsoll(&[
        "lint", "--format", "json", &missing, &present,
    ]));

    assert_eq!(exit_code(&output), 2);
    let report = json_stdout(&output);
    assert_eq!(report["files"].as_array().unwrap().len(), 1);
    assert_eq!(report["files"][0]["path"], present.as_str());
    assert!(stderr(&output).contains(&missing));
}

#[test]
fn lint_unknown_ignore_code_is_usage_error() {
    let directory = TempDir::new().unwrap();
    let path = write_file(directory.path(), "Dockerfile", CLEAN_DOCKERFILE);

    let output = run(&mut plimsoll(&["lint", "--ignore", "XX9999", &path]));

    assert_eq!(exit_code(&output), 2);
    let message = stderr(&output);
    assert!(message.contains("unknown rule `XX9999`"), "{message}");
    assert!(message.contains("plimsoll rules"), "{message}");
}

#[test]
fn lint_invalid_option_values() {
    let directory = TempDir::new().unwrap();
    let path = write_file(directory.path(), "Dockerfile", CLEAN_DOCKERFILE);
    let cases: [&[&str]; 4] = [
        &["--format", "yaml"],
        &["--failure-threshold", "fatal"],
        &["--color", "sometimes"],
        &["--build-arg", "=value"],
    ];

    for case in cases {
        let mut args = vec!["lint"];
        args.extend_from_slice(case);
        args.push(&path);

        let output = run(&mut plimsoll(&args));

        assert_eq!(exit_code(&output), 2, "{case:?}");
        assert!(
            stderr(&output).contains(case[1]),
            "{case:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn lint_accepts_build_args_and_target() {
    let directory = TempDir::new().unwrap();
    let path = write_file(
        directory.path(),
        "Dockerfile",
        "ARG BASE=alpine:3.20\nFROM $BASE AS build\nUSER 65534\n",
    );

    let output = run(plimsoll(&[
        "lint",
        "--build-arg",
        "BASE=debian:12",
        "--build-arg",
        "FROM_ENVIRONMENT",
        "--target",
        "build",
        "--failure-threshold",
        "style",
        &path,
    ])
    .env("FROM_ENVIRONMENT", "1"));

    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
}

#[test]
fn lint_unknown_target_stage() {
    let directory = TempDir::new().unwrap();
    let with_stage = write_file(
        directory.path(),
        "with.Dockerfile",
        "FROM alpine:3.20 AS build\nUSER 65534\n",
    );
    let without_stage = write_file(directory.path(), "without.Dockerfile", CLEAN_DOCKERFILE);

    let output = run(&mut plimsoll(&[
        "lint",
        "--format",
        "json",
        "--target",
        "build",
        &without_stage,
        &with_stage,
    ]));

    assert_eq!(exit_code(&output), 2);
    let message = stderr(&output);
    assert!(message.contains(&without_stage), "{message}");
    assert!(message.contains("`build`"), "{message}");
    let report = json_stdout(&output);
    assert_eq!(report["files"].as_array().unwrap().len(), 1);
    assert_eq!(report["files"][0]["path"], with_stage.as_str());
}

#[test]
fn parse_prints_json_array() {
    let directory = TempDir::new().unwrap();
    let path = write_file(directory.path(), "Dockerfile", CLEAN_DOCKERFILE);

    let output = run(&mut plimsoll(&["parse", &path]));

    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with('['), "{text}");
    assert!(text.ends_with("]\n"), "{text}");
    assert!(json_stdout(&output).is_array());
}

#[test]
fn parse_lists_one_instruction_per_line() {
    let output = run_with_stdin(
        &mut plimsoll(&["parse", "--format", "json", "-"]),
        CLEAN_DOCKERFILE,
    );

    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    let instructions = json_stdout(&output).as_array().unwrap().len();
    if instructions > 0 {
        // The opening and closing brackets have their own lines.
        assert_eq!(text.lines().count(), instructions + 2, "{text}");
    } else {
        assert_eq!(text, "[]\n");
    }
}

#[test]
fn parse_missing_file() {
    let directory = TempDir::new().unwrap();
    let missing = directory.path().join("missing");

    let output = run(&mut plimsoll(&["parse", missing.to_str().unwrap()]));

    assert_eq!(exit_code(&output), 2);
    assert!(stderr(&output).contains(missing.to_str().unwrap()));
}

#[test]
fn parse_requires_file() {
    let output = run(&mut plimsoll(&["parse"]));

    assert_eq!(exit_code(&output), 2);
}

#[test]
fn rules_json_lists_metadata() {
    let output = run(&mut plimsoll(&["rules", "--format", "json"]));

    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    let rules = json_stdout(&output);
    for rule in rules.as_array().expect("the rule list is an array") {
        assert!(rule["code"].is_string(), "{rule}");
        assert!(rule["name"].is_string(), "{rule}");
        assert!(rule["aliases"].is_array(), "{rule}");
        assert!(rule["severity"].is_string(), "{rule}");
        assert!(rule["fixable"].is_boolean(), "{rule}");
    }
}

#[test]
fn rules_text_has_header() {
    let output = run(&mut plimsoll(&["rules"]));

    assert_eq!(exit_code(&output), 0);
    assert!(stdout(&output).starts_with("CODE"), "{}", stdout(&output));
}

#[test]
fn rule_documents_every_listed_rule() {
    let listed = json_stdout(&run(&mut plimsoll(&["rules", "--format", "json"])));

    for rule in listed.as_array().unwrap() {
        let code = rule["code"].as_str().unwrap();
        let output = run(&mut plimsoll(&["rule", code]));

        assert_eq!(exit_code(&output), 0, "{code}");
        let header = format!(
            "{code} {} ({})\n",
            rule["name"].as_str().unwrap(),
            rule["severity"].as_str().unwrap()
        );
        assert!(
            stdout(&output).starts_with(&header),
            "{code}: {}",
            stdout(&output)
        );
    }
}

#[test]
fn rule_unknown_code() {
    let output = run(&mut plimsoll(&["rule", "XX9999"]));

    assert_eq!(exit_code(&output), 2);
    assert!(
        stderr(&output).contains("unknown rule `XX9999`"),
        "{}",
        stderr(&output)
    );
    assert_eq!(stdout(&output), "");
}

// The tests below rely on findings of three rules: PL0002 (unknown-instruction, an error),
// PL0004 (empty-continuation-line, a warning) and DL4000 (maintainer, an error with a fix).
// Apart from those, the Dockerfiles are clean.
const UNKNOWN_INSTRUCTION: &str = "FROM alpine:3.20\nUSER 65534\nFROMM x\n";
const EMPTY_CONTINUATION_LINE: &str = "FROM alpine:3.20\nUSER 65534\nRUN echo a \\\n\n    b\n";
const MAINTAINER: &str = "FROM alpine:3.20\nMAINTAINER me\nUSER 65534\n";

/// Returns the findings of the first file of a JSON report.
fn diagnostics(report: &Value) -> &Vec<Value> {
    report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics is an array")
}

#[test]
fn lint_finding_exits_one() {
    let directory = TempDir::new().unwrap();
    let path = write_file(directory.path(), "Dockerfile", UNKNOWN_INSTRUCTION);

    let output = run(&mut plimsoll(&["lint", &path]));

    assert_eq!(exit_code(&output), 1, "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains(&format!("{path}:3:1: PL0002 error: ")),
        "{text}"
    );
    assert!(text.contains("\n3 | FROMM x\n  | ^^^^^\n"), "{text}");
    assert!(!text.contains('\x1b'), "colors on a pipe: {text}");
}

#[test]
fn lint_threshold_decides_exit_status() {
    let cases = [("info", 1), ("warning", 1), ("error", 0), ("none", 0)];

    for (threshold, expected) in cases {
        let output = run_with_stdin(
            &mut plimsoll(&["lint", "--failure-threshold", threshold, "-"]),
            EMPTY_CONTINUATION_LINE,
        );

        assert_eq!(
            exit_code(&output),
            expected,
            "{threshold}: {}",
            stderr(&output)
        );
        assert!(stdout(&output).contains("PL0004 warning"), "{threshold}");
    }
}

#[test]
fn lint_ignore_by_code_name_and_alias() {
    let directory = TempDir::new().unwrap();
    let path = write_file(directory.path(), "Dockerfile", EMPTY_CONTINUATION_LINE);

    for ignored in [
        "PL0004",
        "pl0004",
        "empty-continuation-line",
        "NoEmptyContinuation",
    ] {
        let output = run(&mut plimsoll(&["lint", "--ignore", ignored, &path]));

        assert_eq!(exit_code(&output), 0, "{ignored}: {}", stderr(&output));
        assert_eq!(stdout(&output), "", "{ignored}");
    }
}

#[test]
fn lint_ignore_takes_comma_list() {
    let input = format!("{UNKNOWN_INSTRUCTION}RUN echo a \\\n\n    b\n");

    let output = run_with_stdin(
        &mut plimsoll(&["lint", "--ignore", "PL0002,empty-continuation-line", "-"]),
        &input,
    );

    assert_eq!(exit_code(&output), 0, "{}", stdout(&output));
}

#[test]
fn lint_ignore_suggests_close_match() {
    let output = run(&mut plimsoll(&[
        "lint",
        "--ignore",
        "unknown-instructio",
        "-",
    ]));

    assert_eq!(exit_code(&output), 2);
    let message = stderr(&output);
    assert!(
        message.contains("did you mean PL0002 (unknown-instruction)?"),
        "{message}"
    );
}

#[test]
fn lint_json_finding_positions() {
    let output = run_with_stdin(
        &mut plimsoll(&["lint", "--format", "json", "-"]),
        UNKNOWN_INSTRUCTION,
    );

    assert_eq!(exit_code(&output), 1, "{}", stderr(&output));
    let report = json_stdout(&output);
    let diagnostics = diagnostics(&report);
    assert_eq!(diagnostics.len(), 1, "{report}");
    let diagnostic = &diagnostics[0];
    assert_eq!(diagnostic["code"], "PL0002");
    assert_eq!(diagnostic["name"], "unknown-instruction");
    assert_eq!(diagnostic["severity"], "error");
    assert_eq!(
        diagnostic["start"],
        serde_json::json!({"line": 3, "column": 1, "offset": 28})
    );
    assert_eq!(
        diagnostic["end"],
        serde_json::json!({"line": 3, "column": 6, "offset": 33})
    );
    assert_eq!(diagnostic["fix"], Value::Null);
}

#[test]
fn lint_color_choice() {
    let directory = TempDir::new().unwrap();
    let path = write_file(directory.path(), "Dockerfile", UNKNOWN_INSTRUCTION);

    let always = run(plimsoll(&["lint", "--color", "always", &path]).env("NO_COLOR", "1"));
    let never = run(&mut plimsoll(&["lint", "--color", "never", &path]));
    let auto = run(&mut plimsoll(&["lint", "--color", "auto", &path]));

    assert!(stdout(&always).contains('\x1b'), "{}", stdout(&always));
    assert!(!stdout(&never).contains('\x1b'), "{}", stdout(&never));
    assert!(!stdout(&auto).contains('\x1b'), "{}", stdout(&auto));
}

#[test]
fn lint_fix_in_text_and_json() {
    let text = run_with_stdin(&mut plimsoll(&["lint", "-"]), MAINTAINER);
    let json = run_with_stdin(
        &mut plimsoll(&["lint", "--format", "json", "-"]),
        MAINTAINER,
    );

    assert_eq!(exit_code(&text), 1, "{}", stderr(&text));
    let rendered = stdout(&text);
    assert!(rendered.starts_with("-:2:1: DL4000 error: "), "{rendered}");
    assert!(rendered.contains("\n  = fix: "), "{rendered}");
    let report = json_stdout(&json);
    let fix = &diagnostics(&report)[0]["fix"];
    assert!(fix["message"].is_string(), "{fix}");
    assert!(
        ["safe", "unsafe", "display-only"].contains(&fix["applicability"].as_str().unwrap()),
        "{fix}"
    );
    let edit = &fix["edits"][0];
    assert_eq!(edit["start"]["line"], 2, "{edit}");
    assert!(edit["replacement"].is_string(), "{edit}");
}

#[test]
fn parse_error_exits_one() {
    let output = run_with_stdin(&mut plimsoll(&["parse", "-"]), UNKNOWN_INSTRUCTION);

    assert_eq!(exit_code(&output), 1);
    let instructions = json_stdout(&output);
    assert_eq!(instructions.as_array().unwrap().len(), 3, "{instructions}");
    assert_eq!(instructions[2]["cmd"], "FROMM");
    assert!(
        stderr(&output).starts_with("-:3:1: PL0002 error: "),
        "{}",
        stderr(&output)
    );
}

#[test]
fn parse_warning_exits_zero() {
    let output = run_with_stdin(&mut plimsoll(&["parse", "-"]), EMPTY_CONTINUATION_LINE);

    assert_eq!(exit_code(&output), 0);
    assert!(
        stderr(&output).contains("PL0004 warning"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn rule_accepts_name_and_alias() {
    for name in ["PL0004", "empty-continuation-line", "noemptycontinuation"] {
        let output = run(&mut plimsoll(&["rule", name]));

        assert_eq!(exit_code(&output), 0, "{name}");
        let text = stdout(&output);
        assert!(
            text.starts_with("PL0004 empty-continuation-line (warning)\n"),
            "{name}: {text}"
        );
        assert!(text.contains("\n## What it does\n"), "{name}: {text}");
    }
}
