//! Readings of yum, dnf, microdnf and zypper commands that the rules of this group share.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::rules::context::RunCommands;
use crate::rules::helpers::{has_cache_mount, program, runs};
use crate::rules::{Context, RuleMeta};
use crate::shell::{Command, ShellWord};
use crate::source::Span;
use crate::syntax::ast::{Arguments, Instruction, Keyword};

/// The package managers of RPM-based distributions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Manager {
    Yum,
    Dnf,
    Microdnf,
    Zypper,
}

impl Manager {
    /// Returns the manager a command runs, by the last path component of its program.
    pub fn of(command: &Command) -> Option<Manager> {
        match program(command)? {
            "yum" => Some(Manager::Yum),
            "dnf" | "dnf5" => Some(Manager::Dnf),
            "microdnf" => Some(Manager::Microdnf),
            "zypper" => Some(Manager::Zypper),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Manager::Yum => "yum",
            Manager::Dnf => "dnf",
            Manager::Microdnf => "microdnf",
            Manager::Zypper => "zypper",
        }
    }
}

/// Options of yum, dnf (4 and 5) and microdnf that take a value, so that their values are not
/// read as the subcommand or as packages. These programs accept options anywhere on the line.
const RPM_OPTIONS_WITH_VALUE: &[&str] = &[
    "-c",
    "--config",
    "-d",
    "--debuglevel",
    "-e",
    "--errorlevel",
    "-R",
    "--randomwait",
    "-x",
    "--exclude",
    "--excludepkgs",
    "--installroot",
    "--enablerepo",
    "--disablerepo",
    "--enable-repo",
    "--disable-repo",
    "--repo",
    "--repoid",
    "--from-repo",
    "--repofrompath",
    "--releasever",
    "--setopt",
    "--setvar",
    "--color",
    "--rpmverbosity",
    "--enableplugin",
    "--disableplugin",
    "--downloaddir",
    "--destdir",
    "--disableexcludes",
    "--disableincludes",
    "--forcearch",
    "--advisory",
    "--advisories",
    "--bz",
    "--bzs",
    "--cve",
    "--cves",
    "--sec-severity",
    "--secseverity",
    "--advisory-severities",
    "--comment",
];

/// Global options of zypper that take a value. They come before the subcommand.
const ZYPPER_GLOBAL_OPTIONS_WITH_VALUE: &[&str] = &[
    "-c",
    "--config",
    "-R",
    "--root",
    "--installroot",
    "-D",
    "--reposd-dir",
    "-C",
    "--cache-dir",
    "--raw-cache-dir",
    "--solv-cache-dir",
    "--pkg-cache-dir",
    "-p",
    "--plus-repo",
    "--plus-content",
    "--userdata",
];

/// Options of zypper's package subcommands that take a value. They come after the subcommand,
/// where `-t` is `--type` and not the global `--terse`.
const ZYPPER_COMMAND_OPTIONS_WITH_VALUE: &[&str] = &[
    "-r",
    "--repo",
    "--from",
    "-t",
    "--type",
    "--download",
    "--category",
    "--severity",
    "-b",
    "--bugzilla",
    "--cve",
    "--date",
];

/// A yum, dnf, microdnf or zypper command read as its subcommand and arguments.
#[derive(Debug)]
pub struct PackageCommand<'a> {
    pub manager: Manager,
    pub command: &'a Command,
    /// The subcommand, such as `install`, or `module` in `dnf module install`.
    pub subcommand: &'a ShellWord,
    /// The arguments after the subcommand that are neither options nor option values.
    pub arguments: Vec<&'a ShellWord>,
}

/// The kind of argument an install command takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Install {
    /// `install`, `in`, `localinstall`: packages, package files or provides.
    Packages,
    /// `groupinstall`, `group install`: package groups.
    Groups,
    /// `module install`: module streams and profiles.
    Modules,
}

