//! The central list of rules.

use super::add_local_file::AddLocalFile;
use super::add_url_without_checksum::AddUrlWithoutChecksum;
use super::apt_install_recommends::AptInstallRecommends;
use super::apt_install_without_yes::AptInstallWithoutYes;
use super::apt_lists_not_removed::AptListsNotRemoved;
use super::apt_update_without_install::AptUpdateWithoutInstall;
use super::build_tools_in_final_image::BuildToolsInFinalImage;
use super::cd_in_run::CdInRun;
use super::consecutive_run::ConsecutiveRun;
use super::duplicate_stage_name::DuplicateStageName;
use super::implicit_root_user::ImplicitRootUser;
use super::instruction_before_from::InstructionBeforeFrom;
use super::invalid_base_image::InvalidBaseImage;
use super::invalid_run_script::InvalidRunScript;
use super::latest_base_image::LatestBaseImage;
use super::maintainer::Maintainer;
use super::multiple_cmd::MultipleCmd;
use super::multiple_entrypoint::MultipleEntrypoint;
use super::pip_cache::PipCache;
use super::relative_workdir::RelativeWorkdir;
use super::root_user::RootUser;
use super::secret_in_arg_or_env::SecretInArgOrEnv;
use super::shell_form_command::ShellFormCommand;
use super::syntax_rules::*;
use super::untagged_base_image::UntaggedBaseImage;
use super::{Rule, RuleMeta};
use std::sync::LazyLock;

/// Every rule, parser rules first, then by code.
pub static RULES: LazyLock<Vec<&'static dyn Rule>> = LazyLock::new(|| {
    let mut rules: Vec<&'static dyn Rule> = CORE_RULES.to_vec();
    for group in [
        super::buildkit::RULES,
        super::instructions::RULES,
        super::labels::RULES,
        super::packages::RULES,
        super::pragmas::RULES,
        super::rpm::RULES,
        super::run::RULES,
    ] {
        rules.extend_from_slice(group);
    }
    // Parser rules (`PL0`) first, then by code; the sort is stable.
    rules.sort_by_key(|rule| {
        let code = rule.meta().code;
        (!code.starts_with("PL0"), code)
    });
    rules
});

static CORE_RULES: &[&dyn Rule] = &[
    &InvalidSyntax,
    &UnknownInstruction,
    &InvalidFlag,
    &EmptyContinuationLine,
    &InvalidEncoding,
    &ContinuationSwallowsInstruction,
    &RelativeWorkdir,
    &RootUser,
    &CdInRun,
    &UntaggedBaseImage,
    &LatestBaseImage,
    &AptListsNotRemoved,
    &AptInstallWithoutYes,
    &AptInstallRecommends,
    &AddLocalFile,
    &DuplicateStageName,
    &ShellFormCommand,
    &PipCache,
    &ConsecutiveRun,
    &InstructionBeforeFrom,
    &SecretInArgOrEnv,
    &Maintainer,
    &MultipleCmd,
    &MultipleEntrypoint,
    &AptUpdateWithoutInstall,
    &AddUrlWithoutChecksum,
    &ImplicitRootUser,
    &BuildToolsInFinalImage,
    &InvalidRunScript,
    &InvalidBaseImage,
];

/// Finds a rule by code, name or alias, ignoring case: a Dockerfile rule or an image rule.
pub fn find_rule(code: &str) -> Option<&'static RuleMeta> {
    ALL_RULES.iter().copied().find(|meta| meta.is_named(code))
}

/// The metadata of every rule, Dockerfile rules and image rules alike, parser rules first,
/// then by code. Listings and documentation read this.
pub static ALL_RULES: LazyLock<Vec<&'static RuleMeta>> = LazyLock::new(|| {
    let mut metas: Vec<&'static RuleMeta> = RULES.iter().map(|rule| rule.meta()).collect();
    metas.extend(
        crate::image::rules::IMAGE_RULES
            .iter()
            .map(|rule| rule.meta()),
    );
    metas.sort_by_key(|meta| (!meta.code.starts_with("PL0"), meta.code));
    metas
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LintOptions, lint};

    fn is_kebab_case(name: &str) -> bool {
        !name.is_empty()
            && !name.starts_with('-')
            && !name.ends_with('-')
            && !name.contains("--")
            && name
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
    }

    #[test]
    fn codes_and_names_are_unique() {
        let mut seen: Vec<&str> = Vec::new();
        for meta in ALL_RULES.iter() {
            for key in [meta.code, meta.name].iter().chain(meta.aliases) {
                let lower = key.to_ascii_lowercase();
                assert!(
                    !seen.iter().any(|other| other.eq_ignore_ascii_case(&lower)),
                    "`{key}` names two rules"
                );
                seen.push(key);
            }
        }
    }

    #[test]
    fn metadata_follows_conventions() {
        for meta in ALL_RULES.iter() {
            let valid_code = (meta.code.starts_with("DL") || meta.code.starts_with("PL"))
                && meta.code.len() == 6
                && meta.code[2..].chars().all(|ch| ch.is_ascii_digit());
            assert!(valid_code, "{}: codes are DLnnnn or PLnnnn", meta.code);
            assert!(
                is_kebab_case(meta.name),
                "{}: `{}` is not kebab-case",
                meta.code,
                meta.name
            );
            assert!(
                !meta.name.starts_with("no-"),
                "{}: names say what is flagged",
                meta.code
            );
            for heading in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(
                    meta.doc.contains(heading),
                    "{}: doc lacks `{heading}`",
                    meta.code
                );
            }
            if meta.fixable {
                assert!(
                    meta.doc.contains("## Fix safety"),
                    "{}: fixable rules document fix safety",
                    meta.code
                );
            }
        }
    }

    #[test]
    fn every_rule_is_found_by_code_and_name() {
        for meta in ALL_RULES.iter() {
            assert_eq!(find_rule(meta.code).map(|m| m.code), Some(meta.code));
            assert_eq!(
                find_rule(&meta.name.to_uppercase()).map(|m| m.code),
                Some(meta.code)
            );
        }
    }

    /// Every finding with a fix must come from a rule that declares fixes.
    #[test]
    fn only_fixable_rules_fix() {
        let text = "MAINTAINER x\nFROM debian\nRUN apt-get update && apt-get install curl && cd /x\n\
                    CMD python app.py\nENTRYPOINT run\nADD a /b\nWORKDIR x\nUSER root\n";
        let result = lint(text.as_bytes(), &LintOptions::default()).unwrap();
        assert!(result.diagnostics.iter().any(|d| d.fix.is_some()));
        for diagnostic in &result.diagnostics {
            let meta = find_rule(diagnostic.code).expect("every code is registered");
            if diagnostic.fix.is_some() {
                assert!(
                    meta.fixable,
                    "{} produced a fix but is not declared fixable",
                    meta.code
                );
            }
        }
    }
}
