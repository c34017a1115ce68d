//! Rules on yum, dnf, microdnf and zypper.

mod common;
mod dnf_cache_not_cleaned;
mod dnf_install_without_yes;
mod dnf_package_without_version;
mod yum_cache_not_cleaned;
mod yum_install_without_yes;
mod yum_package_without_version;
mod zypper_cache_not_cleaned;
mod zypper_dist_upgrade;
mod zypper_package_without_version;
mod zypper_without_non_interactive;

use super::Rule;

pub(super) static RULES: &[&dyn Rule] = &[
    &yum_install_without_yes::YumInstallWithoutYes,
    &yum_cache_not_cleaned::YumCacheNotCleaned,
    &yum_package_without_version::YumPackageWithoutVersion,
    &zypper_without_non_interactive::ZypperWithoutNonInteractive,
    &zypper_dist_upgrade::ZypperDistUpgrade,
    &zypper_cache_not_cleaned::ZypperCacheNotCleaned,
    &zypper_package_without_version::ZypperPackageWithoutVersion,
    &dnf_install_without_yes::DnfInstallWithoutYes,
    &dnf_cache_not_cleaned::DnfCacheNotCleaned,
    &dnf_package_without_version::DnfPackageWithoutVersion,
];
