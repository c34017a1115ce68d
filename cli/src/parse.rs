//! `plimsoll parse`: prints a Dockerfile's instructions in BuildKit's terms.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use plimsoll::report::render_diagnostics;
use plimsoll::syntax::to_buildkit_json;
use serde_json::Value;

use crate::Status;
use crate::input::Input;
use crate::output::{ColorChoice, print, print_error, print_stderr};

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Output format. JSON is the only one.
    #[arg(long, value_enum, default_value_t = ParseFormat::Json)]
    format: ParseFormat,

    /// The Dockerfile to parse; `-` reads standard input.
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ParseFormat {
    Json,
}

/// Parses the file, prints its instructions and returns the exit status: 1 if the parse has an
/// error. Every parse diagnostic is written to standard error in the text format.
pub fn run(args: ParseArgs, color: ColorChoice) -> Status {
    let ParseFormat::Json = args.format;
    let input = Input::from_path(args.file);
    let bytes = match input.read() {
        Ok(bytes) => bytes,
        Err(message) => {
            print_error(&message);
            return Status::Error;
        }
    };

    let dockerfile = plimsoll::parse(&bytes);
    if let Err(message) = print(&instruction_list(&to_buildkit_json(&dockerfile))) {
        print_error(&message);
        return Status::Error;
    }

    let status = if dockerfile.has_errors() {
        Status::Findings
    } else {
        Status::Success
    };
    print_stderr(&render_diagnostics(
        &input.display_name(),
        &dockerfile,
        &dockerfile.diagnostics,
        color.for_stderr(),
    ));
    status
}

/// Formats a JSON array with one element per line, so that line diffs of two parses show
/// which instructions differ. Any other value is printed on one line.
fn instruction_list(value: &Value) -> String {
    match value {
        Value::Array(items) if !items.is_empty() => {
            let lines: Vec<String> = items.iter().map(Value::to_string).collect();
            format!("[\n{}\n]\n", lines.join(",\n"))
        }
        other => format!("{other}\n"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn one_instruction_per_line() {
        let value = json!([{"cmd": "FROM", "value": ["a"]}, {"cmd": "RUN", "value": ["b"]}]);

        assert_eq!(
            instruction_list(&value),
            "[\n{\"cmd\":\"FROM\",\"value\":[\"a\"]},\n{\"cmd\":\"RUN\",\"value\":[\"b\"]}\n]\n"
        );
    }

    #[test]
    fn empty_list_on_one_line() {
        assert_eq!(instruction_list(&json!([])), "[]\n");
    }

    #[test]
    fn error_object_on_one_line() {
        assert_eq!(
            instruction_list(&json!({"error": "bad"})),
            "{\"error\":\"bad\"}\n"
        );
    }
}
