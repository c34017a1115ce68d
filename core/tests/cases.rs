//! Inputs distilled from public bug reports against hadolint, BuildKit and dockle, and the
//! Dockerfile of the crime-scene test image. Each test states the findings a reviewer expects.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use plimsoll::{LintOptions, LintResult, lint};

fn shared_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    dir.join("cases").is_dir().then_some(dir)
}

/// Reads a case's Dockerfile, or prints why the test is skipped.
fn case(name: &str) -> Option<Vec<u8>> {
    let Some(dir) = shared_dir() else {
        println!("skipped: the shared cases are not beside the repository");
        return None;
    };
    Some(fs::read(dir.join("cases").join(name).join("Dockerfile")).expect("the case exists"))
}

fn run(source: &[u8]) -> LintResult {
    lint(source, &LintOptions::default()).expect("default options are valid")
}

/// Returns `(line, column, code)` of every finding.
fn findings(result: &LintResult) -> Vec<(u32, u32, &'static str)> {
    result
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let position = result
                .dockerfile
                .line_index
                .line_column(&result.dockerfile.text, diagnostic.span.start);
            (position.line, position.column, diagnostic.code)
        })
        .collect()
}

fn codes_on_line(result: &LintResult, line: u32) -> Vec<&'static str> {
    findings(result)
        .into_iter()
        .filter(|(found, _, _)| *found == line)
        .map(|(_, _, code)| code)
        .collect()
}

/// Returns `(keyword, start line, end line)` of every instruction.
fn instructions(result: &LintResult) -> Vec<(String, u32, u32)> {
    result
        .dockerfile
        .instructions
        .iter()
        .map(|instruction| {
            (
                instruction.name(),
                instruction.start_line,
                instruction.end_line,
            )
        })
        .collect()
}

fn instruction(name: &str, start: u32, end: u32) -> (String, u32, u32) {
    (name.to_string(), start, end)
}

#[test]
fn heredoc_opener_on_continuation_line() {
    let Some(source) = case("BR-001") else { return };
    let result = run(&source);
    assert!(!result.dockerfile.has_errors());
    assert_eq!(result.dockerfile.directives.len(), 1);
    assert_eq!(
        instructions(&result),
        vec![
            instruction("FROM", 2, 2),
            instruction("RUN", 3, 6),
            instruction("RUN", 7, 11),
            instruction("CMD", 12, 12),
        ]
    );
    let runs = &result.dockerfile.instructions;
    assert_eq!(runs[1].heredocs[0].name, "CONF");
    assert_eq!(runs[1].heredocs[0].content, "mode=prod\n");
    assert_eq!(
        runs[2].heredocs[0].content,
        "replace example.com/lib => ../lib\n"
    );
    assert_eq!(
        runs[2].line.text,
        "RUN mkdir -p /srv/app &&     cat <<EOF >> /srv/app/go.mod &&     cat /srv/app/go.mod"
    );
}

/// `<<-\EOT` opens a heredoc with tab stripping. `cat << EOF` with a space also opens one:
/// dockerfile frontend 1.16 (2025) allows whitespace after `<<`, and the case's
/// `# syntax=docker/dockerfile:1` selects that frontend, so line 7 is a heredoc body.
#[test]
fn heredoc_opener_forms() {
    let Some(source) = case("BR-003") else { return };
    let result = run(&source);
    assert!(!result.dockerfile.has_errors());
    let copy = &result.dockerfile.instructions[1];
    assert_eq!((copy.start_line, copy.end_line), (3, 5));
    assert_eq!(copy.heredocs[0].name, "EOT");
    assert!(copy.heredocs[0].chomp);
    let run_heredoc = &result.dockerfile.instructions[2];
    assert_eq!((run_heredoc.start_line, run_heredoc.end_line), (6, 8));
    assert_eq!(run_heredoc.heredocs[0].content, "hello\n");
}

#[test]
fn continuation_with_trailing_whitespace() {
    let Some(source) = case("BR-005") else { return };
    let result = run(&source);
    assert_eq!(
        instructions(&result),
        vec![
            instruction("FROM", 1, 1),
            instruction("RUN", 2, 3),
            instruction("SHELL", 4, 5),
            instruction("RUN", 6, 6),
        ]
    );
    assert_eq!(
        result.dockerfile.instructions[1].line.text,
        "RUN dnf -y install --setopt=tsflags=nodocs epel-release &&     dnf clean all"
    );
    assert_eq!(
        result.dockerfile.instructions[2].value_list(),
        vec!["/bin/bash", "-o", "pipefail", "-c"]
    );
    assert!(!result.dockerfile.has_errors());
}

