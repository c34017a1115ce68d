//! The image exports: `lintImage` and `lintImageConfig`, their async forms on the libuv thread
//! pool, and their raw JSON forms.

use napi::bindgen_prelude::{AsyncTask, JsObjectValue, JsValue, Object, Unknown};
use napi::{Env, ScopedTask, ValueType};
use napi_derive::napi;
use plimsoll::api::{self, ImageApiOptions, catch_panic};
use plimsoll::report::Report;
use plimsoll::{Error, ErrorKind};
use serde_json::{Map, Value};

use crate::convert::{
    Source, invalid_option, option_value, optional_string, required_string, to_js, type_name,
};
use crate::errors::{internal, run, to_js_error};

/// The image name that a report gives a config passed as text, unless `options.name` is set.
const DEFAULT_CONFIG_NAME: &str = "image.json";

/// Reads and lints the image at `path` and returns the report, whose `images` has one entry
/// named by `path` as given.
///
/// `path` names a `docker save` archive, an OCI image layout (a directory or a tar file), or
/// a file with an image config blob or `docker inspect` output. Throws a `PLIMSOLL_IO` error
/// if it cannot be read, `PLIMSOLL_INVALID_INPUT` if it is not an image, and
/// `PLIMSOLL_INVALID_OPTION` for options that cannot be used.
#[napi(
    ts_args_type = "path: string, options?: ImageOptions",
    ts_return_type = "Report"
)]
pub fn lint_image<'env>(
    env: &'env Env,
    path: Unknown<'env>,
    options: Option<Unknown<'env>>,
) -> napi::Result<Unknown<'env>> {
    run(env, || {
        let request = path_request(env, path, options)?;
        to_js(env, &request.run()?)
    })
}

/// Reads and lints the image at `path` on the libuv thread pool and resolves to its report.
/// Takes the same arguments as `lintImage`, and rejects where `lintImage` throws.
#[napi(
    ts_args_type = "path: string, options?: ImageOptions",
    ts_return_type = "Promise<Report>"
)]
pub fn lint_image_async(
    env: &Env,
    path: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> AsyncTask<ImageTask> {
    let request = catch_panic(|| path_request(env, path, options));
    AsyncTask::new(ImageTask(request))
}

/// Lints an image config blob or `docker inspect` output, reading no file, and returns the
/// report. `config` is the JSON text, or its bytes in a `Buffer` or `Uint8Array`. The report
/// names the image `options.name`, or `image.json` by default. Throws a
/// `PLIMSOLL_INVALID_INPUT` error for a config that is not valid JSON or not an image config.
#[napi(
    ts_args_type = "config: string | Uint8Array, options?: ImageConfigOptions",
    ts_return_type = "Report"
)]
pub fn lint_image_config<'env>(
    env: &'env Env,
    config: Unknown<'env>,
    options: Option<Unknown<'env>>,
) -> napi::Result<Unknown<'env>> {
    run(env, || {
        let options = image_options(env, options, OptionSet::Config)?;
        let config = Source::from_js_named(config, "config")?;
        let name = options.name.as_deref().unwrap_or(DEFAULT_CONFIG_NAME);
        let report = api::image_config_report(name, config.as_bytes(), &options.options)?;
        to_js(env, &report)
    })
}