impl<'a> PackageCommand<'a> {
    /// Reads a command of one of the RPM package managers, or returns `None` for any other
    /// command and for a manager run without a subcommand.
    pub fn read(command: &'a Command) -> Option<PackageCommand<'a>> {
        let manager = Manager::of(command)?;
        let words = command.args();
        let positional = if manager == Manager::Zypper {
            let global = positional_words(words, ZYPPER_GLOBAL_OPTIONS_WITH_VALUE);
            let subcommand = *global.first()?;
            let after = words
                .iter()
                .position(|word| std::ptr::eq(word, subcommand))
                .map_or(&[][..], |at| &words[at + 1..]);
            let mut positional = vec![subcommand];
            positional.extend(positional_words(after, ZYPPER_COMMAND_OPTIONS_WITH_VALUE));
            positional
        } else {
            positional_words(words, RPM_OPTIONS_WITH_VALUE)
        };
        let (subcommand, arguments) = positional.split_first()?;
        Some(PackageCommand {
            manager,
            command,
            subcommand,
            arguments: arguments.to_vec(),
        })
    }

    pub fn subcommand(&self) -> &str {
        &self.subcommand.value
    }

    /// Returns what the command installs, or `None` if it is not an install command. zypper is
    /// left out: its rules name their subcommands themselves.
    pub fn install(&self) -> Option<Install> {
        let next = self.arguments.first().map(|word| word.value.as_str());
        match (self.manager, self.subcommand(), next) {
            (Manager::Zypper, _, _) => None,
            // `in` is dnf's own short name of `install`.
            (_, "install" | "localinstall", _) | (Manager::Dnf, "in", _) => Some(Install::Packages),
            (_, "groupinstall", _) | (_, "group" | "groups", Some("install")) => {
                Some(Install::Groups)
            }
            (_, "module", Some("install")) => Some(Install::Modules),
            _ => None,
        }
    }

    /// Returns the words that name the command in messages: `install`, or `group install`
    /// and `module install` for the two-word forms.
    pub fn action(&self) -> String {
        let next = self.arguments.first().map(|word| word.value.as_str());
        match (self.subcommand(), next) {
            (subcommand @ ("group" | "groups" | "module"), Some(next)) => {
                format!("{subcommand} {next}")
            }
            (subcommand, _) => subcommand.to_string(),
        }
    }

    /// Returns the package words of an install command: the arguments of `install`, or the
    /// specs after `module install`. Group names are not returned.
    pub fn install_specs(&self) -> Vec<&'a ShellWord> {
        match self.install() {
            Some(Install::Packages) => self.arguments.clone(),
            Some(Install::Modules) => self.arguments.iter().skip(1).copied().collect(),
            _ => Vec::new(),
        }
    }

    /// Returns true if the command has one of the short flags `short` or the long flags `long`
    /// (written without dashes), anywhere before `--`.
    pub fn has_any_flag(&self, short: &[char], long: &[&str]) -> bool {
        short
            .iter()
            .any(|&letter| self.command.has_flag(Some(letter), None))
            || long
                .iter()
                .any(|&name| self.command.has_flag(None, Some(name)))
    }
}

/// Subcommands of yum, dnf and microdnf, besides the install commands, that download
/// repository metadata or packages into the cache.
const CACHE_FILLING_SUBCOMMANDS: &[&str] = &[
    "update",
    "upgrade",
    "up",
    "update-minimal",
    "upgrade-minimal",
    "up-min",
    "reinstall",
    "rei",
];

/// The cache directories of yum, dnf 4, dnf 5 and microdnf. On Enterprise Linux 8 and later,
/// `yum` is dnf and keeps its cache in `/var/cache/dnf`.
pub const RPM_CACHE_DIRECTORIES: &[&str] =
    &["/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5"];

impl PackageCommand<'_> {
    /// Returns true if the command downloads metadata or packages into the cache of yum, dnf
    /// or microdnf: an install, upgrade or reinstall.
    pub fn fills_cache(&self) -> bool {
        self.manager != Manager::Zypper
            && (self.install().is_some() || CACHE_FILLING_SUBCOMMANDS.contains(&self.subcommand()))
    }

    /// Returns true for `yum clean all`, `dnf clean all` and `microdnf clean all`.
    pub fn cleans_all(&self) -> bool {
        self.subcommand() == "clean" && self.arguments.iter().any(|word| word.value == "all")
    }
}

/// Returns the span of the last command of a RUN that `fills` and that no command after it
/// `cleans`, or `None` if there is no such command.
pub fn fill_without_clean(
    commands: &[(&Command, Span)],
    fills: impl Fn(&Command) -> bool,
    cleans: impl Fn(&Command) -> bool,
) -> Option<Span> {
    let last = commands.iter().rposition(|(command, _)| fills(command))?;
    let cleaned = commands[last + 1..]
        .iter()
        .any(|(command, _)| cleans(command));
    (!cleaned).then_some(commands[last].1)
}

