//! The lint runs of `lintAsync` and `lintFileAsync`, which run on the libuv thread pool.

use napi::bindgen_prelude::Unknown;
use napi::{Env, ScopedTask};
use plimsoll::api::{Options, catch_panic, lint_report};
use plimsoll::report::Report;
use plimsoll::{Error, ErrorKind};

use crate::convert::to_js;
use crate::errors::{run, to_js_error};

/// What a lint run reads.
pub(crate) enum LintInput {
    /// Dockerfile bytes copied from the arguments.
    Source(Vec<u8>),
    /// The file at the request's path, read when the run starts.
    File,
}

/// One lint run, with everything it needs owned so that it can move to another thread.
pub(crate) struct LintRequest {
    pub(crate) input: LintInput,
    /// The file to read for [`LintInput::File`], and the file name in the report.
    pub(crate) path: String,
    pub(crate) options: Options,
}

impl LintRequest {
    /// Reads the input if it is a file and lints it. Runs no JavaScript.
    pub(crate) fn run(&self) -> Result<Report, Error> {
        match &self.input {
            LintInput::Source(bytes) => lint_report(&self.path, bytes, &self.options),
            LintInput::File => {
                let bytes = read_file(&self.path)?;
                lint_report(&self.path, &bytes, &self.options)
            }
        }
    }
}

/// Reads a Dockerfile from disk. A failure is an error of kind `io`.
fn read_file(path: &str) -> Result<Vec<u8>, Error> {
    std::fs::read(path)
        .map_err(|error| Error::new(ErrorKind::Io, format!("failed to read `{path}`: {error}")))
}

/// A [`LintRequest`] run by napi-rs as async work: `compute` on a thread of the libuv pool,
/// `resolve` back on the JavaScript thread.
///
/// It holds the error of arguments that could not be converted, so that the promise rejects
/// with it. The async functions of this package reject and never throw.
pub struct LintTask(pub(crate) Result<LintRequest, Error>);

impl<'task> ScopedTask<'task> for LintTask {
    /// The core's result. Errors travel as data, because `compute` has no environment in which
    /// to create the JavaScript error object with its `code`.
    type Output = Result<Report, Error>;
    type JsValue = Unknown<'task>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(match &self.0 {
            Ok(request) => catch_panic(|| request.run()),
            Err(error) => Err(error.clone()),
        })
    }

    fn resolve(&mut self, env: &'task Env, output: Self::Output) -> napi::Result<Unknown<'task>> {
        match output {
            Ok(report) => run(env, || to_js(env, &report)),
            Err(error) => Err(to_js_error(env, error)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(input: LintInput, path: &str) -> LintRequest {
        LintRequest {
            input,
            path: path.to_string(),
            options: Options::default(),
        }
    }

    #[test]
    fn source_is_linted_under_path() {
        let report = request(
            LintInput::Source(b"FROM a:latest\n".to_vec()),
            "x/Dockerfile",
        )
        .run()
        .unwrap();
        assert_eq!(report.files[0].path, "x/Dockerfile");
        assert_eq!(report.files[0].diagnostics[0].code, "DL3007");
    }

    #[test]
    fn missing_file_is_io_error() {
        let path = std::env::temp_dir().join("plimsoll-node-missing/Dockerfile");
        let error = request(LintInput::File, path.to_str().unwrap())
            .run()
            .unwrap_err();
        assert_eq!(error.kind, ErrorKind::Io);
        assert!(
            error.message.starts_with("failed to read `"),
            "{}",
            error.message
        );
    }

    #[test]
    fn file_is_read_and_linted() {
        let path = std::env::temp_dir().join(format!("plimsoll-node-{}", std::process::id()));
        std::fs::write(&path, "FROM a:latest\n").unwrap();
        let result = request(LintInput::File, path.to_str().unwrap()).run();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(result.unwrap().files[0].diagnostics[0].code, "DL3007");
    }
}
