//! hadolint's rules on instructions other than the shell commands of RUN.

use super::Rule;

pub(super) static RULES: &[&dyn Rule] = &[];
