//! SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{
    Artifact, Finding, Range, RenderOptions, all_findings, report_path, rule_help_uri, rule_meta,
    rule_summary,
};
use crate::diagnostic::Severity;

/// The address of the SARIF 2.1.0 schema, as the OASIS standard's errata publish it.
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base identifier that relative artifact addresses are resolved against.
const SOURCE_ROOT: &str = "%SRCROOT%";

/// Renders one run of plimsoll with a rule for every code found and a result per finding.
///
/// Artifact addresses are made relative to `options.base_directory` and percent-encoded; a
/// relative address refers to `%SRCROOT%`, which is the base directory when one is given.
/// Columns are counted in Unicode scalar values (`columnKind` is `unicodeCodePoints`). A
/// finding without a range is put on line 1, column 1, because GitHub code scanning rejects
/// results without a region. Info and style findings have the level `note`.
pub(super) fn render(artifacts: &[Artifact], options: &RenderOptions) -> String {
    let rules = rule_index(artifacts);
    let results = all_findings(artifacts)
        .map(|(artifact, finding)| result(artifact, finding, &rules, options))
        .collect();
    let original_uri_base_ids = options.base_directory.as_ref().map(|base| {
        let mut uri = file_uri(base);
        if !uri.ends_with('/') {
            uri.push('/');
        }
        BTreeMap::from([(SOURCE_ROOT, BaseLocation { uri })])
    });

    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "plimsoll",
                    version: crate::VERSION,
                    semantic_version: crate::VERSION,
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    rules: rules.values().map(|(_, rule)| rule.clone()).collect(),
                },
            },
            original_uri_base_ids,
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    // Serializing cannot fail: these derived types contain only strings, numbers, lists and
    // structs, with no map keys that are not strings.
    serde_json::to_string_pretty(&log).expect("a SARIF log always serializes") + "\n"
}

/// Returns a rule for every code of the findings, by code, with its index in the rules list.
fn rule_index(artifacts: &[Artifact]) -> BTreeMap<String, (usize, Rule)> {
    let mut rules: BTreeMap<String, Rule> = BTreeMap::new();
    for (_, finding) in all_findings(artifacts) {
        rules
            .entry(finding.code.clone())
            .or_insert_with(|| rule(finding));
    }
    rules
        .into_iter()
        .enumerate()
        .map(|(index, (code, rule))| (code, (index, rule)))
        .collect()
}

/// Describes the rule of `finding` from the registry, or from the finding itself for a code
/// that the registry does not have.
fn rule(finding: &Finding) -> Rule {
    match rule_meta(&finding.code) {
        Some(meta) => Rule {
            id: meta.code.to_string(),
            name: meta.name.to_string(),
            short_description: Text {
                text: rule_summary(meta).unwrap_or_else(|| meta.name.to_string()),
            },
            help_uri: Some(rule_help_uri(meta.code, meta.name)),
            default_configuration: Configuration {
                level: level(meta.severity),
            },
        },
        None => Rule {
            id: finding.code.clone(),
            name: finding.name.clone(),
            short_description: Text {
                text: finding.name.clone(),
            },
            help_uri: None,
            default_configuration: Configuration {
                level: level(finding.severity),
            },
        },
    }
}

fn result(
    artifact: &Artifact,
    finding: &Finding,
    rules: &BTreeMap<String, (usize, Rule)>,
    options: &RenderOptions,
) -> SarifResult {
    let location = artifact_location(&artifact.path, options);
    let fixes = finding
        .fix
        .as_ref()
        .filter(|fix| !fix.edits.is_empty())
        .map(|fix| {
            vec![SarifFix {
                description: Text {
                    text: fix.message.clone(),
                },
                artifact_changes: vec![ArtifactChange {
                    artifact_location: location.clone(),
                    replacements: fix
                        .edits
                        .iter()
                        .map(|(range, replacement)| Replacement {
                            deleted_region: region(*range),
                            inserted_content: Text {
                                text: replacement.clone(),
                            },
                        })
                        .collect(),
                }],
            }]
        });

    SarifResult {
        rule_id: finding.code.clone(),
        rule_index: rules.get(&finding.code).map_or(0, |(index, _)| *index),
        level: level(finding.severity),
        message: Text {
            text: finding.message.clone(),
        },
        locations: vec![Location {
            physical_location: PhysicalLocation {
                artifact_location: location,
                region: region(finding.range.unwrap_or(Range::FIRST_LINE)),
            },
        }],
        fixes,
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

fn region(range: Range) -> Region {
    Region {
        start_line: range.start_line.max(1),
        start_column: range.start_column.max(1),
        end_line: range.end_line.max(range.start_line).max(1),
        end_column: range.end_column.max(1),
    }
}

fn artifact_location(path: &str, options: &RenderOptions) -> ArtifactLocation {
    let path = report_path(path, options);
    if is_absolute(&path) {
        ArtifactLocation {
            uri: file_uri(&path),
            uri_base_id: None,
        }
    } else {
        ArtifactLocation {
            uri: percent_encode(&path),
            uri_base_id: Some(SOURCE_ROOT),
        }
    }
}

fn is_absolute(path: &str) -> bool {
    let bytes = path.as_bytes();
    path.starts_with('/')
        || (bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && &bytes[1..3] == b":/")
}

/// Returns the `file:` URI of an absolute path with `/` separators.
fn file_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    if path.starts_with('/') {
        format!("file://{}", percent_encode(&path))
    } else if is_absolute(&path) {
        // A Windows drive path such as `C:/src`, whose drive letter and colon stay as they are.
        // `is_absolute` checked that the first two bytes are ASCII.
        let (drive, rest) = path.split_at(2);
        format!("file:///{drive}{}", percent_encode(rest))
    } else {
        format!("file:///{}", percent_encode(&path))
    }
}

/// Percent-encodes every byte of `path` except unreserved characters (RFC 3986) and `/`.
/// Encoding `:` keeps a relative path such as `alpine:3.20` from reading as a URI scheme.
fn percent_encode(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_uri_base_ids: Option<BTreeMap<&'static str, BaseLocation>>,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct BaseLocation {
    uri: String,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    name: String,
    short_description: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
}

#[derive(Clone, Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Clone, Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fixes: Option<Vec<SarifFix>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: Vec<ArtifactChange>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Text,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_percent_encoded() {
        assert_eq!(percent_encode("a b/Dockerfile"), "a%20b/Dockerfile");
        assert_eq!(percent_encode("alpine:3.20"), "alpine%3A3.20");
        assert_eq!(percent_encode("é"), "%C3%A9");
    }

    #[test]
    fn absolute_paths_become_file_uris() {
        assert_eq!(file_uri("/src/a b"), "file:///src/a%20b");
        assert_eq!(file_uri("C:/src"), "file:///C:/src");
        assert_eq!(file_uri("日本"), "file:///%E6%97%A5%E6%9C%AC");
        assert!(is_absolute("/a"));
        assert!(is_absolute("C:/a"));
        assert!(!is_absolute("a/b"));
    }
}
