//! Rules on the shell of RUN: pipes, symlinked shells, mixed download tools.

use super::Rule;

pub(super) static RULES: &[&dyn Rule] = &[];
