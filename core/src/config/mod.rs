//! Configuration: hadolint's `.hadolint.yaml`, plimsoll's `plimsoll.toml` and hadolint's
//! `HADOLINT_*` environment variables, read from text and maps that the caller supplies.
//!
//! Each source becomes a [`Settings`] layer. Layers merge in the order environment,
//! `.hadolint.yaml`, `plimsoll.toml`, command line: a scalar set by a later layer wins, and
//! lists are concatenated.

pub mod codes;
mod glob;
mod settings;
mod toml;
mod tree;
mod yaml;

pub use glob::matches as glob_matches;
pub use settings::{
    PathOverride, Settings, check_code, from_environment, from_hadolint_yaml, from_plimsoll_toml,
    from_text, parse_hadolint_threshold, parse_label_type, parse_threshold,
};

#[cfg(test)]
mod tests;
