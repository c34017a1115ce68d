//! BuildKit's build checks that no hadolint rule covers.

use super::Rule;

pub(super) static RULES: &[&dyn Rule] = &[];
