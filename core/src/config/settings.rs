//! One layer of settings, read from a configuration file, the environment or the command line,
//! and the merge of layers with hadolint's precedence.

use std::collections::BTreeMap;

use super::codes::{Resolved, resolve, suggestion};
use super::glob;
use super::tree::{
    Location, Node, Value, expect_bool, expect_string, expect_strings, expect_table,
};
use crate::api::FailureThreshold;
use crate::diagnostic::Severity;
use crate::error::{Error, ErrorKind};
use crate::lint::{LabelType, LintOptions};

/// Settings from one source. `None` and empty lists mean "not set here".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    /// If not empty, only these rules run.
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Severities by code, name or alias. When a code appears twice, the later entry wins.
    pub severity: Vec<(String, Severity)>,
    pub failure_threshold: Option<FailureThreshold>,
    pub trusted_registries: Vec<String>,
    pub label_schema: Vec<(String, LabelType)>,
    pub strict_labels: Option<bool>,
    pub disable_ignore_pragma: Option<bool>,
    pub build_args: Vec<(String, String)>,
    /// Exit with status 0 whatever the findings (command line only).
    pub no_fail: Option<bool>,
    pub no_color: Option<bool>,
    pub verbose: Option<bool>,
    /// Output formats as named in the source (`tty`, `json`, ...); the command line checks them.
    pub formats: Vec<String>,
    /// `[[overrides]]` of `plimsoll.toml`, applied by [`Settings::for_path`].
    pub overrides: Vec<PathOverride>,
}

/// Settings that apply to files matching one of `files`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PathOverride {
    /// Glob patterns, relative to the directory of the configuration file.
    pub files: Vec<String>,
    pub settings: Settings,
}

impl Settings {
    /// Returns `self` with `later` applied on top: a scalar set in `later` wins, lists are
    /// concatenated, as hadolint merges environment, configuration file and command line.
    pub fn merge(mut self, later: Settings) -> Settings {
        self.select.extend(later.select);
        self.ignore.extend(later.ignore);
        self.severity.extend(later.severity);
        self.failure_threshold = later.failure_threshold.or(self.failure_threshold);
        self.trusted_registries.extend(later.trusted_registries);
        self.label_schema.extend(later.label_schema);
        self.strict_labels = later.strict_labels.or(self.strict_labels);
        self.disable_ignore_pragma = later.disable_ignore_pragma.or(self.disable_ignore_pragma);
        self.build_args.extend(later.build_args);
        self.no_fail = later.no_fail.or(self.no_fail);
        self.no_color = later.no_color.or(self.no_color);
        self.verbose = later.verbose.or(self.verbose);
        self.formats.extend(later.formats);
        self.overrides.extend(later.overrides);
        self
    }

    /// Returns the settings for the file at `relative_path` (`/`-separated, relative to the
    /// directory of the file that declared the overrides): `self` with every matching
    /// override applied in order.
    pub fn for_path(&self, relative_path: &str) -> Settings {
        let mut result = Settings {
            overrides: Vec::new(),
            ..self.clone()
        };
        for item in &self.overrides {
            if item
                .files
                .iter()
                .any(|pattern| glob::matches(pattern, relative_path))
            {
                result = result.merge(item.settings.clone());
            }
        }
        result
    }

    /// Converts to lint options. Overrides are not applied; call [`Settings::for_path`] first.
    pub fn to_lint_options(&self) -> LintOptions {
        // `lint` uses the first severity it finds for a code, and the latest entry must win.
        let severity_overrides = self.severity.iter().rev().cloned().collect();
        let mut label_schema: Vec<(String, LabelType)> = Vec::new();
        for (label, kind) in &self.label_schema {
            // A later entry for the same label replaces the earlier one, as in hadolint's map.
            label_schema.retain(|(existing, _)| existing != label);
            label_schema.push((label.clone(), *kind));
        }
        LintOptions {
            build_args: self.build_args.clone(),
            ignore: self.ignore.clone(),
            select: self.select.clone(),
            severity_overrides,
            failure_threshold: self.failure_threshold.unwrap_or_default().severity(),
            trusted_registries: self.trusted_registries.clone(),
            label_schema,
            strict_labels: self.strict_labels.unwrap_or(false),
            disable_ignore_pragma: self.disable_ignore_pragma.unwrap_or(false),
            ..LintOptions::default()
        }
    }
}

/// Checks that `code` names a rule of plimsoll, or of hadolint, ShellCheck or BuildKit.
pub fn check_code(code: &str, location: Location<'_>) -> Result<String, Error> {
    let code = code.trim();
    match resolve(code) {
        Resolved::Unknown => Err(location.error(format!(
            "unknown rule `{code}`{}; run `plimsoll rules` to list the codes",
            suggestion(code)
        ))),
        _ => Ok(code.to_string()),
    }
}

