//! `plimsoll lint`: lints files and the Dockerfiles in directories, and writes the findings
//! in one of the output formats.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use plimsoll::config::Settings;
use plimsoll::formats::{Format as OutputFormat, RenderOptions, artifacts_from_report, render};
use plimsoll::lint::LabelType;
use plimsoll::report::{FileReport, Report, file_report, render_text};
use plimsoll::{LintOptions, LintResult, Severity};

use crate::Status;
use crate::config::{Configuration, Environment, Lookup};
use crate::context;
use crate::input::{Input, discover};
use crate::output::{ColorChoice, Format, print_error, print_stderr, print_warning, write_output};
use crate::suggest::lookup_rule;

/// The file linted when no path is given, relative to the working directory.
const DEFAULT_PATH: &str = "Dockerfile";

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Dockerfiles, and directories to search for Dockerfiles; `-` reads standard input.
    /// Defaults to `Dockerfile` in the working directory.
    ///
    /// In a directory, files named Dockerfile, Containerfile, Dockerfile.*, Containerfile.*,
    /// *.Dockerfile or *.containerfile are linted, except those that .gitignore, .ignore or
    /// git's exclude files exclude and those in hidden directories. A file named here is
    /// always linted.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Output format. `tty` and `gitlab_codeclimate` are accepted as hadolint's names for
    /// `text` and `gitlab`. Defaults to the configuration's `format`, else `text`.
    #[arg(short, long, value_enum, ignore_case = true)]
    format: Option<Format>,

    /// File to write the output to instead of standard output; `-` is standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Build argument that overrides an ARG default, as for `docker build`. `KEY` alone takes
    /// the value of the environment variable KEY and is skipped when that is unset. Repeatable.
    #[arg(long = "build-arg", value_name = "KEY[=VALUE]", value_parser = parse_build_arg)]
    build_args: Vec<BuildArg>,

    /// Stage to lint as the build target; the last stage by default.
    #[arg(long, value_name = "STAGE")]
    target: Option<String>,

    /// Rule to turn off, by code, name or alias. Repeatable, and accepts a comma-separated
    /// list.
    #[arg(long, value_name = "CODE", value_delimiter = ',', value_parser = parse_rule_code)]
    ignore: Vec<String>,

    /// Configuration of the image the first stage builds on (and later stages on the same
    /// image): an OCI or Docker config blob, or `docker inspect` output. Rules then read its
    /// environment, shell, user and platform.
    #[arg(long, value_name = "FILE")]
    base_config: Option<PathBuf>,

    /// `.dockerignore` of the build context. By default `<Dockerfile>.dockerignore` or
    /// `.dockerignore` beside each Dockerfile is read, as BuildKit does.
    #[arg(long, value_name = "FILE")]
    dockerignore: Option<PathBuf>,

    /// Lowest severity that makes the exit status 1. `none` never fails on findings, and
    /// hadolint's `ignore` means `style`, so every finding fails. The default, `info`, is
    /// hadolint 2's default, so style findings alone do not fail a build.
    #[arg(short = 't', long, value_enum, value_name = "SEVERITY")]
    failure_threshold: Option<FailureThreshold>,

    /// Configuration file to read in place of the search for `.hadolint.yaml` and
    /// `plimsoll.toml`: a `.toml` file is read as `plimsoll.toml`, any other as
    /// `.hadolint.yaml`.
    #[arg(short = 'c', long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,

    /// Read no configuration file. `HADOLINT_*` environment variables still apply.
    #[arg(long)]
    no_config: bool,

    /// Give rule CODE the severity `error`. Repeatable, and accepts a comma-separated list.
    #[arg(long = "error", value_name = "CODE", value_delimiter = ',', value_parser = parse_rule_code)]
    error_rules: Vec<String>,

    /// Give rule CODE the severity `warning`. Repeatable.
    #[arg(long = "warning", value_name = "CODE", value_delimiter = ',', value_parser = parse_rule_code)]
    warning_rules: Vec<String>,

    /// Give rule CODE the severity `info`. Repeatable.
    #[arg(long = "info", value_name = "CODE", value_delimiter = ',', value_parser = parse_rule_code)]
    info_rules: Vec<String>,

    /// Give rule CODE the severity `style`. Repeatable.
    #[arg(long = "style", value_name = "CODE", value_delimiter = ',', value_parser = parse_rule_code)]
    style_rules: Vec<String>,

    /// Registry that base images may come from, such as `docker.io` or `*.example.com`.
    /// Turns on DL3026. Repeatable.
    #[arg(long = "trusted-registry", value_name = "REGISTRY")]
    trusted_registries: Vec<String>,

    /// Label every stage must set, with the type of its value (text, url, semver, hash,
    /// rfc3339, spdx, email). Repeatable.
    #[arg(long = "require-label", value_name = "LABEL:TYPE", value_parser = parse_required_label)]
    required_labels: Vec<(String, LabelType)>,

    /// Report labels that `--require-label` or the label schema does not list.
    #[arg(long)]
    strict_labels: bool,

    /// Make in-file ignore pragmas and `check=skip` directives have no effect.
    #[arg(long)]
    disable_ignore_pragma: bool,

    /// Exit with status 0 even when findings are at or above the failure threshold.
    #[arg(long)]
    no_fail: bool,

    /// Print the configuration files used to standard error.
    #[arg(short = 'V', long)]
    verbose: bool,
}

