//! Rules on yum, dnf, microdnf and zypper.

use super::Rule;

pub(super) static RULES: &[&dyn Rule] = &[];
