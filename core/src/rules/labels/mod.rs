//! Label rules: label keys and the label schema of hadolint's `label-schema` setting.

use super::Rule;

pub(super) static RULES: &[&dyn Rule] = &[];