/// Returns true if the instruction has a cache or tmpfs mount on one of `directories`.
pub fn mounts_cache_on(instruction: &Instruction, directories: &[&str]) -> bool {
    directories
        .iter()
        .any(|directory| has_cache_mount(instruction, directory))
}

/// Returns a safe fix that inserts ` {option}` after `word`, or `None` for an exec-form RUN,
/// whose words are JSON strings.
///
/// The options this inserts only answer prompts, so they change only commands that stopped at
/// a prompt and failed.
pub fn insert_option_after(
    run: &Instruction,
    commands: &RunCommands,
    word: &ShellWord,
    option: &str,
) -> Option<Fix> {
    if matches!(run.arguments, Arguments::Exec(_)) {
        return None;
    }
    let at = commands.span(&word.span).end;
    Some(Fix {
        message: format!("add `{option}`"),
        applicability: Applicability::Safe,
        edits: vec![Edit {
            span: Span::empty(at),
            replacement: format!(" {option}"),
        }],
    })
}

/// Returns true if a yum, dnf or microdnf command answers yes to its prompts: `-y`,
/// `--assumeyes`, or `--setopt=assumeyes=1` (or `True`, `yes`).
pub fn assumes_yes(package: &PackageCommand<'_>) -> bool {
    package.has_any_flag(&['y'], &["assumeyes"])
        || package
            .command
            .flag_values(None, Some("setopt"))
            .iter()
            .any(|setting| {
                setting.split_once('=').is_some_and(|(key, value)| {
                    key == "assumeyes"
                        && matches!(value.to_ascii_lowercase().as_str(), "1" | "true" | "yes")
                })
            })
}

/// Returns true if an RPM package spec names a version, read as hadolint reads it. The spec
/// split at `-` must have parts after the name. Every such part is made of letters, digits
/// and `.~^_:+`, and one of them starts with a digit, as in `httpd-2.4.6` or
/// `kernel-headers-5.14.0-70.el9`. A path or URL of an `.rpm` file always names a version.
pub fn has_rpm_version(spec: &str) -> bool {
    if spec.ends_with(".rpm") {
        return true;
    }
    let mut parts = spec.split('-');
    parts.next();
    let versions: Vec<&str> = parts.collect();
    let is_version_char = |ch: char| ch.is_ascii_alphanumeric() || ".~^_:+".contains(ch);
    !versions.is_empty()
        && versions
            .iter()
            .all(|part| part.chars().all(is_version_char))
        && versions
            .iter()
            .any(|part| part.starts_with(|ch: char| ch.is_ascii_digit()))
}

/// Returns true if a dnf or yum install argument names a group (`@core`), which has no
/// version to pin, or a module stream (`@nodejs:18`), which is pinned by its stream.
pub fn is_group_or_stream_spec(spec: &str) -> bool {
    spec.starts_with('@')
}

/// Returns the words that are neither options nor values of the options in `takes_value`.
/// A short option in `takes_value` takes the next word when it ends its group (`-x pkg`, `-yx
/// pkg`) and no word when its value is attached (`-xpkg`). After `--`, every word is positional.
fn positional_words<'a>(words: &'a [ShellWord], takes_value: &[&str]) -> Vec<&'a ShellWord> {
    let mut positional = Vec::new();
    let mut options_ended = false;
    let mut index = 0;
    while index < words.len() {
        let word = &words[index];
        let value = word.value.as_str();
        index += 1;

        if options_ended || value == "-" || !value.starts_with('-') {
            positional.push(word);
        } else if value == "--" {
            options_ended = true;
        } else if value.starts_with("--") {
            if takes_value.contains(&value) {
                index += 1;
            }
        } else if short_group_takes_next(&value[1..], takes_value) {
            index += 1;
        }
    }
    positional
}

fn short_group_takes_next(group: &str, takes_value: &[&str]) -> bool {
    for (at, letter) in group.char_indices() {
        let takes = takes_value.iter().any(|name| {
            name.strip_prefix('-')
                .is_some_and(|short| short.len() == letter.len_utf8() && short.starts_with(letter))
        });
        if takes {
            return at + letter.len_utf8() == group.len();
        }
    }
    false
}

