//! Tests of configuration reading and merging.

use std::collections::BTreeMap;

use super::*;
use crate::api::FailureThreshold;
use crate::diagnostic::Severity;
use crate::lint::LabelType;

const FULL_HADOLINT: &str = "\
ignored:
  - DL3003
  - SC2086
override:
  error:
    - DL3007
  warning: [DL3025]
  info: []
  style:
    - DL3007
failure-threshold: warning
trustedRegistries:
  - docker.io
  - my-company.com
label-schema:
  author: text
  url: url
  empty: \"\"
strict-labels: true
disable-ignore-pragma: true
no-fail: true
no-color: true
format: json
formats: [sarif]
verbose: true
";

#[test]
fn hadolint_yaml_every_key() {
    let settings = from_hadolint_yaml(FULL_HADOLINT, ".hadolint.yaml").unwrap();

    assert_eq!(settings.ignore, ["DL3003", "SC2086"]);
    // `error` is applied last, so it is the later entry for DL3007.
    assert_eq!(
        settings.severity,
        [
            ("DL3007".to_string(), Severity::Style),
            ("DL3025".to_string(), Severity::Warning),
            ("DL3007".to_string(), Severity::Error),
        ]
    );
    assert_eq!(settings.failure_threshold, Some(FailureThreshold::Warning));
    assert_eq!(settings.trusted_registries, ["docker.io", "my-company.com"]);
    assert_eq!(
        settings.label_schema,
        [
            ("author".to_string(), LabelType::Text),
            ("url".to_string(), LabelType::Url),
            ("empty".to_string(), LabelType::Text),
        ]
    );
    assert_eq!(settings.strict_labels, Some(true));
    assert_eq!(settings.disable_ignore_pragma, Some(true));
    assert_eq!(settings.no_fail, Some(true));
    assert_eq!(settings.no_color, Some(true));
    assert_eq!(settings.verbose, Some(true));
    assert_eq!(settings.formats, ["json", "sarif"]);

    let options = settings.to_lint_options();
    assert_eq!(
        options.severity_overrides[0],
        ("DL3007".to_string(), Severity::Error)
    );
    assert_eq!(options.failure_threshold, Some(Severity::Warning));
    assert!(options.strict_labels);
    assert!(options.disable_ignore_pragma);
}

#[test]
fn hadolint_trusted_registries_single_string() {
    let settings = from_hadolint_yaml("trustedRegistries: docker.io\n", "c.yaml").unwrap();
    assert_eq!(settings.trusted_registries, ["docker.io"]);
}

#[test]
fn hadolint_threshold_none_fails_on_everything() {
    for value in ["none", "ignore"] {
        let text = format!("failure-threshold: {value}\n");
        let settings = from_hadolint_yaml(&text, "c.yaml").unwrap();
        assert_eq!(settings.failure_threshold, Some(FailureThreshold::Style));
    }
}

#[test]
fn empty_hadolint_file_is_empty_settings() {
    assert_eq!(
        from_hadolint_yaml("", "c.yaml").unwrap(),
        Settings::default()
    );
}

/// Asserts that reading `text` fails and that the message names the file, line and key.
fn assert_error(text: &str, file: &str, line: usize, key: &str, detail: &str) {
    let error = from_text(text, file).unwrap_err();
    assert_eq!(error.kind, crate::ErrorKind::InvalidOption);
    let location = format!("{file}:{line}: `{key}`");
    assert!(
        error.message.contains(&location),
        "{location} not in: {}",
        error.message
    );
    assert!(
        error.message.contains(detail),
        "{detail} not in: {}",
        error.message
    );
}

#[test]
fn hadolint_errors_name_file_line_key() {
    assert_error(
        "ignore:\n  - DL3003\n",
        "c.yaml",
        1,
        "ignore",
        "did you mean `ignored`?",
    );
    assert_error(
        "ignored:\n  - DL3003\n  - DL9999\n",
        "c.yaml",
        3,
        "ignored",
        "unknown rule `DL9999`",
    );
    assert_error(
        "ignored: DL3003\n",
        "c.yaml",
        1,
        "ignored",
        "expected a list of strings",
    );
    assert_error(
        "strict-labels: yes\n",
        "c.yaml",
        1,
        "strict-labels",
        "expected true or false",
    );
    assert_error(
        "failure-threshold: high\n",
        "c.yaml",
        1,
        "failure-threshold",
        "invalid failure threshold",
    );
    assert_error(
        "override:\n  fatal: [DL3003]\n",
        "c.yaml",
        2,
        "override.fatal",
        "unknown key",
    );
    assert_error(
        "label-schema:\n  a: uri\n",
        "c.yaml",
        2,
        "label-schema.a",
        "invalid label type `uri`",
    );
    assert_error(
        "ignored:\n  - 3003\n",
        "c.yaml",
        2,
        "ignored",
        "found an integer",
    );
}

