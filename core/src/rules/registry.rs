//! The central list of rules.

use super::syntax_rules::*;
use super::{Rule, RuleMeta};

/// Every rule, in code order.
pub static RULES: &[&dyn Rule] = &[
    &InvalidSyntax,
    &UnknownInstruction,
    &InvalidFlag,
    &EmptyContinuationLine,
    &InvalidEncoding,
];

/// Finds a rule by code, name or alias, ignoring case.
pub fn find_rule(code: &str) -> Option<&'static RuleMeta> {
    RULES
        .iter()
        .map(|rule| rule.meta())
        .find(|meta| meta.is_named(code))
}