fn check_codes(node: &Node, location: Location<'_>) -> Result<Vec<String>, Error> {
    expect_strings(node, location, false)?
        .into_iter()
        .map(|(code, line)| check_code(&code, Location { line, ..location }))
        .collect()
}

/// Parses a label type; an empty string means `text`, as in hadolint.
pub fn parse_label_type(text: &str) -> Result<LabelType, String> {
    match text.trim() {
        "" | "text" => Ok(LabelType::Text),
        "url" => Ok(LabelType::Url),
        "semver" => Ok(LabelType::Semver),
        "hash" => Ok(LabelType::Hash),
        "rfc3339" => Ok(LabelType::Rfc3339),
        "spdx" => Ok(LabelType::Spdx),
        "email" => Ok(LabelType::Email),
        other => Err(format!(
            "invalid label type `{other}`: expected text, url, semver, hash, rfc3339, spdx or \
             email"
        )),
    }
}

/// Parses a failure threshold as hadolint reads it, where `ignore` and `none` make every
/// finding fail (hadolint compares against its lowest level).
pub fn parse_hadolint_threshold(text: &str) -> Result<FailureThreshold, String> {
    match text.trim() {
        "error" => Ok(FailureThreshold::Error),
        "warning" => Ok(FailureThreshold::Warning),
        "info" => Ok(FailureThreshold::Info),
        "style" | "ignore" | "none" => Ok(FailureThreshold::Style),
        other => Err(format!(
            "invalid failure threshold `{other}`: expected error, warning, info, style, ignore \
             or none"
        )),
    }
}

/// Parses a failure threshold as plimsoll reads it, where `none` means no finding fails.
pub fn parse_threshold(text: &str) -> Result<FailureThreshold, String> {
    match text.trim() {
        "error" => Ok(FailureThreshold::Error),
        "warning" => Ok(FailureThreshold::Warning),
        "info" => Ok(FailureThreshold::Info),
        "style" => Ok(FailureThreshold::Style),
        "none" => Ok(FailureThreshold::None),
        other => Err(format!(
            "invalid failure threshold `{other}`: expected error, warning, info, style or none"
        )),
    }
}

fn unknown_key(key: &str, known: &[&str], location: Location<'_>) -> Error {
    let hint = super::codes::closest(key, known.iter().copied())
        .map(|best| format!("did you mean `{best}`? "))
        .unwrap_or_default();
    location.error(format!(
        "unknown key; {hint}expected one of: {}",
        known.join(", ")
    ))
}

