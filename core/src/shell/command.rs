//! Readings of a command's words for rules: its program, flags and positional arguments.
//!
//! Flags are read the way hadolint reads them: `-abc` is the flags `a`, `b` and `c`,
//! `--name=value` is the flag `name`, and reading stops at `--`. Which options take a value
//! is not known here, so callers that need values or positional arguments name those options.

use super::{Command, ShellWord};

impl Command {
    /// Returns the program, the value of the first word, or `None` for a command made only of
    /// assignments and redirects.
    pub fn name(&self) -> Option<&str> {
        self.argv.first().map(|word| word.value.as_str())
    }

    /// Returns the words after the program.
    pub fn args(&self) -> &[ShellWord] {
        self.argv.get(1..).unwrap_or(&[])
    }

    /// Returns true if the command has the short flag `short`, as `-y` or inside a group such
    /// as `-qy`, or the long flag `long`, as `--yes` or `--yes=value`. Give `long` without the
    /// dashes.
    pub fn has_flag(&self, short: Option<char>, long: Option<&str>) -> bool {
        for word in self.args() {
            let value = word.value.as_str();
            if value == "--" {
                break;
            }
            if let Some(name) = value.strip_prefix("--") {
                let name = name.split_once('=').map_or(name, |(name, _)| name);
                if long == Some(name) {
                    return true;
                }
            } else if let Some(group) = value.strip_prefix('-')
                && short.is_some_and(|short| group.contains(short))
            {
                return true;
            }
        }
        false
    }

    /// Returns the value of the last occurrence of an option that takes a value: `-t VALUE`,
    /// `-tVALUE`, `--target=VALUE` or `--target VALUE`. Give `long` without the dashes.
    pub fn flag_value(&self, short: Option<char>, long: Option<&str>) -> Option<&str> {
        self.flag_values(short, long).pop()
    }

    /// Returns the values of every occurrence of an option that takes a value, in order.
    pub fn flag_values(&self, short: Option<char>, long: Option<&str>) -> Vec<&str> {
        let args = self.args();
        let mut values = Vec::new();
        let mut index = 0;
        while index < args.len() {
            let value = args[index].value.as_str();
            if value == "--" {
                break;
            }

            let mut takes_next = false;
            if let Some(option) = value.strip_prefix("--") {
                match option.split_once('=') {
                    Some((name, attached)) if long == Some(name) => values.push(attached),
                    None if long == Some(option) => takes_next = true,
                    _ => {}
                }
            } else if let Some(group) = value.strip_prefix('-')
                && let Some(short) = short
                && let Some(at) = group.find(short)
            {
                let attached = &group[at + short.len_utf8()..];
                if attached.is_empty() {
                    takes_next = true;
                } else {
                    values.push(attached);
                }
            }

            if takes_next && let Some(next) = args.get(index + 1) {
                values.push(next.value.as_str());
                index += 1;
            }
            index += 1;
        }
        values
    }

    /// Returns the arguments that are not options, skipping the value of each option named in
    /// `takes_value` (written as on the command line: `"-t"`, `"--target-release"`).
    ///
    /// For `apt-get install -t bookworm-backports curl` with `takes_value = ["-t"]`, returns
    /// `install` and `curl`. Options may come after arguments; after `--`, every word is an
    /// argument, and so is a lone `-`.
    pub fn positional_args(&self, takes_value: &[&str]) -> Vec<&ShellWord> {
        let args = self.args();
        let mut positional = Vec::new();
        let mut options_ended = false;
        let mut index = 0;
        while index < args.len() {
            let word = &args[index];
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
}

/// Returns true if a group of short options, such as `yt` in `-yt`, ends with an option that
/// takes a value, so that the value is the next word. An option with its value attached, as
/// `-tbookworm`, takes no further word.
fn short_group_takes_next(group: &str, takes_value: &[&str]) -> bool {
    for (at, option) in group.char_indices() {
        let mut buffer = [0; 4];
        let option_text = option.encode_utf8(&mut buffer);
        let takes = takes_value
            .iter()
            .any(|name| name.strip_prefix('-') == Some(option_text));
        if takes {
            return at + option.len_utf8() == group.len();
        }
    }
    false
}