/// Returns true if `path`, an argument of `rm`, deletes `directory` or everything in it:
/// `/var/cache/dnf`, `/var/cache/dnf/*`, or a parent such as `/var/cache/*`. A path inside the
/// directory, such as `/var/cache/dnf/x86_64`, also counts, since removing part of the cache is
/// a deliberate cleanup.
pub fn removes_directory(path: &str, directory: &str) -> bool {
    let trimmed = path.trim_end_matches(['*', '/']);
    if trimmed.is_empty() {
        return false;
    }
    let is_parent = directory
        .strip_prefix(trimmed)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
    let is_inside = trimmed
        .strip_prefix(directory)
        .is_some_and(|rest| rest.starts_with('/'));
    is_parent || is_inside
}

/// Returns true if a command is an `rm` that deletes one of `directories`.
pub fn removes_any(command: &Command, directories: &[&str]) -> bool {
    runs(command, &["rm"])
        && command.args().iter().any(|word| {
            directories
                .iter()
                .any(|directory| removes_directory(&word.value, directory))
        })
}

/// Returns true if the RUN at `index` is in a stage whose filesystem ends up in the final image.
pub fn in_final_image(context: &Context<'_>, index: usize) -> bool {
    context.model.stage_of[index].is_some_and(|stage| context.model.is_in_final_image(stage))
}

/// Variables that the script of a RUN assigns, in the order its commands run.
#[derive(Debug, Default)]
pub struct ShellVariables {
    values: Vec<(String, String)>,
}

