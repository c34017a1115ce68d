//! BuildKit's build checks that no hadolint rule covers.

// Shared with `shell_form_command` and `implicit_root_user`, which read the base image.
pub(super) mod common;
mod dockerignore;

mod base_image_platform_mismatch;
mod constant_from_platform;
mod copy_ignored_file;
mod expose_host_mapping;
mod inconsistent_instruction_casing;
mod invalid_definition_description;
mod legacy_key_value_format;
mod mismatched_from_as_casing;
mod overridden_instruction;
mod undefined_arg_in_from;
mod undefined_variable;
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
    &invalid_definition_description::InvalidDefinitionDescription,
    &constant_from_platform::ConstantFromPlatform,
    &undefined_arg_in_from::UndefinedArgInFrom,
    &undefined_variable::UndefinedVariable,
    &base_image_platform_mismatch::BaseImagePlatformMismatch,
    &copy_ignored_file::CopyIgnoredFile,
];