#[test]
fn escape_inside_keyword() {
    let Some(source) = case("BR-007") else { return };
    let result = run(&source);
    assert_eq!(
        instructions(&result),
        vec![
            instruction("FROM", 1, 1),
            instruction("RU\\N", 2, 2),
            instruction("RUN", 3, 4),
            instruction("RUN", 5, 5),
        ]
    );
    let errors: Vec<_> = findings(&result)
        .into_iter()
        .filter(|(_, _, code)| code.starts_with("PL000"))
        .collect();
    assert_eq!(errors, vec![(2, 1, "PL0002")]);
}

#[test]
fn variables_in_from() {
    let Some(source) = case("BR-009") else { return };
    let result = run(&source);
    assert!(!result.dockerfile.has_errors());
    let stages = &result.model.stages;
    assert_eq!(
        stages[0].image_expanded,
        "registry.example.com:8099/build/alpine-base:1.0.0"
    );
    assert_eq!(stages[0].name.as_deref(), Some("base"));
    let plimsoll::model::Base::Image(reference) = &stages[0].base else {
        panic!("stage 0 is built on an image");
    };
    assert_eq!(
        reference.registry.as_deref(),
        Some("registry.example.com:8099")
    );
    assert_eq!(reference.repository, "build/alpine-base");
    assert_eq!(reference.tag.as_deref(), Some("1.0.0"));
    assert_eq!(stages[1].image_expanded, "debian:12-slim");
    assert!(
        !codes_on_line(&result, 4).contains(&"DL3006"),
        "no DL3006 for the default"
    );
    assert_eq!(stages[1].dependencies, vec![0], "COPY --from=base");
}

#[test]
fn newer_flags_are_accepted() {
    let Some(source) = case("BR-011") else { return };
    let result = run(&source);
    assert!(!result.dockerfile.has_errors());
    let copy = &result.dockerfile.instructions[2];
    assert_eq!(copy.flags[0].name, "parents");
    let add = &result.dockerfile.instructions[3];
    assert_eq!(add.flags[0].value.as_deref(), Some("true"));
}

#[test]
fn byte_order_mark_with_directive() {
    let Some(source) = case("BR-013") else { return };
    assert!(source.starts_with(&[0xef, 0xbb, 0xbf]));
    let result = run(&source);
    assert_eq!(
        result
            .dockerfile
            .directive("syntax")
            .map(|d| d.value.as_str()),
        Some("docker/dockerfile:1")
    );
    assert_eq!(
        instructions(&result),
        vec![instruction("FROM", 2, 2), instruction("RUN", 3, 3)]
    );
    assert!(!result.dockerfile.has_errors());
    let directive = &result.dockerfile.directives[0];
    let position = result
        .dockerfile
        .line_index
        .line_column(&result.dockerfile.text, directive.span.start);
    assert_eq!((position.line, position.column), (1, 1));
}

#[test]
fn unknown_instruction_with_trailing_escape() {
    let Some(source) = case("BR-015") else { return };
    let started = Instant::now();
    let result = run(&source);
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(
        instructions(&result),
        vec![instruction("FROM", 1, 1), instruction("RUNCMD", 2, 3)]
    );
    let parse_findings: Vec<_> = findings(&result)
        .into_iter()
        .filter(|(_, _, code)| code.starts_with("PL000"))
        .collect();
    assert_eq!(parse_findings, vec![(2, 1, "PL0002")]);
}

#[test]
fn arg_continuation_into_comment_at_end() {
    let Some(source) = case("BR-017") else { return };
    let result = run(&source);
    assert!(!result.dockerfile.has_errors());
    let arg = &result.dockerfile.instructions[1];
    assert_eq!((arg.start_line, arg.end_line), (2, 3));
    assert_eq!(arg.value_list(), vec!["VERSION=1.0.0"]);
}

/// Option values are not packages. The version-pinning rules are not implemented yet; the
/// cache and cleanup rules must stay quiet, and gcc in the final stage is reported.
#[test]
fn option_values_are_not_packages() {
    let Some(source) = case("BR-019") else { return };
    let result = run(&source);
    for line in 2..=6 {
        let codes = codes_on_line(&result, line);
        for code in ["DL3009", "DL3014", "DL3015", "DL3042", "PL1001"] {
            assert!(!codes.contains(&code), "{code} on line {line}");
        }
    }
    assert!(codes_on_line(&result, 8).contains(&"PL1004"));
}

