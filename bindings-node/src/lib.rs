//! Node.js bindings of plimsoll, the Dockerfile linter, built with napi-rs.
//!
//! Each export converts its JavaScript arguments, calls [`plimsoll::api`] inside the core's
//! panic boundary and converts the result into plain objects that keep the report's own
//! snake_case field names. A core error becomes a thrown `Error` (or a rejected promise) whose
//! `code` is `PLIMSOLL_` and the core kind in upper case, such as `PLIMSOLL_INVALID_OPTION`.
//! Arguments of the wrong type give errors with these codes too, never napi-rs's own errors.
//!
//! The TypeScript signatures are written in `ts_args_type` and `ts_return_type`, because the
//! arguments arrive as `Unknown` to be checked here. The interfaces they name are in
//! `src/header.d.ts`, which `napi build` puts at the top of `index.d.ts`.

mod convert;
mod errors;
// Public, like the exports in this file: the lib test build reports the exports of a
// private module as dead code.
pub mod image;
mod tasks;

use napi::Env;
use napi::bindgen_prelude::{AsyncTask, Unknown};
use napi_derive::napi;
use plimsoll::ErrorKind;
use plimsoll::api::{self, catch_panic};

use crate::convert::{
    DEFAULT_PATH, Source, lint_options, optional_string, parse_json_text, required_string, to_js,
};
use crate::errors::run;
use crate::tasks::{LintInput, LintRequest, LintTask};

/// The version of plimsoll, which is also the version of this package.
#[napi]
pub const VERSION: &str = plimsoll::VERSION;

/// Returns the version of plimsoll, the same string as `VERSION`.
#[napi]
pub fn version() -> &'static str {
    plimsoll::VERSION
}

/// Lints a Dockerfile and returns the report.
///
/// `source` is the text, or its bytes in a `Buffer` or `Uint8Array`. The report names the file
/// `options.path`, or `Dockerfile` by default. Throws a `PLIMSOLL_INVALID_OPTION` error for options that
/// cannot be used, such as an unknown rule code or target stage.
#[napi(
    ts_args_type = "source: string | Uint8Array, options?: LintSourceOptions",
    ts_return_type = "Report"
)]
pub fn lint<'env>(
    env: &'env Env,
    source: Unknown<'env>,
    options: Option<Unknown<'env>>,
) -> napi::Result<Unknown<'env>> {
    run(env, || {
        let options = lint_options(env, options, true)?;
        let source = Source::from_js(source)?;
        let path = options.path.as_deref().unwrap_or(DEFAULT_PATH);
        let report = api::lint_report(path, source.as_bytes(), &options.options)?;
        to_js(env, &report)
    })
}

/// Lints a Dockerfile on the libuv thread pool, without blocking the event loop, and resolves
/// to the report. Takes the same arguments as `lint`, and rejects where `lint` throws. The
/// source is copied before the call returns, so a `Buffer` may change afterwards.
#[napi(
    ts_args_type = "source: string | Uint8Array, options?: LintSourceOptions",
    ts_return_type = "Promise<Report>"
)]
pub fn lint_async(
    env: &Env,
    source: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> AsyncTask<LintTask> {
    let request = catch_panic(|| {
        let options = lint_options(env, options, true)?;
        let source = Source::from_js(source)?;
        Ok(LintRequest {
            input: LintInput::Source(source.into_owned()),
            path: options.path.unwrap_or_else(|| DEFAULT_PATH.to_string()),
            options: options.options,
        })
    });
    AsyncTask::new(LintTask(request))
}

/// Reads the Dockerfile at `path` and returns its report, which names the file by `path` as
/// given. Throws a `PLIMSOLL_IO` error if the file cannot be read.
#[napi(
    ts_args_type = "path: string, options?: LintOptions",
    ts_return_type = "Report"
)]
pub fn lint_file<'env>(
    env: &'env Env,
    path: Unknown<'env>,
    options: Option<Unknown<'env>>,
) -> napi::Result<Unknown<'env>> {
    run(env, || {
        let request = file_request(env, path, options)?;
        let report = request.run()?;
        to_js(env, &report)
    })
}

/// Reads and lints the Dockerfile at `path` on the libuv thread pool and resolves to its
/// report. Takes the same arguments as `lintFile`, and rejects where `lintFile` throws.
#[napi(
    ts_args_type = "path: string, options?: LintOptions",
    ts_return_type = "Promise<Report>"
)]
pub fn lint_file_async(
    env: &Env,
    path: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> AsyncTask<LintTask> {
    let request = catch_panic(|| file_request(env, path, options));
    AsyncTask::new(LintTask(request))
}

/// Checks the arguments of `lintFile` and `lintFileAsync`.
fn file_request(
    env: &Env,
    path: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> Result<LintRequest, plimsoll::Error> {
    let options = lint_options(env, options, false)?;
    let path = required_string(path, "path", ErrorKind::InvalidInput)?;
    Ok(LintRequest {
        input: LintInput::File,
        path,
        options: options.options,
    })
}

/// Lints a Dockerfile and returns the report as the core writes it: JSON indented by two
/// spaces, with no trailing newline.
///
/// `optionsJson` is the core's options JSON, with snake_case keys such as `build_args` and
/// `failure_threshold`. An empty or absent `optionsJson` means the defaults. `path` names the
/// file in the report, `Dockerfile` by default. Errors are thrown as by `lint`.
#[napi(ts_args_type = "source: string | Uint8Array, optionsJson?: string, path?: string")]
pub fn lint_json(
    env: &Env,
    source: Unknown<'_>,
    options_json: Option<Unknown<'_>>,
    path: Option<Unknown<'_>>,
) -> napi::Result<String> {
    run(env, || {
        let options_json = optional_string(options_json, "optionsJson", ErrorKind::InvalidOption)?;
        let path = optional_string(path, "path", ErrorKind::InvalidInput)?;
        let source = Source::from_js(source)?;
        api::lint_json(
            path.as_deref().unwrap_or(DEFAULT_PATH),
            source.as_bytes(),
            options_json.as_deref().unwrap_or(""),
        )
    })
}

/// Parses a Dockerfile and returns its instructions, in the JSON form of BuildKit's parser,
/// with the parse errors and warnings. Never fails on a malformed Dockerfile: problems are
/// listed in `diagnostics`.
#[napi(
    ts_args_type = "source: string | Uint8Array",
    ts_return_type = "ParseResult"
)]
pub fn parse<'env>(env: &'env Env, source: Unknown<'env>) -> napi::Result<Unknown<'env>> {
    run(env, || {
        let source = Source::from_js(source)?;
        parse_json_text(env, &api::parse_json(source.as_bytes()))
    })
}

/// Returns every rule with its code, name, aliases, default severity and documentation.
#[napi(ts_return_type = "Rule[]")]
pub fn rules(env: &Env) -> napi::Result<Unknown<'_>> {
    run(env, || parse_json_text(env, &api::rules_json()))
}