fn join_key(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// Keys of `.hadolint.yaml`.
const HADOLINT_KEYS: [&str; 12] = [
    "ignored",
    "override",
    "failure-threshold",
    "trustedRegistries",
    "label-schema",
    "strict-labels",
    "disable-ignore-pragma",
    "no-fail",
    "no-color",
    "format",
    "formats",
    "verbose",
];

/// Reads the text of a `.hadolint.yaml`. `file` names it in error messages.
///
/// Unlike hadolint, which prints the error and lints with the defaults, an invalid file is
/// an [`ErrorKind::InvalidOption`] error naming the file, the line and the key.
pub fn from_hadolint_yaml(text: &str, file: &str) -> Result<Settings, Error> {
    let root = super::yaml::parse(text, file)?;
    let here = Location {
        file,
        key: "(document)",
        line: root.line,
    };
    let entries = expect_table(&root, here)?;
    let mut settings = Settings::default();
    for (key, line, node) in entries {
        let location = Location {
            file,
            key,
            line: *line,
        };
        match key.as_str() {
            "ignored" => settings.ignore.extend(check_codes(node, location)?),
            "override" => {
                let levels = expect_table(node, location)?;
                // hadolint applies `error` last, so it wins over the other levels.
                let order = ["style", "info", "warning", "error"];
                for (level, level_line, _) in levels {
                    if !order.contains(&level.as_str()) {
                        let nested = join_key(key, level);
                        return Err(unknown_key(
                            level,
                            &order,
                            Location {
                                key: &nested,
                                line: *level_line,
                                ..location
                            },
                        ));
                    }
                }
                for level_name in order {
                    for (level, level_line, codes) in
                        levels.iter().filter(|(l, _, _)| l == level_name)
                    {
                        let nested = join_key(key, level);
                        let severity: Severity = level_name
                            .parse()
                            .map_err(|message: String| location.error(message))?;
                        let codes = check_codes(
                            codes,
                            Location {
                                key: &nested,
                                line: *level_line,
                                ..location
                            },
                        )?;
                        settings
                            .severity
                            .extend(codes.into_iter().map(|code| (code, severity)));
                    }
                }
            }
            "failure-threshold" => {
                let value = expect_string(node, location)?;
                settings.failure_threshold = Some(
                    parse_hadolint_threshold(&value).map_err(|message| location.error(message))?,
                );
            }
            "trustedRegistries" => settings.trusted_registries.extend(
                expect_strings(node, location, true)?
                    .into_iter()
                    .map(|(registry, _)| registry),
            ),
            "label-schema" => settings
                .label_schema
                .extend(read_label_schema(node, location)?),
            "strict-labels" => settings.strict_labels = Some(expect_bool(node, location)?),
            "disable-ignore-pragma" => {
                settings.disable_ignore_pragma = Some(expect_bool(node, location)?);
            }
            "no-fail" => settings.no_fail = Some(expect_bool(node, location)?),
            "no-color" => settings.no_color = Some(expect_bool(node, location)?),
            "verbose" => settings.verbose = Some(expect_bool(node, location)?),
            "format" => settings.formats.push(expect_string(node, location)?),
            "formats" => settings.formats.extend(
                expect_strings(node, location, false)?
                    .into_iter()
                    .map(|(format, _)| format),
            ),
            "require-labels" => {
                return Err(location.error("unknown key; did you mean `label-schema`?"));
            }
            _ => return Err(unknown_key(key, &HADOLINT_KEYS, location)),
        }
    }
    Ok(settings)
}

fn read_label_schema(
    node: &Node,
    location: Location<'_>,
) -> Result<Vec<(String, LabelType)>, Error> {
    let mut schema = Vec::new();
    for (label, line, kind) in expect_table(node, location)? {
        let nested = join_key(location.key, label);
        let here = Location {
            key: &nested,
            line: *line,
            ..location
        };
        let kind = match &kind.value {
            Value::Null => LabelType::Text,
            _ => parse_label_type(&expect_string(kind, here)?)
                .map_err(|message| here.error(message))?,
        };
        schema.push((label.clone(), kind));
    }
    Ok(schema)
}

/// Keys of `plimsoll.toml`.
const PLIMSOLL_KEYS: [&str; 11] = [
    "select",
    "ignore",
    "severity",
    "failure-threshold",
    "trusted-registries",
    "label-schema",
    "strict-labels",
    "disable-ignore-pragma",
    "build-args",
    "overrides",
    "files",
];

/// Reads the text of a `plimsoll.toml`. `file` names it in error messages.
pub fn from_plimsoll_toml(text: &str, file: &str) -> Result<Settings, Error> {
    let root = super::toml::parse(text, file)?;
    let entries = expect_table(
        &root,
        Location {
            file,
            key: "(document)",
            line: root.line,
        },
    )?;
    read_plimsoll_table(entries, file, "", true)
}

fn read_plimsoll_table(
    entries: &[(String, usize, Node)],
    file: &str,
    parent: &str,
    top_level: bool,
) -> Result<Settings, Error> {
    let mut settings = Settings::default();
    for (key, line, node) in entries {
        let full_key = join_key(parent, key);
        let location = Location {
            file,
            key: &full_key,
            line: *line,
        };
        match key.as_str() {
            "select" => settings.select.extend(check_codes(node, location)?),
            "ignore" => settings.ignore.extend(check_codes(node, location)?),
            "severity" => {
                for (code, code_line, value) in expect_table(node, location)? {
                    let nested = join_key(&full_key, code);
                    let here = Location {
                        key: &nested,
                        line: *code_line,
                        ..location
                    };
                    let code = check_code(code, here)?;
                    let severity: Severity = expect_string(value, here)?
                        .parse()
                        .map_err(|message: String| here.error(message))?;
                    settings.severity.push((code, severity));
                }
            }
            "failure-threshold" => {
                let value = expect_string(node, location)?;
                settings.failure_threshold =
                    Some(parse_threshold(&value).map_err(|message| location.error(message))?);
            }
            "trusted-registries" => settings.trusted_registries.extend(
                expect_strings(node, location, true)?
                    .into_iter()
                    .map(|(registry, _)| registry),
            ),
            "label-schema" => settings
                .label_schema
                .extend(read_label_schema(node, location)?),
            "strict-labels" => settings.strict_labels = Some(expect_bool(node, location)?),
            "disable-ignore-pragma" => {
                settings.disable_ignore_pragma = Some(expect_bool(node, location)?);
            }
            "build-args" => {
                for (name, arg_line, value) in expect_table(node, location)? {
                    let nested = join_key(&full_key, name);
                    let value = expect_string(
                        value,
                        Location {
                            key: &nested,
                            line: *arg_line,
                            ..location
                        },
                    )?;
                    settings.build_args.push((name.clone(), value));
                }
            }
            "overrides" if top_level => {
                let Value::List(items) = &node.value else {
                    return Err(location.error(format!(
                        "expected an array of tables (`[[overrides]]`), found {}",
                        node.value.kind()
                    )));
                };
                for item in items {
                    let item_location = Location {
                        line: item.line,
                        ..location
                    };
                    let table = expect_table(item, item_location)?;
                    let files_entry = table.iter().find(|(name, _, _)| name == "files");
                    let Some((_, files_line, files)) = files_entry else {
                        return Err(
                            item_location.error("an override needs `files`, a list of globs")
                        );
                    };
                    let files_key = join_key(&full_key, "files");
                    let files = expect_strings(
                        files,
                        Location {
                            key: &files_key,
                            line: *files_line,
                            ..location
                        },
                        true,
                    )?;
                    let rest: Vec<(String, usize, Node)> = table
                        .iter()
                        .filter(|(name, _, _)| name != "files")
                        .cloned()
                        .collect();
                    settings.overrides.push(PathOverride {
                        files: files.into_iter().map(|(pattern, _)| pattern).collect(),
                        settings: read_plimsoll_table(&rest, file, &full_key, false)?,
                    });
                }
            }
            _ => {
                let known: Vec<&str> = PLIMSOLL_KEYS
                    .iter()
                    .copied()
                    .filter(|name| {
                        if top_level {
                            *name != "files"
                        } else {
                            *name != "overrides"
                        }
                    })
                    .collect();
                return Err(unknown_key(key, &known, location));
            }
        }
    }
    Ok(settings)
}

/// Returns true for hadolint's truthy values: `1`, `y`, `yes`, `on`, `true` in any case.
fn truthy(value: &str) -> bool {
    matches!(
        value.to_ascii_lowercase().as_str(),
        "1" | "y" | "yes" | "on" | "true"
    )
}

/// Reads hadolint's `HADOLINT_*` environment variables and `NO_COLOR` from `variables`.
///
/// Lists are comma-separated. Unlike hadolint, which skips values it cannot read, an unknown
/// rule code, label type or threshold is an [`ErrorKind::InvalidOption`] error naming the
/// variable.
pub fn from_environment(variables: &BTreeMap<String, String>) -> Result<Settings, Error> {
    let get = |name: &str| variables.get(name).map(String::as_str);
    let flag = |name: &str| get(name).map(truthy);
    let list = |name: &str| -> Vec<String> {
        get(name)
            .map(|value| {
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|item| !item.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let invalid = |name: &str, problem: String| {
        Error::new(
            ErrorKind::InvalidOption,
            format!("invalid environment variable {name}: {problem}"),
        )
    };
    let codes = |name: &str| -> Result<Vec<String>, Error> {
        list(name)
            .into_iter()
            .map(|code| match resolve(&code) {
                Resolved::Unknown => Err(invalid(
                    name,
                    format!("unknown rule `{code}`{}", suggestion(&code)),
                )),
                _ => Ok(code),
            })
            .collect()
    };

    let mut settings = Settings {
        no_fail: flag("HADOLINT_NOFAIL"),
        no_color: get("NO_COLOR").map(|_| true),
        verbose: flag("HADOLINT_VERBOSE"),
        formats: list("HADOLINT_FORMAT"),
        ignore: codes("HADOLINT_IGNORE")?,
        trusted_registries: list("HADOLINT_TRUSTED_REGISTRIES"),
        strict_labels: flag("HADOLINT_STRICT_LABELS"),
        disable_ignore_pragma: flag("HADOLINT_DISABLE_IGNORE_PRAGMA"),
        ..Settings::default()
    };
    for (name, severity) in [
        ("HADOLINT_OVERRIDE_STYLE", Severity::Style),
        ("HADOLINT_OVERRIDE_INFO", Severity::Info),
        ("HADOLINT_OVERRIDE_WARNING", Severity::Warning),
        ("HADOLINT_OVERRIDE_ERROR", Severity::Error),
    ] {
        settings
            .severity
            .extend(codes(name)?.into_iter().map(|code| (code, severity)));
    }
    for item in list("HADOLINT_REQUIRE_LABELS") {
        let (label, kind) = item.split_once(':').unwrap_or((&item, ""));
        let kind = parse_label_type(kind)
            .map_err(|message| invalid("HADOLINT_REQUIRE_LABELS", message))?;
        settings.label_schema.push((label.to_string(), kind));
    }
    if let Some(value) = get("HADOLINT_FAILURE_THRESHOLD") {
        settings.failure_threshold = Some(
            parse_hadolint_threshold(value)
                .map_err(|message| invalid("HADOLINT_FAILURE_THRESHOLD", message))?,
        );
    }
    Ok(settings)
}

/// Reads configuration text, choosing the format from the file name: `.toml` for
/// `plimsoll.toml`, anything else for `.hadolint.yaml`.
pub fn from_text(text: &str, file: &str) -> Result<Settings, Error> {
    if file.ends_with(".toml") {
        from_plimsoll_toml(text, file)
    } else {
        from_hadolint_yaml(text, file)
    }
}
