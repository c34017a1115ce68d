//! hadolint's rules on instructions other than the shell commands of RUN.

mod archive_extracted_after_copy;
pub(in crate::rules) mod common;
mod copy_entire_filesystem;
mod copy_from_own_stage;
mod copy_from_unknown_stage;
mod copy_relative_without_workdir;
mod copy_sources_to_file;
mod env_reference_in_same_env;
mod expose_port_out_of_range;
mod from_platform_constant;
mod invalid_onbuild_trigger;
mod missing_healthcheck;
mod multiple_healthcheck;
mod non_numeric_user;
mod redundant_target_platform;
mod reserved_stage_name;
mod untrusted_registry;

use super::Rule;

pub(super) static RULES: &[&dyn Rule] = &[
    &archive_extracted_after_copy::ArchiveExtractedAfterCopy,
    &expose_port_out_of_range::ExposePortOutOfRange,
    &multiple_healthcheck::MultipleHealthcheck,
    &copy_sources_to_file::CopySourcesToFile,
    &copy_from_unknown_stage::CopyFromUnknownStage,
    &copy_from_own_stage::CopyFromOwnStage,
    &untrusted_registry::UntrustedRegistry,
    &from_platform_constant::FromPlatformConstant,
    &invalid_onbuild_trigger::InvalidOnbuildTrigger,
    &env_reference_in_same_env::EnvReferenceInSameEnv,
    &copy_relative_without_workdir::CopyRelativeWithoutWorkdir,
    &missing_healthcheck::MissingHealthcheck,
    &reserved_stage_name::ReservedStageName,
    &redundant_target_platform::RedundantTargetPlatform,
    &non_numeric_user::NonNumericUser,
    &copy_entire_filesystem::CopyEntireFilesystem,
];