impl ShellVariables {
    /// Records the assignments a command makes: `NAME=value` on its own, or after `export`,
    /// `readonly`, `declare`, `typeset` or `local`. Assignments in front of another program
    /// last only for that program and are skipped.
    pub fn record(&mut self, command: &Command) {
        let assignments: Vec<&ShellWord> = match command.name() {
            None => command.assignments.iter().collect(),
            Some("export" | "readonly" | "declare" | "typeset" | "local") => command
                .args()
                .iter()
                .filter(|word| !word.value.starts_with('-'))
                .collect(),
            Some(_) => return,
        };
        for word in assignments {
            if let Some((name, value)) = word.value.split_once('=')
                && is_variable_name(name)
            {
                self.values.retain(|(existing, _)| existing != name);
                self.values.push((name.to_string(), value.to_string()));
            }
        }
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

fn is_variable_name(name: &str) -> bool {
    name.starts_with(|ch: char| ch.is_ascii_alphabetic() || ch == '_')
        && name
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
}

/// The reading of a package word once the variables it uses are known.
#[derive(Debug, PartialEq, Eq)]
pub enum Specs {
    /// The word uses a build argument that is declared without a value, so the package is set
    /// when the image is built and cannot be checked.
    SetAtBuild,
    /// The word uses a variable that is neither assigned earlier in the RUN nor an ARG or ENV,
    /// such as a loop variable, so no version can be seen in it.
    Unknown,
    /// The package specs the word expands to, split at blanks.
    Expanded(Vec<String>),
}

/// Expands a package word of the RUN at `index` with the variables the script assigned before
/// it, then with the ARG and ENV values in scope.
///
/// The shell of the RUN receives build arguments and ENV values as environment variables,
/// so `${NAME}` in a package word gets the same value as in BuildKit's expansion.
pub fn expand_package_word(
    context: &Context<'_>,
    index: usize,
    shell: &ShellVariables,
    word: &str,
) -> Specs {
    if !word.contains('$') {
        return Specs::Expanded(vec![word.to_string()]);
    }
    let scope = context.model.scope(index);
    for name in variable_names(word) {
        if shell.get(name).is_some() || scope.iter().any(|(key, _)| key == name) {
            continue;
        }
        if declared_arg(context, index, name) {
            return Specs::SetAtBuild;
        }
        return Specs::Unknown;
    }
    let substituted = substitute_shell_variables(word, shell);
    let expanded = context.expand_or_keep(index, &substituted);
    Specs::Expanded(expanded.split_whitespace().map(str::to_string).collect())
}

/// Replaces `$NAME` and `${NAME}` by the values the script assigned to them, and leaves
/// every other expansion as written.
fn substitute_shell_variables(word: &str, shell: &ShellVariables) -> String {
    let mut out = String::with_capacity(word.len());
    let mut rest = word;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let braced = after.starts_with('{');
        let start = usize::from(braced);
        let length = after[start..]
            .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
            .unwrap_or(after.len() - start);
        let name = &after[start..start + length];
        let closed = !braced || after[start + length..].starts_with('}');
        let consumed = start + length + usize::from(braced);
        match shell.get(name) {
            Some(value) if length > 0 && closed => {
                out.push_str(value);
                rest = &after[consumed..];
            }
            _ => {
                out.push('$');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// An install argument that names no version.
#[derive(Debug)]
pub struct Unpinned<'a> {
    pub word: &'a ShellWord,
    /// The first spec without a version that the word expands to, or `None` when the word
    /// uses a variable whose value is unknown.
    pub spec: Option<String>,
}

/// Returns the install arguments of a yum, dnf or microdnf command that name no version: a
/// package without `-<version>`, or after `module install` a module without `:<stream>`.
/// Group names, and words set by a build argument that has no value here, are left out. A
/// word with a variable whose value is unknown is returned.
pub fn unpinned_rpm_specs<'a>(
    context: &Context<'_>,
    index: usize,
    shell: &ShellVariables,
    package: &PackageCommand<'a>,
) -> Vec<Unpinned<'a>> {
    let module = package.install() == Some(Install::Modules);
    let names_version = |spec: &String| {
        if module {
            spec.contains(':')
        } else {
            is_group_or_stream_spec(spec) || has_rpm_version(spec)
        }
    };
    package
        .install_specs()
        .into_iter()
        .filter_map(
            |word| match expand_package_word(context, index, shell, &word.value) {
                Specs::SetAtBuild => None,
                Specs::Unknown => Some(Unpinned { word, spec: None }),
                Specs::Expanded(specs) => {
                    specs
                        .into_iter()
                        .find(|spec| !names_version(spec))
                        .map(|spec| Unpinned {
                            word,
                            spec: Some(spec),
                        })
                }
            },
        )
        .collect()
}

/// Returns the message for an install argument of yum, dnf or microdnf that names no version.
/// Reports, as findings of `meta`, every unpinned package of the package commands whose manager
/// `accepts` takes, in every RUN.
pub fn report_unpinned_packages(
    context: &Context<'_>,
    meta: &'static RuleMeta,
    accepts: impl Fn(Manager) -> bool,
    out: &mut Vec<Diagnostic>,
) {
    for (index, instruction) in context.instructions().iter().enumerate() {
        if instruction.effective().keyword != Keyword::Run {
            continue;
        }
        let Some(commands) = context.run_commands(index) else {
            continue;
        };

        let mut shell = ShellVariables::default();
        for command in commands.commands() {
            shell.record(command);
            let Some(package) = PackageCommand::read(command) else {
                continue;
            };
            if !accepts(package.manager) {
                continue;
            }
            for unpinned in unpinned_rpm_specs(context, index, &shell, &package) {
                out.push(meta.diagnostic(
                    commands.span(&unpinned.word.span),
                    unpinned_message(&package, &unpinned),
                ));
            }
        }
    }
}

pub fn unpinned_message(package: &PackageCommand<'_>, unpinned: &Unpinned<'_>) -> String {
    let manager = package.manager.name();
    let word = &unpinned.word.value;
    let module = package.install() == Some(Install::Modules);
    let (action, pin) = if module {
        ("module install", ":<stream>")
    } else {
        ("install", "-<version>")
    };
    match unpinned.spec.as_deref() {
        Some(spec) if spec == word && module => format!(
            "`{manager} {action} {word}` installs the default stream; pin it as `{word}{pin}`"
        ),
        Some(spec) if spec == word => format!(
            "`{manager} {action} {word}` installs whatever version is current; pin it as \
             `{word}{pin}`"
        ),
        Some(spec) => format!(
            "`{word}` in `{manager} {action}` expands to `{spec}`, which has no version; pin it \
             as `{spec}{pin}`"
        ),
        None => format!(
            "`{word}` in `{manager} {action}` uses a variable whose value is not known before \
             the build runs, so no version can be seen; pin the package as `<name>{pin}`"
        ),
    }
}

/// Returns true if an ARG of the stage of instruction `index`, before it, declares `name`.
fn declared_arg(context: &Context<'_>, index: usize, name: &str) -> bool {
    let Some(stage) = context.model.stage_of[index] else {
        return false;
    };
    let from = context.model.stages[stage].from;
    context.instructions()[from..index]
        .iter()
        .enumerate()
        .filter(|(_, instruction)| instruction.keyword == Keyword::Arg)
        .any(|(offset, instruction)| {
            crate::model::arg_declarations(instruction, from + offset)
                .iter()
                .any(|declaration| declaration.name == name)
        })
}

/// Returns the names of the variables a word refers to as `$NAME` or `${NAME…}`.
fn variable_names(word: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = word;
    while let Some(at) = rest.find('$') {
        rest = &rest[at + 1..];
        let braced = rest.starts_with('{');
        let start = usize::from(braced);
        let length = rest[start..]
            .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
            .unwrap_or(rest.len() - start);
        if length > 0 {
            names.push(&rest[start..start + length]);
        }
        rest = &rest[start + length..];
    }
    names
}

/// Lints `text` with only rule `code`, applies the edits of every fix from the end of the
/// text backwards, so that earlier offsets stay valid, and returns the result.
#[cfg(test)]
pub fn apply_fixes(code: &str, text: &str) -> String {
    let options = crate::LintOptions {
        select: vec![code.to_string()],
        ..Default::default()
    };
    let result = crate::lint(text.as_bytes(), &options).expect("the options are valid");
    let mut edits: Vec<&Edit> = result
        .diagnostics
        .iter()
        .filter_map(|diagnostic| diagnostic.fix.as_ref())
        .flat_map(|fix| fix.edits.iter())
        .collect();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.span.start));
    let mut fixed = text.to_string();
    for edit in edits {
        fixed.replace_range(edit.span.start..edit.span.end, &edit.replacement);
    }
    fixed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directory_removal_forms() {
        assert!(removes_directory("/var/cache/dnf", "/var/cache/dnf"));
        assert!(removes_directory("/var/cache/dnf/*", "/var/cache/dnf"));
        assert!(removes_directory("/var/cache/dnf/", "/var/cache/dnf"));
        assert!(removes_directory("/var/cache/*", "/var/cache/dnf"));
        assert!(removes_directory("/var/cache/dnf/x86_64", "/var/cache/dnf"));
        assert!(!removes_directory("/var/cache/d", "/var/cache/dnf"));
        assert!(!removes_directory("/tmp/*", "/var/cache/dnf"));
        assert!(!removes_directory("/*", "/var/cache/dnf"));
        assert!(!removes_directory("*", "/var/cache/dnf"));
    }

