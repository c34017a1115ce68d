//! Readings of shell commands and instructions that several rules share.

use crate::model::mount_option;
use crate::shell::{Command, ShellWord};
use crate::syntax::ast::Instruction;

/// Returns the program a command runs: the last path component of its first word.
pub fn program(command: &Command) -> Option<&str> {
    let name = command.argv.first()?.value.as_str();
    Some(name.rsplit('/').next().unwrap_or(name))
}

/// Returns true if the command runs one of `programs`.
pub fn runs(command: &Command, programs: &[&str]) -> bool {
    program(command).is_some_and(|name| programs.contains(&name))
}

/// Options of apt-get and apt that take a value, so their values are not read as packages.
pub const APT_OPTIONS_WITH_VALUE: &[&str] = &[
    "-t",
    "--target-release",
    "-o",
    "--option",
    "-c",
    "--config-file",
];

/// For an `apt-get`, `apt` or `aptitude` command, returns its subcommand and the words after it.
pub fn apt_subcommand(command: &Command) -> Option<(&str, Vec<&ShellWord>)> {
    if !runs(command, &["apt-get", "apt", "aptitude"]) {
        return None;
    }
    let positional = command.positional_args(APT_OPTIONS_WITH_VALUE);
    let (subcommand, rest) = positional.split_first()?;
    Some((subcommand.value.as_str(), rest.to_vec()))
}

/// Returns the packages of an `apt-get install`, or `None` if the command is not one.
pub fn apt_install_packages(command: &Command) -> Option<Vec<&ShellWord>> {
    match apt_subcommand(command)? {
        ("install", packages) => Some(packages),
        _ => None,
    }
}

/// Returns true for `apt-get update`, `apt update` and `aptitude update`.
pub fn is_apt_update(command: &Command) -> bool {
    matches!(apt_subcommand(command), Some(("update", _)))
}

/// Returns true if the instruction has a cache or tmpfs `--mount` whose target contains
/// `fragment`, which keeps that directory out of the layer.
pub fn has_cache_mount(instruction: &Instruction, fragment: &str) -> bool {
    instruction
        .flags
        .iter()
        .filter(|flag| flag.name == "mount")
        .filter_map(|flag| flag.value.as_deref())
        .any(|mount| {
            let kind = mount_option(mount, &["type"]).unwrap_or("bind");
            let target = mount_option(mount, &["target", "dst", "destination"]).unwrap_or("");
            matches!(kind, "cache" | "tmpfs") && target.contains(fragment)
        })
}

/// Removes one level of matching single or double quotes.
pub fn unquote(text: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = text
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            return inner;
        }
    }
    text
}

/// Returns the flags of a command read the way hadolint reads them: `-abc` gives `a`, `b` and
/// `c`; `--name=value` gives `name`; reading stops at `--`.
pub fn flags(command: &Command) -> Vec<&str> {
    let mut flags = Vec::new();
    for word in command.argv.iter().skip(1) {
        let value = word.value.as_str();
        if value == "--" {
            break;
        }
        if let Some(long) = value.strip_prefix("--") {
            flags.push(long.split('=').next().unwrap_or(long));
        } else if let Some(short) = value.strip_prefix('-')
            && !short.is_empty()
        {
            for (index, _) in short.char_indices() {
                let end = short[index..]
                    .chars()
                    .next()
                    .map_or(index, |ch| index + ch.len_utf8());
                flags.push(&short[index..end]);
            }
        }
    }
    flags
}

/// Returns how many times any of `names` appears among the command's flags.
pub fn count_flags(command: &Command, names: &[&str]) -> usize {
    flags(command)
        .iter()
        .filter(|flag| names.contains(flag))
        .count()
}

/// Returns true if any word of the command equals `value`.
pub fn has_word(command: &Command, value: &str) -> bool {
    command.argv.iter().any(|word| word.value == value)
}
