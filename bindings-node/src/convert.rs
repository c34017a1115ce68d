//! Conversion of JavaScript arguments into core types, and of core results into plain
//! JavaScript objects.

use napi::bindgen_prelude::{JsObjectValue, JsValue, Object, Uint8ArraySlice, Unknown};
use napi::{Env, ValueType};
use plimsoll::api::Options;
use plimsoll::{Error, ErrorKind};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::errors::internal;

/// The file name that a report gives a source passed as text, unless `options.path` is set.
pub(crate) const DEFAULT_PATH: &str = "Dockerfile";

/// Source text of a Dockerfile as the caller passed it.
pub(crate) enum Source<'env> {
    /// A string, encoded as UTF-8.
    Text(String),
    /// A `Uint8Array`, such as a `Buffer`, borrowed without a copy.
    Bytes(Uint8ArraySlice<'env>),
}

impl Source<'_> {
    /// Converts the `source` argument, which is a string or a `Uint8Array`.
    ///
    /// A borrowed array must not change while the core reads it. Convert the other arguments
    /// first, because their getters run JavaScript, which could detach or resize the array.
    pub(crate) fn from_js<'env>(source: Unknown<'env>) -> Result<Source<'env>, Error> {
        Source::from_js_named(source, "source")
    }

    /// Converts the argument called `name` in messages, as [`Source::from_js`] does.
    pub(crate) fn from_js_named<'env>(
        source: Unknown<'env>,
        name: &str,
    ) -> Result<Source<'env>, Error> {
        match source.get_type().map_err(internal)? {
            // SAFETY: the value is a string, as `cast` requires.
            ValueType::String => unsafe { source.cast::<String>() }
                .map(Source::Text)
                .map_err(internal),
            // SAFETY: the value is a typed array, and the conversion fails unless its element
            // type is `Uint8`.
            ValueType::Object if source.is_typedarray().map_err(internal)? => {
                unsafe { source.cast::<Uint8ArraySlice>() }
                    .map(Source::Bytes)
                    .map_err(|_| {
                        invalid_input(format!(
                            "{name} must be a string or a Uint8Array, not another typed array"
                        ))
                    })
            }
            other => Err(invalid_input(format!(
                "{name} must be a string or a Uint8Array, not {}",
                type_name(&source, other)
            ))),
        }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            Source::Text(text) => text.as_bytes(),
            Source::Bytes(bytes) => bytes,
        }
    }

    /// Copies the bytes into a buffer that a task on another thread can keep while JavaScript
    /// goes on running.
    pub(crate) fn into_owned(self) -> Vec<u8> {
        match self {
            Source::Text(text) => text.into_bytes(),
            Source::Bytes(bytes) => bytes.to_vec(),
        }
    }
}

/// Returns the string argument called `name`, or an error of `kind` if it is not a string.
pub(crate) fn required_string(
    value: Unknown<'_>,
    name: &str,
    kind: ErrorKind,
) -> Result<String, Error> {
    match value.get_type().map_err(internal)? {
        // SAFETY: the value is a string, as `cast` requires.
        ValueType::String => unsafe { value.cast::<String>() }.map_err(internal),
        other => Err(Error::new(
            kind,
            format!("{name} must be a string, not {}", type_name(&value, other)),
        )),
    }
}

/// Returns the string argument called `name`, or `None` if it is absent, `undefined` or
/// `null`, or an error of `kind` if it is of another type.
pub(crate) fn optional_string(
    value: Option<Unknown<'_>>,
    name: &str,
    kind: ErrorKind,
) -> Result<Option<String>, Error> {
    let Some(value) = value else {
        return Ok(None);
    };
    match value.get_type().map_err(internal)? {
        ValueType::Undefined | ValueType::Null => Ok(None),
        _ => required_string(value, name, kind).map(Some),
    }
}

/// Lint options of the JavaScript API, converted from their camelCase spelling.
pub(crate) struct JsOptions {
    pub(crate) options: Options,
    /// `options.path`, the file name in the report, which only `lint` and `lintAsync` accept.
    pub(crate) path: Option<String>,
}

