//! Typed forms of the JSON that [`plimsoll::api::parse_json`] and [`plimsoll::api::rules_json`]
//! return, so that the results of `parse` and `rules` can be built as objects without the
//! Python `json` module.
//!
//! The core serializes these documents from private types, so their shape is repeated here.
//! Unknown fields are rejected, which makes a field added in the core fail the Python tests
//! instead of being dropped.

use plimsoll::Severity;
use plimsoll::report::DiagnosticReport;
use serde::Deserialize;

/// The output of `parse_json`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParseOutput {
    pub version: u32,
    pub instructions: Vec<Instruction>,
    pub diagnostics: Vec<DiagnosticReport>,
}

/// One instruction in BuildKit's terms.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instruction {
    pub cmd: String,
    pub sub_cmd: Option<String>,
    pub json: bool,
    pub original: String,
    pub start_line: u32,
    pub end_line: u32,
    pub flags: Vec<String>,
    pub value: Vec<String>,
    pub heredocs: Vec<Heredoc>,
    pub start_offset: usize,
    pub end_offset: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Heredoc {
    pub name: String,
    pub file_descriptor: u32,
    pub content: String,
}

/// One entry of the array that `rules_json` returns.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub code: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub severity: Severity,
    pub fixable: bool,
    pub documentation: String,
}
