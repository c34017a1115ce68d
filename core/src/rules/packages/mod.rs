//! Rules on package managers other than the RPM family, and on commands in RUN.

use super::Rule;

pub(super) static RULES: &[&dyn Rule] = &[];