#[test]
fn yaml_syntax_error_names_file_and_line() {
    let error = from_hadolint_yaml("ignored:\n  - DL3003\n  bad: [\n", "c.yaml").unwrap_err();
    assert!(
        error
            .message
            .starts_with("invalid configuration in c.yaml:"),
        "{}",
        error.message
    );
}

#[test]
fn duplicate_yaml_key_is_error() {
    assert!(from_hadolint_yaml("no-fail: true\nno-fail: false\n", "c.yaml").is_err());
}

const FULL_PLIMSOLL: &str = r#"
select = ["DL3003", "cd-in-run"]
ignore = ["DL3007"]
failure-threshold = "none"
trusted-registries = ["docker.io"]
strict-labels = false
disable-ignore-pragma = true

[severity]
DL3003 = "error"
JSONArgsRecommended = "style"

[label-schema]
maintainer = "email"

[build-args]
BASE = "debian:12"

[[overrides]]
files = ["docker/*.Dockerfile"]
ignore = ["DL3003"]

[[overrides]]
files = "**/legacy/*"
failure-threshold = "error"
"#;

#[test]
fn plimsoll_toml_every_key() {
    let settings = from_plimsoll_toml(FULL_PLIMSOLL, "plimsoll.toml").unwrap();

    assert_eq!(settings.select, ["DL3003", "cd-in-run"]);
    assert_eq!(settings.ignore, ["DL3007"]);
    assert_eq!(settings.failure_threshold, Some(FailureThreshold::None));
    assert_eq!(settings.trusted_registries, ["docker.io"]);
    assert_eq!(settings.strict_labels, Some(false));
    assert_eq!(settings.disable_ignore_pragma, Some(true));
    assert!(
        settings
            .severity
            .contains(&("DL3003".to_string(), Severity::Error))
    );
    assert!(
        settings
            .severity
            .contains(&("JSONArgsRecommended".to_string(), Severity::Style))
    );
    assert_eq!(
        settings.label_schema,
        [("maintainer".to_string(), LabelType::Email)]
    );
    assert_eq!(
        settings.build_args,
        [("BASE".to_string(), "debian:12".to_string())]
    );
    assert_eq!(settings.overrides.len(), 2);
    assert_eq!(settings.to_lint_options().failure_threshold, None);
}

#[test]
fn plimsoll_overrides_apply_by_path() {
    let settings = from_plimsoll_toml(FULL_PLIMSOLL, "plimsoll.toml").unwrap();

    let matched = settings.for_path("docker/app.Dockerfile");
    assert_eq!(matched.ignore, ["DL3007", "DL3003"]);
    assert!(matched.overrides.is_empty());

    let legacy = settings.for_path("services/legacy/Dockerfile");
    assert_eq!(legacy.failure_threshold, Some(FailureThreshold::Error));
    assert_eq!(legacy.ignore, ["DL3007"]);

    let other = settings.for_path("Dockerfile");
    assert_eq!(other.ignore, ["DL3007"]);
}

#[test]
fn plimsoll_errors_name_file_line_key() {
    assert_error(
        "selct = []\n",
        "plimsoll.toml",
        1,
        "selct",
        "did you mean `select`?",
    );
    assert_error(
        "\n[severity]\nDL3003 = \"fatal\"\n",
        "plimsoll.toml",
        3,
        "severity.DL3003",
        "invalid severity",
    );
    assert_error(
        "[severity]\nDL9999 = \"error\"\n",
        "plimsoll.toml",
        2,
        "severity.DL9999",
        "unknown rule",
    );
    assert_error(
        "strict-labels = \"yes\"\n",
        "plimsoll.toml",
        1,
        "strict-labels",
        "expected true or false",
    );
    assert_error(
        "[[overrides]]\nignore = []\n",
        "plimsoll.toml",
        1,
        "overrides",
        "needs `files`",
    );
    assert_error(
        "[[overrides]]\nfiles = [\"a\"]\noverrides = []\n",
        "plimsoll.toml",
        3,
        "overrides.overrides",
        "unknown key",
    );
    assert_error(
        "failure-threshold = \"ignore\"\n",
        "plimsoll.toml",
        1,
        "failure-threshold",
        "invalid failure threshold",
    );
}

