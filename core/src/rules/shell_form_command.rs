use super::buildkit::common::base_image_of;
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
    ///
    /// ## Differences from BuildKit
    /// This rule is both hadolint's DL3025 and BuildKit's JSONArgsRecommended, and the two
    /// differ on `SHELL`. BuildKit reports nothing once any `SHELL` is in effect, reading it as
    /// a deliberate choice of shell form; hadolint ignores `SHELL`. plimsoll takes one
    /// behaviour for both names:
    ///
    /// - A `SHELL` instruction in the Dockerfile does not stop the rule, as in hadolint. It is
    ///   most often there for `RUN` (`SHELL ["/bin/bash", "-o", "pipefail", "-c"]`), and the
    ///   shell still does not forward signals to the command.
    /// - A `Shell` in the base image configuration given with `--base-config` stops the rule
    ///   for stages on that image, as in BuildKit: the image's author chose the shell
    ///   (typically PowerShell or `cmd` on Windows images), and hadolint never reads it.
    ///
    /// `HEALTHCHECK CMD` in shell form is reported too, as hadolint does; BuildKit checks
    /// only `CMD` and `ENTRYPOINT`.
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
        for (index, instruction) in context.instructions().iter().enumerate() {
            if base_image_sets_shell(context, index) {
                continue;
            }
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

/// Returns true if the stage of instruction `index` builds on the given base image
/// configuration and that configuration sets a shell.
fn base_image_sets_shell(context: &Context<'_>, index: usize) -> bool {
    let Some(stage) = context.model.stage_of[index] else {
        return false;
    };
    base_image_of(context.model, context.options.base_image.as_deref(), stage)
        .and_then(|config| config.config.shell.as_ref())
        .is_some_and(|shell| !shell.is_empty())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::LintOptions;
    use crate::image::config::ImageConfig;
    use crate::rules::test_support::{findings, findings_with};

    fn base_image(json: serde_json::Value) -> LintOptions {
        let config = ImageConfig::from_json(json.to_string().as_bytes()).unwrap();
        LintOptions {
            base_image: Some(Arc::new(config)),
            ..LintOptions::default()
        }
    }

    #[test]
    fn base_image_shell_passes() {
        let windows = base_image(serde_json::json!({
            "config": { "Shell": ["powershell", "-Command"] }
        }));
        let text = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD Write-Host hi\n";
        assert!(findings_with("DL3025", text, windows.clone()).is_empty());
        let text = "FROM a:1 AS base\nFROM base\nENTRYPOINT run\n";
        assert!(findings_with("DL3025", text, windows.clone()).is_empty());
        // A stage on another image does not read the configuration.
        let text = "FROM a:1\nFROM b:1\nCMD run\n";
        assert_eq!(findings_with("DL3025", text, windows), vec![(3, 5)]);
    }

    #[test]
    fn dockerfile_shell_or_base_without_shell_fails() {
        let text = "FROM a:1\nSHELL [\"/bin/bash\", \"-c\"]\nCMD run\n";
        assert_eq!(findings("DL3025", text), vec![(3, 5)]);
        let plain = base_image(serde_json::json!({ "config": { "Env": ["A=1"] } }));
        assert_eq!(
            findings_with("DL3025", "FROM a:1\nCMD run\n", plain),
            vec![(2, 5)]
        );
    }

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
