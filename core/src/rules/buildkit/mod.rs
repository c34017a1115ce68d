//! BuildKit's build checks that no hadolint rule covers.

mod common;

mod expose_host_mapping;
mod inconsistent_instruction_casing;
mod legacy_key_value_format;
mod mismatched_from_as_casing;
mod overridden_instruction;
mod uppercase_expose_protocol;
mod uppercase_stage_name;

use super::Rule;

pub(super) static RULES: &[&dyn Rule] = &[
    &uppercase_stage_name::UppercaseStageName,
    &mismatched_from_as_casing::MismatchedFromAsCasing,
    &inconsistent_instruction_casing::InconsistentInstructionCasing,
    &overridden_instruction::OverriddenInstruction,
    &legacy_key_value_format::LegacyKeyValueFormat,
    &uppercase_expose_protocol::UppercaseExposeProtocol,
    &expose_host_mapping::ExposeHostMapping,
];
