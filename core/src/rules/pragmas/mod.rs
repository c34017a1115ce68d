//! Rules about in-file pragmas: hadolint's and plimsoll's ignore comments and BuildKit's
//! `check` directive.

mod ignore_pragma;
mod invalid_check_directive;
mod invalid_pragma;
mod unknown_rule_in_pragma;

use super::Rule;

pub(super) static RULES: &[&dyn Rule] = &[
    &ignore_pragma::IgnorePragma,
    &unknown_rule_in_pragma::UnknownRuleInPragma,
    &invalid_pragma::InvalidPragma,
    &invalid_check_directive::InvalidCheckDirective,
];
