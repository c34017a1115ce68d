//! Configuration: hadolint's `.hadolint.yaml`, plimsoll's `plimsoll.toml` and hadolint's
//! `HADOLINT_*` environment variables, read from text and maps that the caller supplies.

pub mod codes;