    #[test]
    fn rpm_version_grammar() {
        for pinned in [
            "httpd-2.4.6",
            "httpd-2.4.6-97.el7.centos",
            "kernel-headers-5.14.0",
            "java-1.8.0-openjdk",
            "nginx-1:1.20.1",
            "/tmp/local.rpm",
            "https://example.com/epel-release-latest-8.noarch.rpm",
        ] {
            assert!(has_rpm_version(pinned), "{pinned}");
        }
        for unpinned in [
            "httpd",
            "python3-pip",
            "httpd-",
            "httpd-2.4*",
            "gcc-c++",
            "foo-bar-baz",
        ] {
            assert!(!has_rpm_version(unpinned), "{unpinned}");
        }
    }

    #[test]
    fn shell_variables_are_substituted() {
        let mut shell = ShellVariables::default();
        shell.values.push(("PKGS".into(), "a-1 b-2".into()));
        assert_eq!(substitute_shell_variables("$PKGS", &shell), "a-1 b-2");
        assert_eq!(substitute_shell_variables("x${PKGS}y", &shell), "xa-1 b-2y");
        assert_eq!(substitute_shell_variables("$OTHER-$", &shell), "$OTHER-$");
        assert_eq!(substitute_shell_variables("${PKGS", &shell), "${PKGS");
    }

    #[test]
    fn variable_name_forms() {
        assert_eq!(variable_names("a-${V}.x86_64"), vec!["V"]);
        assert_eq!(variable_names("a-$V-$W"), vec!["V", "W"]);
        assert_eq!(variable_names("a-${V:-1}"), vec!["V"]);
        assert!(variable_names("a-$").is_empty());
    }
}