/// Lints an image config on the libuv thread pool and resolves to the report. Takes the same
/// arguments as `lintImageConfig`, and rejects where it throws. The config is copied before
/// the call returns, so a `Buffer` may change afterwards.
#[napi(
    ts_args_type = "config: string | Uint8Array, options?: ImageConfigOptions",
    ts_return_type = "Promise<Report>"
)]
pub fn lint_image_config_async(
    env: &Env,
    config: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> AsyncTask<ImageTask> {
    let request = catch_panic(|| {
        let options = image_options(env, options, OptionSet::Config)?;
        let config = Source::from_js_named(config, "config")?;
        Ok(ImageRequest {
            input: ImageInput::Config(config.into_owned()),
            name: options
                .name
                .unwrap_or_else(|| DEFAULT_CONFIG_NAME.to_string()),
            options: options.options,
        })
    });
    AsyncTask::new(ImageTask(request))
}

/// Reads and lints the image at `path` and returns the report as the core writes it: JSON
/// indented by two spaces, with no trailing newline. `optionsJson` is the core's image options
/// JSON, with snake_case keys such as `max_size`; empty or absent means the defaults. Errors
/// are thrown as by `lintImage`.
#[napi(ts_args_type = "path: string, optionsJson?: string")]
pub fn lint_image_json(
    env: &Env,
    path: Unknown<'_>,
    options_json: Option<Unknown<'_>>,
) -> napi::Result<String> {
    run(env, || {
        let options_json = optional_string(options_json, "optionsJson", ErrorKind::InvalidOption)?;
        let path = required_string(path, "path", ErrorKind::InvalidInput)?;
        api::image_json(&path, options_json.as_deref().unwrap_or(""))
    })
}

/// Lints an image config and returns the report as the core writes it. `optionsJson` is as
/// for `lintImageJson`, and `name` names the image in the report, `image.json` by default.
/// Errors are thrown as by `lintImageConfig`.
#[napi(ts_args_type = "config: string | Uint8Array, optionsJson?: string, name?: string")]
pub fn lint_image_config_json(
    env: &Env,
    config: Unknown<'_>,
    options_json: Option<Unknown<'_>>,
    name: Option<Unknown<'_>>,
) -> napi::Result<String> {
    run(env, || {
        let options_json = optional_string(options_json, "optionsJson", ErrorKind::InvalidOption)?;
        let name = optional_string(name, "name", ErrorKind::InvalidInput)?;
        let config = Source::from_js_named(config, "config")?;
        api::image_config_json(
            name.as_deref().unwrap_or(DEFAULT_CONFIG_NAME),
            config.as_bytes(),
            options_json.as_deref().unwrap_or(""),
        )
    })
}

/// Checks the arguments of `lintImage` and `lintImageAsync`.
fn path_request(
    env: &Env,
    path: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> Result<ImageRequest, Error> {
    let options = image_options(env, options, OptionSet::Path)?;
    let path = required_string(path, "path", ErrorKind::InvalidInput)?;
    Ok(ImageRequest {
        input: ImageInput::Path,
        name: path,
        options: options.options,
    })
}

/// The set of keys that an options object may have besides the lint options.
#[derive(Clone, Copy, PartialEq, Eq)]
enum OptionSet {
    /// `image` and `platform`, which pick an image from an archive or index.
    Path,
    /// `name`, the image name in the report of a config.
    Config,
}

/// Image options of the JavaScript API, converted from their camelCase spelling.
struct JsImageOptions {
    options: ImageApiOptions,
    /// `options.name`, which only the config functions accept.
    name: Option<String>,
}

/// Converts the `options` argument of the image functions. As for the lint options, a key
/// whose value is `undefined` or `null` keeps its default, unknown keys are rejected, and the
/// values are checked by the core's own deserializers.
fn image_options(
    env: &Env,
    value: Option<Unknown<'_>>,
    set: OptionSet,
) -> Result<JsImageOptions, Error> {
    let mut converted = JsImageOptions {
        options: ImageApiOptions::default(),
        name: None,
    };
    let Some(value) = value else {
        return Ok(converted);
    };
    match value.get_type().map_err(internal)? {
        ValueType::Undefined | ValueType::Null => return Ok(converted),
        ValueType::Object if !value.is_array().map_err(internal)? => {}
        other => {
            return Err(invalid_option(format!(
                "options must be an object, not {}",
                type_name(&value, other)
            )));
        }
    }

    reject_non_finite_numbers(&value)?;
    let fields: Map<String, Value> = env
        .from_js_value(value)
        .map_err(|error| invalid_option(format!("invalid options: {}", error.reason)))?;
    let options = &mut converted.options;
    for (key, field) in fields {
        if field.is_null() {
            continue;
        }
        match (key.as_str(), set) {
            ("image", OptionSet::Path) => options.image = Some(option_value(&key, field)?),
            ("platform", OptionSet::Path) => options.platform = Some(option_value(&key, field)?),
            ("name", OptionSet::Config) => converted.name = Some(option_value(&key, field)?),
            ("maxSize", _) => options.max_size = Some(option_value(&key, field)?),
            ("lowestEfficiency", _) => {
                options.lowest_efficiency = Some(option_value(&key, field)?);
            }
            ("highestWastedBytes", _) => {
                options.highest_wasted_bytes = Some(option_value(&key, field)?);
            }
            ("highestUserWastedPercent", _) => {
                options.highest_user_wasted_percent = Some(option_value(&key, field)?);
            }
            ("ignore", _) => options.ignore = option_value(&key, field)?,
            ("select", _) => options.select = option_value(&key, field)?,
            ("severity", _) => options.severity = option_value(&key, field)?,
            ("failureThreshold", _) => options.failure_threshold = option_value(&key, field)?,
            _ => {
                let first = match set {
                    OptionSet::Path => "image, platform",
                    OptionSet::Config => "name",
                };
                return Err(invalid_option(format!(
                    "unknown option `{key}`: expected one of {first}, maxSize, \
                     lowestEfficiency, highestWastedBytes, highestUserWastedPercent, ignore, \
                     select, severity or failureThreshold"
                )));
            }
        }
    }
    Ok(converted)
}

/// The options whose value may be a number.
const NUMBER_OPTIONS: [&str; 4] = [
    "maxSize",
    "lowestEfficiency",
    "highestWastedBytes",
    "highestUserWastedPercent",
];

/// Rejects a number option that is NaN or infinite. The conversion to JSON would turn it into
/// `null`, which keeps the default, so `maxSize: NaN` would silently mean no size limit.
fn reject_non_finite_numbers(options: &Unknown<'_>) -> Result<(), Error> {
    // SAFETY: the caller has checked that the value is an object.
    let object = unsafe { options.cast::<Object>() }.map_err(internal)?;
    for key in NUMBER_OPTIONS {
        let field: Unknown = object.get_named_property(key).map_err(internal)?;
        if field.get_type().map_err(internal)? != ValueType::Number {
            continue;
        }
        // SAFETY: the value is a number, as `cast` requires.
        let number = unsafe { field.cast::<f64>() }.map_err(internal)?;
        if !number.is_finite() {
            let number = if number.is_nan() {
                "NaN"
            } else if number > 0.0 {
                "Infinity"
            } else {
                "-Infinity"
            };
            return Err(invalid_option(format!(
                "invalid option `{key}`: {number} is not a finite number"
            )));
        }
    }
    Ok(())
}

/// The input of an image run.
enum ImageInput {
    /// The image at the request's path, read when the run starts.
    Path,
    /// Config bytes copied from the arguments.
    Config(Vec<u8>),
}

/// One image run, with everything it needs owned so that it can move to another thread.
struct ImageRequest {
    input: ImageInput,
    /// The path to read for [`ImageInput::Path`], and the image name in the report.
    name: String,
    options: ImageApiOptions,
}

impl ImageRequest {
    /// Reads the image if it is a path and lints it. Runs no JavaScript.
    fn run(&self) -> Result<Report, Error> {
        match &self.input {
            ImageInput::Path => api::image_report(std::path::Path::new(&self.name), &self.options),
            ImageInput::Config(bytes) => api::image_config_report(&self.name, bytes, &self.options),
        }
    }
}

/// An [`ImageRequest`] run by napi-rs as async work, as [`crate::tasks::LintTask`] runs a
/// lint: errors of the arguments and of the core travel as data and reject the promise.
pub struct ImageTask(Result<ImageRequest, Error>);

impl<'task> ScopedTask<'task> for ImageTask {
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

    fn config_request(config: &[u8]) -> ImageRequest {
        ImageRequest {
            input: ImageInput::Config(config.to_vec()),
            name: "app.json".to_string(),
            options: ImageApiOptions::default(),
        }
    }

    #[test]
    fn config_is_linted_under_name() {
        let report = config_request(br#"{"config": {"User": "root"}}"#)
            .run()
            .unwrap();
        assert_eq!(report.images[0].path, "app.json");
        assert!(
            report.images[0]
                .findings
                .iter()
                .any(|finding| finding.code == "PL3001")
        );
    }

    #[test]
    fn missing_image_is_io_error() {
        let request = ImageRequest {
            input: ImageInput::Path,
            name: "/nonexistent/plimsoll-node/image.tar".to_string(),
            options: ImageApiOptions::default(),
        };
        assert_eq!(request.run().unwrap_err().kind, ErrorKind::Io);
    }
}