/// Parses `--require-label LABEL:TYPE`; a missing type means `text`.
fn parse_required_label(text: &str) -> Result<(String, LabelType), String> {
    let (label, kind) = text.split_once(':').unwrap_or((text, ""));
    if label.is_empty() {
        return Err("the label has no name; expected LABEL:TYPE".to_string());
    }
    Ok((label.to_string(), plimsoll::config::parse_label_type(kind)?))
}

impl LintArgs {
    /// Returns the settings the flags give, the top layer of the configuration.
    fn command_line_settings(&self, build_args: Vec<(String, String)>) -> Settings {
        let mut severity = Vec::new();
        for (codes, level) in [
            (&self.style_rules, Severity::Style),
            (&self.info_rules, Severity::Info),
            (&self.warning_rules, Severity::Warning),
            (&self.error_rules, Severity::Error),
        ] {
            severity.extend(codes.iter().map(|code| (code.clone(), level)));
        }
        Settings {
            ignore: self.ignore.clone(),
            severity,
            failure_threshold: self.failure_threshold.map(FailureThreshold::to_api),
            trusted_registries: self.trusted_registries.clone(),
            label_schema: self.required_labels.clone(),
            strict_labels: self.strict_labels.then_some(true),
            disable_ignore_pragma: self.disable_ignore_pragma.then_some(true),
            build_args,
            no_fail: self.no_fail.then_some(true),
            verbose: self.verbose.then_some(true),
            ..Settings::default()
        }
    }

    fn lookup(&self) -> Lookup {
        match (&self.config, self.no_config) {
            (Some(path), _) => Lookup::Explicit(path.clone()),
            (None, true) => Lookup::Disabled,
            (None, false) => Lookup::Search,
        }
    }
}

/// Reads an output format named in configuration; hadolint's `tty` is plimsoll's `text`.
fn configured_format(name: &str) -> Result<Format, String> {
    let name = if name == "tty" { "text" } else { name };
    Format::from_str(name, true).map_err(|_| {
        format!(
            "unsupported output format `{name}` in the configuration or HADOLINT_FORMAT; \
                 use --format to choose another"
        )
    })
}

/// A `--build-arg` as written: a key, and a value unless it is to come from the environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildArg {
    key: String,
    value: Option<String>,
}

fn parse_build_arg(text: &str) -> Result<BuildArg, String> {
    let (key, value) = match text.split_once('=') {
        Some((key, value)) => (key, Some(value.to_string())),
        None => (text, None),
    };
    if key.is_empty() {
        return Err("the build argument has no name; expected KEY=VALUE or KEY".to_string());
    }
    Ok(BuildArg {
        key: key.to_string(),
        value,
    })
}

/// Returns the build arguments with their values, taking a missing value from `environment`
/// and dropping the argument when the environment has none, as `docker build` does.
fn resolve_build_args(
    build_args: Vec<BuildArg>,
    environment: impl Fn(&str) -> Option<String>,
) -> Vec<(String, String)> {
    build_args
        .into_iter()
        .filter_map(|BuildArg { key, value }| {
            let value = value.or_else(|| environment(&key))?;
            Some((key, value))
        })
        .collect()
}

/// Resolves a `--ignore` value to the rule's code, so that the options name every rule by
/// code whichever of its names was given.
fn parse_rule_code(code: &str) -> Result<String, String> {
    // `--ignore "DL3007, DL3015"` is a common way to write a list.
    let code = code.trim();
    if code.is_empty() {
        return Err("empty rule code in the list: remove the extra comma".to_string());
    }
    // hadolint command lines name ShellCheck codes and rules plimsoll does not implement.
    if plimsoll::config::codes::is_foreign_code(code) {
        return Ok(code.to_string());
    }
    lookup_rule(code).map(|meta| meta.code.to_string())
}

/// Reads and lints one input. The error message names the input.
fn lint_input(input: &Input, options: &LintOptions) -> Result<LintResult, String> {
    let options = &context::options_for(options, input)?;
    let bytes = input.read()?;
    plimsoll::lint(&bytes, options)
        .map_err(|error| format!("failed to lint `{}`: {error}", input.display_name()))
}

