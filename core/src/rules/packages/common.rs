//! Readings of RUN commands that several package rules share: which commands a RUN runs, the
//! operands of a command, and the values its words take once build arguments are expanded.

use crate::diagnostic::{Applicability, Edit, Fix};
use crate::rules::Context;
use crate::rules::helpers::program;
use crate::shell::{Command, ShellWord};
use crate::source::Span;
use crate::syntax::ast::{Arguments, Keyword};

/// A word of a command as the shell passes it to the program, with its place in the source.
#[derive(Clone, Debug)]
pub struct Operand {
    pub value: String,
    pub span: Span,
}

/// Calls `visit` with each command of each RUN (and `ONBUILD RUN`) and the command's source
/// span, together with the index of the instruction.
pub fn for_each_command(context: &Context<'_>, mut visit: impl FnMut(usize, &Command, Span)) {
    for (index, instruction) in context.instructions().iter().enumerate() {
        if instruction.effective().keyword != Keyword::Run {
            continue;
        }
        let Some(commands) = context.run_commands(index) else {
            continue;
        };
        for (command, span) in commands.with_spans() {
            visit(index, command, span);
        }
    }
}

/// Returns the source span of one word of a command of instruction `index`.
pub fn word_span(context: &Context<'_>, index: usize, word: &ShellWord) -> Span {
    context
        .run_commands(index)
        .map_or(Span::empty(0), |commands| commands.span(&word.span))
}

/// Builds a fix that inserts `text` right after `word`, a word of a shell-form RUN or of a
/// heredoc script. Returns `None` for an exec-form RUN, where the insertion would break the
/// JSON array.
pub fn insert_after_word(
    context: &Context<'_>,
    index: usize,
    word: &ShellWord,
    text: &str,
    message: &str,
    applicability: Applicability,
) -> Option<Fix> {
    let instruction = context.instructions().get(index)?.effective();
    if !matches!(instruction.arguments, Arguments::Text(_)) {
        return None;
    }
    let at = word_span(context, index, word).end;
    Some(Fix {
        message: message.to_string(),
        applicability,
        edits: vec![Edit {
            span: Span::empty(at),
            replacement: text.to_string(),
        }],
    })
}

/// Returns true if the command runs `name` and its first operand is one of `subcommands`.
pub fn runs_subcommand(
    command: &Command,
    name: &str,
    takes_value: &[&str],
    subcommands: &[&str],
) -> bool {
    program(command) == Some(name)
        && command
            .positional_args(takes_value)
            .first()
            .is_some_and(|word| subcommands.contains(&word.value.as_str()))
}

/// Returns the operands of a command after its subcommand: the packages of `apk add curl`.
/// `takes_value` names the options whose value is the next word.
pub fn operands_after_subcommand<'a>(
    command: &'a Command,
    takes_value: &[&str],
) -> Vec<&'a ShellWord> {
    command
        .positional_args(takes_value)
        .into_iter()
        .skip(1)
        .collect()
}

/// Returns the values `words` take when the shell runs instruction `index`, each with the span
/// of its word.
///
/// A word that uses only build arguments and ENV variables with a known value is expanded, and
/// an unquoted one is split at blanks as the shell splits it: with `ARG PACKAGES="curl=8.5.0
/// git=1:2.43.0"`, the word `$PACKAGES` gives two values. Any other word keeps its value as
/// written, `$VERSION` included, because the shell may set it or the value may come from
/// outside the build. Words of an exec-form RUN are never expanded, because no shell runs it.
pub fn expand_operands(context: &Context<'_>, index: usize, words: &[&ShellWord]) -> Vec<Operand> {
    let shell_form = context
        .instructions()
        .get(index)
        .is_some_and(|instruction| matches!(instruction.effective().arguments, Arguments::Text(_)));
    let mut operands = Vec::new();
    for word in words {
        let span = word_span(context, index, word);
        let expanded = if shell_form {
            expand_word(context, index, word)
        } else {
            None
        };
        match expanded {
            Some(values) => {
                operands.extend(values.into_iter().map(|value| Operand { value, span }))
            }
            None => operands.push(Operand {
                value: word.value.clone(),
                span,
            }),
        }
    }
    operands
}

/// Expands one word whose variables all have a value in scope, or returns `None`.
fn expand_word(context: &Context<'_>, index: usize, word: &ShellWord) -> Option<Vec<String>> {
    let names = referenced_variables(&word.raw)?;
    if names.is_empty() {
        return None;
    }
    let scope = context.model.scope(index);
    let known = names
        .iter()
        .all(|name| scope.iter().any(|(key, _)| key == name));
    if !known {
        return None;
    }
    let expanded = context.model.expand(index, &word.raw).ok()?;
    let quoted = word.raw.contains(['"', '\'']);
    if quoted {
        return Some(vec![expanded]);
    }
    Some(expanded.split_whitespace().map(str::to_string).collect())
}

/// Returns the names of the variables a word reads as `$NAME` or `${NAME…}`, or `None` when it
/// also has a command substitution, arithmetic, a special parameter or a single-quoted `$`,
/// which only the shell can evaluate.
fn referenced_variables(raw: &str) -> Option<Vec<String>> {
    if raw.contains('`') || raw.contains('\'') || raw.contains('\\') {
        return None;
    }
    let mut names = Vec::new();
    let mut rest = raw;
    while let Some(at) = rest.find('$') {
        let after = &rest[at + 1..];
        let braced = after.strip_prefix('{');
        let name_text = braced.unwrap_or(after);
        let length = name_text
            .char_indices()
            .find(|&(position, ch)| {
                !(ch == '_' || ch.is_ascii_alphabetic() || position > 0 && ch.is_ascii_digit())
            })
            .map_or(name_text.len(), |(position, _)| position);
        if length == 0 {
            return None;
        }
        names.push(name_text[..length].to_string());
        rest = &name_text[length..];
    }
    Some(names)
}

/// Lints `text` with only rule `code` and returns it with the fix of every finding applied.
#[cfg(test)]
pub fn apply_fixes(code: &str, text: &str) -> String {
    let options = crate::LintOptions {
        select: vec![code.to_string()],
        ..Default::default()
    };
    let result = crate::lint(text.as_bytes(), &options).expect("the options are valid");
    let mut edits: Vec<Edit> = result
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.code == code)
        .filter_map(|diagnostic| diagnostic.fix.as_ref())
        .flat_map(|fix| fix.edits.iter().cloned())
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
    use super::referenced_variables;

    #[test]
    fn variable_names_of_words() {
        assert_eq!(
            referenced_variables("curl=${CURL_VERSION}"),
            Some(vec!["CURL_VERSION".to_string()])
        );
        assert_eq!(
            referenced_variables("$A-$B_2"),
            Some(vec!["A".to_string(), "B_2".to_string()])
        );
        assert_eq!(referenced_variables("curl"), Some(vec![]));
        assert_eq!(referenced_variables("$(cat list)"), None);
        assert_eq!(referenced_variables("$1"), None);
        assert_eq!(referenced_variables("`cat list`"), None);
    }
}
