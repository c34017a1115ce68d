//! Rules on package managers other than the RPM family, and on commands in RUN.

mod apk_cache_kept;
mod apt_instead_of_apt_get;
mod common;
mod pointless_container_command;
mod sudo_in_run;
mod unpinned_apk_package;
mod unpinned_apt_package;
mod unpinned_gem;
mod unpinned_go_package;
mod unpinned_npm_package;
mod unpinned_pip_package;
mod useradd_long_uid;
mod wget_progress_output;
mod yarn_cache_not_cleaned;

use super::Rule;

pub(super) static RULES: &[&dyn Rule] = &[
    &pointless_container_command::PointlessContainerCommand,
    &sudo_in_run::SudoInRun,
    &unpinned_apt_package::UnpinnedAptPackage,
    &unpinned_pip_package::UnpinnedPipPackage,
    &unpinned_npm_package::UnpinnedNpmPackage,
    &unpinned_apk_package::UnpinnedApkPackage,
    &apk_cache_kept::ApkCacheKept,
    &apt_instead_of_apt_get::AptInsteadOfAptGet,
    &unpinned_gem::UnpinnedGem,
    &useradd_long_uid::UseraddLongUid,
    &wget_progress_output::WgetProgressOutput,
    &yarn_cache_not_cleaned::YarnCacheNotCleaned,
    &unpinned_go_package::UnpinnedGoPackage,
];