/// The `--failure-threshold` option.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailureThreshold {
    Error,
    Warning,
    Info,
    /// hadolint's `ignore` is accepted here: its lowest level, so every finding fails.
    #[value(alias = "ignore")]
    Style,
    None,
}

impl FailureThreshold {
    fn to_api(self) -> plimsoll::api::FailureThreshold {
        match self {
            FailureThreshold::Error => plimsoll::api::FailureThreshold::Error,
            FailureThreshold::Warning => plimsoll::api::FailureThreshold::Warning,
            FailureThreshold::Info => plimsoll::api::FailureThreshold::Info,
            FailureThreshold::Style => plimsoll::api::FailureThreshold::Style,
            FailureThreshold::None => plimsoll::api::FailureThreshold::None,
        }
    }
}

/// Finds the inputs, lints them, writes the findings in the chosen format and returns the exit
/// status.
///
/// A file that cannot be read or linted (for example because no stage has the `--target`
/// name) is reported on standard error, and the other files are still linted. The output then
/// covers the other files and the status is 2. A directory without Dockerfiles gets a warning,
/// or an error with status 2 when no path yields any input.
pub fn run(args: LintArgs, color: ColorChoice) -> Status {
    let build_args = resolve_build_args(args.build_args.clone(), |key| {
        std::env::var_os(key).map(|value| value.to_string_lossy().into_owned())
    });
    let command_line = args.command_line_settings(build_args);
    let configuration = match Environment::from_process()
        .and_then(|environment| Configuration::load(args.lookup(), environment, command_line))
    {
        Ok(configuration) => configuration,
        Err(message) => {
            print_error(&message);
            return Status::Error;
        }
    };
    // The base image and the `.dockerignore` given by flags apply to every file.
    let context_options = match context::with_context_files(
        LintOptions::default(),
        args.base_config,
        args.dockerignore,
    ) {
        Ok(options) => options,
        Err(message) => {
            print_error(&message);
            return Status::Error;
        }
    };
    let shared = configuration.shared();
    let format = match (args.format, shared.formats.last()) {
        (Some(format), _) => format,
        (None, Some(name)) => match configured_format(name) {
            Ok(format) => format,
            Err(message) => {
                print_error(&message);
                return Status::Error;
            }
        },
        (None, None) => Format(OutputFormat::Text),
    };
    let color = if shared.no_color == Some(true) && color == ColorChoice::Auto {
        ColorChoice::Never
    } else {
        color
    };
    let target = args.target;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(DEFAULT_PATH)]
    } else {
        args.paths
    };

    let mut status = Status::Success;
    let Some(inputs) = find_inputs(paths, &mut status) else {
        return Status::Error;
    };

    let text_color = match &args.output {
        Some(path) if path.as_os_str() != "-" => color.enabled(false),
        _ => color.for_stdout(),
    };
    let format = format.0;
    let outcomes = map_in_parallel(inputs, |input| -> Result<Linted, String> {
        let settings = match &input {
            Input::Stdin => configuration.for_file(None)?,
            Input::Path(path) => configuration.for_file(Some(path))?,
        };
        let options = LintOptions {
            target: target.clone(),
            base_image: context_options.base_image.clone(),
            dockerignore: context_options.dockerignore.clone(),
            ..settings.to_lint_options()
        };
        let result = lint_input(&input, &options)?;
        let name = input.display_name();
        Ok(match format {
            OutputFormat::Text => Linted {
                failed: result.failed,
                text: render_text(&name, &result, text_color),
                report: None,
            },
            _ => Linted {
                failed: result.failed,
                text: String::new(),
                report: Some(file_report(&name, &result)),
            },
        })
    });

    let mut linted = Vec::with_capacity(outcomes.len());
    for outcome in outcomes {
        match outcome {
            Ok(file) => linted.push(file),
            Err(message) => {
                print_error(&message);
                status = Status::Error;
            }
        }
    }
    if linted.iter().any(|file| file.failed)
        && fails_on_findings(format)
        && shared.no_fail != Some(true)
    {
        status = status.max(Status::Findings);
    }
    if shared.verbose == Some(true) {
        for line in configuration
            .used
            .iter()
            .chain(&configuration.toml_files_used())
        {
            print_stderr(&format!("{line}\n"));
        }
    }

    let rendered = render_output(format, linted, text_color);
    if let Err(message) = write_output(args.output.as_deref(), &rendered) {
        print_error(&message);
        return Status::Error;
    }
    status
}

