//! `plimsoll rules` and `plimsoll rule CODE`: the rule list and each rule's documentation.

use clap::Args;
use plimsoll::report::{RuleSummary, rule_markdown, rule_summaries};

use crate::Status;
use crate::output::{print, print_error};
use crate::suggest::lookup_rule;

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format: an aligned table; a JSON array of objects with the keys `code`, `name`,
    /// `aliases`, `severity` and `fixable`; or the Markdown reference of every rule.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
}

/// Formats of `plimsoll rules`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// Code, name or alias of the rule, in any case.
    #[arg(value_name = "CODE")]
    code: String,
}

/// Prints every rule.
pub fn run_list(args: RulesArgs) -> Status {
    let summaries = rule_summaries();
    let rendered = match args.format {
        ListFormat::Text => rule_table(&summaries),
        ListFormat::Json => json_list(&summaries),
        ListFormat::Markdown => plimsoll::api::rules_reference_markdown(),
    };
    finish(print(&rendered))
}

/// Prints one rule's documentation after a header line `CODE name (severity)`.
pub fn run_show(args: RuleArgs) -> Status {
    let meta = match lookup_rule(&args.code) {
        Ok(meta) => meta,
        Err(message) => {
            print_error(&message);
            return Status::Error;
        }
    };

    let mut rendered = format!("{} {} ({})\n", meta.code, meta.name, meta.severity);
    if !meta.aliases.is_empty() {
        rendered.push_str(&format!("Aliases: {}\n", meta.aliases.join(", ")));
    }
    rendered.push('\n');
    rendered.push_str(&rule_markdown(meta));
    finish(print(&rendered))
}

fn finish(printed: Result<(), String>) -> Status {
    match printed {
        Ok(()) => Status::Success,
        Err(message) => {
            print_error(&message);
            Status::Error
        }
    }
}

fn json_list(summaries: &[RuleSummary]) -> String {
    // Serializing cannot fail because the summaries contain only strings, booleans and lists.
    serde_json::to_string_pretty(summaries).expect("rule summaries always serialize") + "\n"
}

/// Formats the rules as a table with a header row and columns padded to their widest cell.
fn rule_table(summaries: &[RuleSummary]) -> String {
    let header = ["CODE", "NAME", "SEVERITY", "FIXABLE", "ALIASES"].map(str::to_string);
    let rows: Vec<[String; 5]> = summaries
        .iter()
        .map(|summary| {
            [
                summary.code.to_string(),
                summary.name.to_string(),
                summary.severity.to_string(),
                if summary.fixable { "yes" } else { "no" }.to_string(),
                summary.aliases.join(", "),
            ]
        })
        .collect();

    let mut widths = header.clone().map(|cell| cell.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }

    let mut table = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (cell, width) in row.iter().zip(widths) {
            line.push_str(&format!("{cell:<width$}  "));
        }
        table.push_str(line.trim_end());
        table.push('\n');
    }
    table
}

#[cfg(test)]
mod tests {
    use plimsoll::Severity;

    use super::*;

    fn summaries() -> Vec<RuleSummary> {
        vec![
            RuleSummary {
                code: "DL3007",
                name: "latest-base-image",
                aliases: &[],
                severity: Severity::Warning,
                fixable: true,
                enabled_by_default: true,
            },
            RuleSummary {
                code: "DL3025",
                name: "shell-form-cmd",
                aliases: &["JSONArgsRecommended"],
                severity: Severity::Info,
                fixable: false,
                enabled_by_default: true,
            },
        ]
    }

    #[test]
    fn table_aligns_columns() {
        assert_eq!(
            rule_table(&summaries()),
            "CODE    NAME               SEVERITY  FIXABLE  ALIASES\n\
             DL3007  latest-base-image  warning   yes\n\
             DL3025  shell-form-cmd     info      no       JSONArgsRecommended\n"
        );
    }

    #[test]
    fn table_without_rules_has_header() {
        assert_eq!(rule_table(&[]), "CODE  NAME  SEVERITY  FIXABLE  ALIASES\n");
    }

    #[test]
    fn json_list_fields() {
        let value: serde_json::Value = serde_json::from_str(&json_list(&summaries())).unwrap();

        assert_eq!(
            value[1],
            serde_json::json!({
                "code": "DL3025",
                "name": "shell-form-cmd",
                "aliases": ["JSONArgsRecommended"],
                "severity": "info",
                "fixable": false,
                "enabled_by_default": true,
            })
        );
    }
}