/// Converts the `options` argument, an object with the camelCase keys of the core's options
/// (`buildArgs`, `target`, ..., `plimsollConfig`), and `path` when `accept_path` is true.
///
/// A key whose value is `undefined` or `null` keeps its default. Unknown keys are rejected,
/// as the core rejects unknown fields of its options JSON, so that a misspelt option fails
/// instead of being ignored. Values are checked by the core's own deserializers.
pub(crate) fn lint_options(
    env: &Env,
    value: Option<Unknown<'_>>,
    accept_path: bool,
) -> Result<JsOptions, Error> {
    let mut converted = JsOptions {
        options: Options::default(),
        path: None,
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

    let fields: Map<String, Value> = env
        .from_js_value(value)
        .map_err(|error| invalid_option(format!("invalid options: {}", error.reason)))?;
    let options = &mut converted.options;
    for (key, field) in fields {
        if field.is_null() {
            continue;
        }
        match key.as_str() {
            "buildArgs" => options.build_args = option_value(&key, field)?,
            "target" => options.target = Some(option_value(&key, field)?),
            "ignore" => options.ignore = option_value(&key, field)?,
            "select" => options.select = option_value(&key, field)?,
            "severity" => options.severity = option_value(&key, field)?,
            "failureThreshold" => options.failure_threshold = option_value(&key, field)?,
            "trustedRegistries" => options.trusted_registries = option_value(&key, field)?,
            "labelSchema" => options.label_schema = option_value(&key, field)?,
            "strictLabels" => options.strict_labels = option_value(&key, field)?,
            "disableIgnorePragma" => options.disable_ignore_pragma = option_value(&key, field)?,
            "dockerignore" => options.dockerignore = option_value(&key, field)?,
            "baseConfig" => options.base_config = option_value(&key, field)?,
            "hadolintConfig" => options.hadolint_config = option_value(&key, field)?,
            "plimsollConfig" => options.plimsoll_config = option_value(&key, field)?,
            "path" if accept_path => converted.path = Some(option_value(&key, field)?),
            _ => {
                let common = "buildArgs, target, ignore, select, severity, failureThreshold, \
                              trustedRegistries, labelSchema, strictLabels, \
                              disableIgnorePragma, dockerignore, baseConfig, hadolintConfig";
                let expected = if accept_path {
                    format!("{common}, plimsollConfig or path")
                } else {
                    format!("{common} or plimsollConfig")
                };
                return Err(invalid_option(format!(
                    "unknown option `{key}`: expected one of {expected}"
                )));
            }
        }
    }
    Ok(converted)
}

/// Deserializes the value of the option `key` with the deserializer of the core's field.
pub(crate) fn option_value<T: DeserializeOwned>(key: &str, value: Value) -> Result<T, Error> {
    serde_json::from_value(value)
        .map_err(|error| invalid_option(format!("invalid option `{key}`: {error}")))
}

/// Converts a serializable core result into plain JavaScript objects, keeping its field names
/// and order.
///
/// The value goes through compact JSON and the engine's `JSON.parse`, which measured faster
/// than building the objects one napi call at a time (`Env::to_js_value`).
pub(crate) fn to_js<'env>(env: &'env Env, value: &impl Serialize) -> Result<Unknown<'env>, Error> {
    let json = serde_json::to_string(value).map_err(internal)?;
    parse_json_text(env, &json)
}

/// Parses JSON text written by the core with the engine's `JSON.parse`, which keeps the key
/// order of the text (a `serde_json::Value` would sort the keys).
pub(crate) fn parse_json_text<'env>(env: &'env Env, text: &str) -> Result<Unknown<'env>, Error> {
    let json: Object = env
        .get_global()
        .and_then(|global| global.get_named_property("JSON"))
        .map_err(internal)?;
    let parse: napi::bindgen_prelude::Function<&str, Unknown> =
        json.get_named_property("parse").map_err(internal)?;
    parse.call(text).map_err(internal)
}

/// Names the type of a rejected argument the way JavaScript users know it.
pub(crate) fn type_name(value: &Unknown<'_>, value_type: ValueType) -> &'static str {
    match value_type {
        ValueType::Undefined => "undefined",
        ValueType::Null => "null",
        ValueType::Boolean => "a boolean",
        ValueType::Number => "a number",
        ValueType::String => "a string",
        ValueType::Symbol => "a symbol",
        ValueType::Function => "a function",
        ValueType::Object if value.is_array().unwrap_or(false) => "an array",
        ValueType::Object => "an object",
        _ => "a value of another type",
    }
}

pub(crate) fn invalid_option(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidOption, message)
}

fn invalid_input(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidInput, message)
}