#[test]
fn versions_from_variables() {
    let Some(source) = case("BR-021") else { return };
    let result = run(&source);
    for line in [3, 6, 8] {
        let codes = codes_on_line(&result, line);
        assert!(!codes.contains(&"DL3042"), "line {line}: {codes:?}");
        assert!(!codes.contains(&"DL3009"), "line {line}: {codes:?}");
    }
}

#[test]
fn copy_from_index_and_image() {
    let Some(source) = case("BR-023") else { return };
    let result = run(&source);
    assert!(!result.dockerfile.has_errors());
    assert_eq!(result.model.stages[1].dependencies, vec![0]);
    assert!(result.model.reachable[0]);
}

#[test]
fn cache_mounts_replace_cleanup() {
    let Some(source) = case("BR-027") else { return };
    let result = run(&source);
    let codes: Vec<_> = findings(&result)
        .into_iter()
        .map(|(_, _, code)| code)
        .collect();
    assert!(!codes.contains(&"DL3009"), "{codes:?}");
    assert!(!codes.contains(&"DL3042"), "{codes:?}");
}

#[test]
fn dangling_continuation_swallows_from() {
    let Some(source) = case("BR-031") else { return };
    let result = run(&source);
    assert_eq!(
        instructions(&result),
        vec![
            instruction("FROM", 1, 1),
            instruction("RUN", 2, 7),
            instruction("RUN", 8, 8),
            instruction("FROM", 9, 9),
            instruction("USER", 10, 10),
        ]
    );
    let found = findings(&result);
    assert!(found.contains(&(6, 1, "PL0004")), "{found:?}");
    assert!(found.contains(&(7, 1, "PL0006")), "{found:?}");
    assert!(found.contains(&(9, 6, "DL3006")), "{found:?}");
    assert!(found.contains(&(10, 1, "PL0001")), "{found:?}");
    let message = &result
        .diagnostics
        .iter()
        .find(|diagnostic| diagnostic.code == "DL3006")
        .expect("DL3006")
        .message;
    assert!(message.contains("no stage is named `test`"), "{message}");
}

/// The Dockerfile of the crime-scene image: a bloated, root-running "hello world".
#[test]
fn crime_scene_dockerfile() {
    let source = b"FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y python3 build-essential
ENV DB_PASSWORD=hunter2 APP_ENV=production
WORKDIR /app
ADD . /app
RUN pip3 install -r requirements.txt
RUN rm -rf /var/lib/apt/lists/*
EXPOSE 5000
CMD [\"python3\", \"app.py\"]
";
    let result = run(source);
    assert_eq!(
        findings(&result),
        vec![
            // The final image never switches to a non-root user.
            (1, 6, "PL1003"),
            // The apt lists stay in layer 2; the later rm only hides them.
            (2, 5, "DL3009"),
            // Recommended packages are installed too.
            (2, 23, "DL3015"),
            // Neither package has a pinned version.
            (2, 42, "DL3008"),
            (2, 50, "DL3008"),
            // A C toolchain ships in the final image.
            (2, 50, "PL1004"),
            // A password in ENV is readable in the image config.
            (3, 5, "DL3064"),
            // ADD for a local directory.
            (5, 5, "DL3020"),
            // pip keeps its download cache.
            (6, 5, "DL3042"),
            // The cleanup RUN is a separate layer that cannot shrink the image.
            (7, 1, "DL3059"),
        ]
    );
}

/// Go's JSON decoder reads a lone surrogate escape as U+FFFD, so BuildKit keeps the exec form.
#[test]
fn lone_surrogate_keeps_exec_form() {
    let result = run(
        b"FROM a:1\nUSER 10001\nCMD [\"echo\", \"\\ud83d\", \"\\ud83d\\ude00\", \"\\\\ud800\"]\n",
    );
    let cmd = &result.dockerfile.instructions[2];
    assert!(cmd.json);
    assert_eq!(
        cmd.value_list(),
        vec!["echo", "\u{fffd}", "\u{1f600}", "\\ud800"]
    );
    assert!(findings(&result).is_empty(), "{:?}", findings(&result));
}