#[test]
fn toml_syntax_error_names_file_and_line() {
    let error = from_plimsoll_toml("select = [\n\nignore = 1\n", "plimsoll.toml").unwrap_err();
    assert!(
        error
            .message
            .starts_with("invalid configuration in plimsoll.toml:"),
        "{}",
        error.message
    );
}

fn environment(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect()
}

#[test]
fn environment_variables() {
    let variables = environment(&[
        ("HADOLINT_NOFAIL", "Yes"),
        ("NO_COLOR", ""),
        ("HADOLINT_VERBOSE", "off"),
        ("HADOLINT_FORMAT", "json,sarif"),
        ("HADOLINT_IGNORE", "DL3003, SC2086"),
        ("HADOLINT_OVERRIDE_ERROR", "DL3007"),
        ("HADOLINT_OVERRIDE_STYLE", "DL3025"),
        ("HADOLINT_TRUSTED_REGISTRIES", "docker.io,ghcr.io"),
        ("HADOLINT_REQUIRE_LABELS", "maintainer:email,version"),
        ("HADOLINT_STRICT_LABELS", "1"),
        ("HADOLINT_DISABLE_IGNORE_PRAGMA", "true"),
        ("HADOLINT_FAILURE_THRESHOLD", "error"),
    ]);
    let settings = from_environment(&variables).unwrap();

    assert_eq!(settings.no_fail, Some(true));
    assert_eq!(settings.no_color, Some(true));
    assert_eq!(settings.verbose, Some(false));
    assert_eq!(settings.formats, ["json", "sarif"]);
    assert_eq!(settings.ignore, ["DL3003", "SC2086"]);
    assert!(
        settings
            .severity
            .contains(&("DL3007".to_string(), Severity::Error))
    );
    assert!(
        settings
            .severity
            .contains(&("DL3025".to_string(), Severity::Style))
    );
    assert_eq!(settings.trusted_registries, ["docker.io", "ghcr.io"]);
    assert_eq!(
        settings.label_schema,
        [
            ("maintainer".to_string(), LabelType::Email),
            ("version".to_string(), LabelType::Text),
        ]
    );
    assert_eq!(settings.strict_labels, Some(true));
    assert_eq!(settings.disable_ignore_pragma, Some(true));
    assert_eq!(settings.failure_threshold, Some(FailureThreshold::Error));
}

#[test]
fn environment_errors_name_variable() {
    let error = from_environment(&environment(&[("HADOLINT_IGNORE", "DL9999")])).unwrap_err();
    assert!(
        error.message.contains("HADOLINT_IGNORE"),
        "{}",
        error.message
    );
    let error = from_environment(&environment(&[("HADOLINT_FAILURE_THRESHOLD", "x")])).unwrap_err();
    assert!(
        error.message.contains("HADOLINT_FAILURE_THRESHOLD"),
        "{}",
        error.message
    );
}

#[test]
fn merge_scalars_later_wins_lists_concatenate() {
    let environment = from_environment(&environment(&[
        ("HADOLINT_IGNORE", "DL3003"),
        ("HADOLINT_FAILURE_THRESHOLD", "error"),
        ("HADOLINT_STRICT_LABELS", "true"),
    ]))
    .unwrap();
    let file =
        from_hadolint_yaml("ignored: [DL3007]\nfailure-threshold: warning\n", "c.yaml").unwrap();
    let command_line = Settings {
        ignore: vec!["DL3025".to_string()],
        severity: vec![("DL3007".to_string(), Severity::Info)],
        ..Settings::default()
    };
    let file_severity = from_hadolint_yaml("override:\n  error: [DL3007]\n", "d.yaml").unwrap();

    let merged = environment
        .merge(file)
        .merge(file_severity)
        .merge(command_line);

    assert_eq!(merged.ignore, ["DL3003", "DL3007", "DL3025"]);
    assert_eq!(merged.failure_threshold, Some(FailureThreshold::Warning));
    assert_eq!(merged.strict_labels, Some(true));
    let options = merged.to_lint_options();
    assert_eq!(
        options.severity_overrides[0],
        ("DL3007".to_string(), Severity::Info),
        "the command line's severity wins"
    );
}