/// Turns the path arguments into inputs and reports the problems met on standard error,
/// setting `status` to 2 for errors. Returns `None` when no argument yields an input: a run
/// that lints nothing is a mistake in the paths, and a mistyped directory in CI must not pass
/// silently.
fn find_inputs(paths: Vec<PathBuf>, status: &mut Status) -> Option<Vec<Input>> {
    let discovery = discover(paths);
    for message in &discovery.errors {
        print_error(message);
        *status = Status::Error;
    }

    if discovery.inputs.is_empty() {
        for directory in &discovery.empty_directories {
            print_error(&format!("no Dockerfile found in `{}`", directory.display()));
        }
        return None;
    }
    for directory in &discovery.empty_directories {
        print_warning(&format!("no Dockerfile found in `{}`", directory.display()));
    }
    Some(discovery.inputs)
}

/// Returns false for the formats whose readers take a non-zero exit status for a crash of the
/// tool rather than for findings: Code Climate engines and Codacy tools. hadolint exits 0 for
/// them too. Errors still exit 2.
pub(crate) fn fails_on_findings(format: OutputFormat) -> bool {
    !matches!(format, OutputFormat::Codeclimate | OutputFormat::Codacy)
}

/// Renders the linted files as one document in `format`.
fn render_output(format: OutputFormat, linted: Vec<Linted>, color: bool) -> String {
    if format == OutputFormat::Text {
        return linted.iter().map(|file| file.text.as_str()).collect();
    }

    let files = linted.into_iter().filter_map(|file| file.report).collect();
    let report = Report::new(files);
    let options = RenderOptions {
        base_directory: base_directory(),
        color,
    };
    render(format, &artifacts_from_report(&report), &options)
        .unwrap_or_else(|| report.to_json() + "\n")
}

/// Returns the working directory with `/` separators, which CI formats make paths relative
/// to, or `None` if it cannot be read or is not UTF-8.
pub(crate) fn base_directory() -> Option<String> {
    let directory = std::env::current_dir().ok()?;
    Some(directory.to_str()?.replace('\\', "/"))
}

/// One linted file, rendered in the worker so that its syntax tree is dropped early.
struct Linted {
    failed: bool,
    text: String,
    report: Option<FileReport>,
}

/// Applies `work` to every item on all available cores and returns the results in the order
/// of the items.
fn map_in_parallel<T: Send, R: Send>(items: Vec<T>, work: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |count| count.get())
        .min(items.len());
    if threads <= 1 {
        return items.into_iter().map(work).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<T>>> = items
        .into_iter()
        .map(|item| std::sync::Mutex::new(Some(item)))
        .collect();
    let results: Vec<std::sync::Mutex<Option<R>>> =
        slots.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(slot) = slots.get(index) else { break };
                    let item = slot.lock().ok().and_then(|mut item| item.take());
                    if let Some(item) = item {
                        let result = work(item);
                        if let Ok(mut cell) = results[index].lock() {
                            *cell = Some(result);
                        }
                    }
                }
            });
        }
    });
    results
        .into_iter()
        .filter_map(|cell| cell.into_inner().ok().flatten())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// hadolint compares findings against its lowest level for `ignore`, so every finding
    /// fails; `none` in plimsoll means that no finding fails.
    #[test]
    fn ignore_threshold_is_style() {
        let parsed = FailureThreshold::from_str("ignore", false);
        assert_eq!(parsed, Ok(FailureThreshold::Style));
    }

    #[test]
    fn build_arg_with_value() {
        assert_eq!(
            parse_build_arg("VERSION=1.2=3"),
            Ok(BuildArg {
                key: "VERSION".to_string(),
                value: Some("1.2=3".to_string())
            })
        );
        assert_eq!(
            parse_build_arg("EMPTY="),
            Ok(BuildArg {
                key: "EMPTY".to_string(),
                value: Some(String::new())
            })
        );
    }

    #[test]
    fn build_arg_without_name_is_rejected() {
        assert!(parse_build_arg("=value").is_err());
        assert!(parse_build_arg("").is_err());
    }

    #[test]
    fn build_arg_key_alone_reads_environment() {
        let build_args = vec![
            parse_build_arg("SET").unwrap(),
            parse_build_arg("UNSET").unwrap(),
            parse_build_arg("GIVEN=x").unwrap(),
        ];

        let resolved = resolve_build_args(build_args, |key| {
            (key == "SET").then(|| "from-env".to_string())
        });

        assert_eq!(
            resolved,
            [
                ("SET".to_string(), "from-env".to_string()),
                ("GIVEN".to_string(), "x".to_string())
            ]
        );
    }

    #[test]
    fn threshold_severities() {
        assert_eq!(
            FailureThreshold::Error.to_api().severity(),
            Some(Severity::Error)
        );
        assert_eq!(
            FailureThreshold::Warning.to_api().severity(),
            Some(Severity::Warning)
        );
        assert_eq!(
            FailureThreshold::Info.to_api().severity(),
            Some(Severity::Info)
        );
        assert_eq!(
            FailureThreshold::Style.to_api().severity(),
            Some(Severity::Style)
        );
        assert_eq!(FailureThreshold::None.to_api().severity(), None);
    }
}
