use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::syntax::ast::{Arguments, Keyword, Word};

/// Characters that make a shell-form command depend on the shell, so that the exec form would
/// change its meaning.
const SHELL_SYNTAX: &[char] = &[
    '$', '&', '|', ';', '<', '>', '(', ')', '`', '"', '\'', '\\', '*', '?', '[', ']', '{', '}',
    '~', '#', '=',
];

/// Builds the exec form of a shell-form command made of plain words.
fn exec_form(command: &Word) -> Option<Fix> {
    if command.value.contains(SHELL_SYNTAX) {
        return None;
    }
    let words: Vec<String> = command
        .value
        .split_whitespace()
        .map(|word| serde_json::to_string(word).unwrap_or_default())
        .collect();
    if words.is_empty() {
        return None;
    }
    Some(Fix {
        message: "use the exec form".to_string(),
        applicability: Applicability::Unsafe,
        edits: vec![Edit {
            span: command.span,
            replacement: format!("[{}]", words.join(", ")),
        }],
    })
}

declare_rule! {
    /// ## What it does
    /// Reports `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD` written in shell form.
    ///
    /// ## Why is this bad?
    /// In shell form the command runs as `/bin/sh -c "…"`. The shell becomes process 1 and
    /// does not pass `SIGTERM` on, so `docker stop` waits its timeout and then kills the
    /// application without a clean shutdown. An `ENTRYPOINT` in shell form also ignores the
    /// arguments given to `docker run`.
    ///
    /// ## Example
    /// ```dockerfile
    /// CMD python app.py
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// CMD ["python", "app.py"]
    /// ```
    ///
    /// ## Fix safety
    /// A fix is offered only when the command is plain words without shell syntax. It is
    /// unsafe: the program then runs without a shell, with signals going to it directly.
    pub ShellFormCommand {
        code: "DL3025",
        name: "shell-form-command",
        severity: Warning,
        aliases: ["JSONArgsRecommended"],
        fixable: true,
    }
}

impl Rule for ShellFormCommand {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for instruction in context.instructions() {
            let instruction = instruction.effective();
            let command = match (&instruction.keyword, &instruction.arguments) {
                (Keyword::Cmd | Keyword::Entrypoint, Arguments::Text(command)) => command,
                (Keyword::Healthcheck, Arguments::Healthcheck { kind, command })
                    if kind.value.eq_ignore_ascii_case("cmd") =>
                {
                    match command.as_ref() {
                        Arguments::Text(command) => command,
                        _ => continue,
                    }
                }
                _ => continue,
            };
            let name = instruction.name();
            let message = format!(
                "{name} in shell form runs under `/bin/sh -c`, which does not forward signals; \
                 use the exec form [\"executable\", \"arg\"]"
            );
            out.push(match exec_form(command) {
                Some(fix) => Self::META.diagnostic_with_fix(command.span, message, fix),
                None => Self::META.diagnostic(command.span, message),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn shell_form_fails() {
        assert_eq!(
            findings("DL3025", "FROM a:1\nCMD python app.py\n"),
            vec![(2, 5)]
        );
        assert_eq!(
            findings("DL3025", "FROM a:1\nENTRYPOINT exec app\n"),
            vec![(2, 12)]
        );
        assert_eq!(
            findings(
                "DL3025",
                "FROM a:1\nHEALTHCHECK CMD curl -f http://localhost/\n"
            ),
            vec![(2, 17)]
        );
    }

    #[test]
    fn exec_form_passes() {
        assert!(
            findings(
                "DL3025",
                "FROM a:1\nCMD [\"python\", \"app.py\"]\nHEALTHCHECK NONE\n"
            )
            .is_empty()
        );
    }
}
