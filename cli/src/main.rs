//! The `plimsoll` command: lints Dockerfiles and images, prints their parse and documents the
//! rules.

mod config;
mod context;
mod image;
mod input;
mod lint;
mod output;
mod parse;
mod rules;
mod schema;
mod suggest;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::output::ColorChoice;

/// Dockerfile and container image linter.
#[derive(Debug, Parser)]
#[command(name = "plimsoll", version = plimsoll::VERSION)]
struct Cli {
    #[command(subcommand)]
    command: Command,

    /// When to color text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,
}

// The enum is built once per run, so the size of `LintArgs` costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
enum Command {
    /// Lint Dockerfiles and print the findings.
    ///
    /// Exits with 0 when no finding is at or above the failure threshold, 1 when one is, and 2
    /// when an argument is invalid or a file cannot be read.
    Lint(lint::LintArgs),
    /// Print the instructions of a Dockerfile as BuildKit's parser reads them, as JSON.
    ///
    /// Exits with 0, or 1 when the file has a parse error. Parse diagnostics go to standard
    /// error.
    Parse(parse::ParseArgs),
    /// List the rules with their code, name, aliases, default severity and fix support.
    Rules(rules::RulesArgs),
    /// Print the documentation of one rule.
    Rule(rules::RuleArgs),
    /// Print the JSON Schema of the report, or write the committed schema files.
    Schema(schema::SchemaArgs),
    /// Lint built images: `docker save` and OCI archives, OCI layouts and config files.
    ///
    /// Exits with 0 when no finding is at or above the failure threshold, 1 when one is, and 2
    /// when an argument is invalid or an image cannot be read.
    Image(image::ImageArgs),
}

/// Outcome of a command, ordered so that the most serious outcome of several files wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    /// Exit status 0.
    Success,
    /// Exit status 1: a finding at or above the failure threshold, or a parse error.
    Findings,
    /// Exit status 2: an invalid argument, or a file that cannot be read or written.
    Error,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        match status {
            Status::Success => ExitCode::from(0),
            Status::Findings => ExitCode::from(1),
            Status::Error => ExitCode::from(2),
        }
    }
}

fn main() -> ExitCode {
    // On invalid arguments clap prints the error with usage and exits with status 2.
    let cli = Cli::parse();

    let status = match cli.command {
        Command::Lint(args) => lint::run(args, cli.color),
        Command::Parse(args) => parse::run(args, cli.color),
        Command::Rules(args) => rules::run_list(args),
        Command::Rule(args) => rules::run_show(args),
        Command::Schema(args) => schema::run(args),
        Command::Image(args) => image::run(args, cli.color),
    };
    status.into()
}
