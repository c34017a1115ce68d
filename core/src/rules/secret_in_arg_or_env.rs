use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::model::arg_declarations;
use crate::source::Span;
use crate::syntax::ast::{Arguments, Keyword};

/// Name words that mark a secret when they are the last word of the name.
const SECRET_WORDS: &[&str] = &[
    "apikey",
    "auth",
    "credential",
    "credentials",
    "key",
    "password",
    "passwd",
    "pword",
    "secret",
    "token",
    "pat",
];

/// Name words that mark public material anywhere in the name: `GPG_KEY` is a fingerprint.
const PUBLIC_WORDS: &[&str] = &["public", "pub", "gpg", "pgp"];

/// Returns true if a variable name reads as a secret: its last `_` or `-` separated word is a
/// secret word, and no word marks it as public.
pub(crate) fn is_secret_name(name: &str) -> bool {
    let words: Vec<String> = name
        .split(['_', '-', '.'])
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let Some(last) = words.last() else {
        return false;
    };
    SECRET_WORDS.contains(&last.as_str())
        && !words
            .iter()
            .any(|word| PUBLIC_WORDS.contains(&word.as_str()))
}

declare_rule! {
    /// ## What it does
    /// Reports an `ARG` or `ENV` whose name reads as a secret: its last word is `PASSWORD`,
    /// `TOKEN`, `SECRET`, `KEY`, `APIKEY`, `AUTH`, `CREDENTIALS` or similar.
    ///
    /// ## Why is this bad?
    /// ENV values are stored in the image config, and ARG values in the image history, where
    /// anyone who can pull the image can read them. Build secrets belong in
    /// `RUN --mount=type=secret`; runtime secrets in the orchestrator's secret store.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG NPM_TOKEN
    /// RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > ~/.npmrc && npm ci
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \
    ///     echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > ~/.npmrc && npm ci
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint matches secret words anywhere in the name and BuildKit matches any `_` word,
    /// so both report `SSH_AUTH_SOCK`, `DB_PASSWORD_FILE` and `KMS_KEY_ALIAS`. plimsoll looks at
    /// the last word only, and names with `PUBLIC`, `GPG` or `PGP` (`GPG_KEY` is a key
    /// fingerprint) are not reported.
    pub SecretInArgOrEnv {
        code: "DL3064",
        name: "secret-in-arg-or-env",
        severity: Warning,
        aliases: ["SecretsUsedInArgOrEnv"],
    }
}

impl Rule for SecretInArgOrEnv {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in context.instructions().iter().enumerate() {
            let instruction = instruction.effective();
            let names: Vec<(String, Span, &str)> =
                match (&instruction.keyword, &instruction.arguments) {
                    (Keyword::Env, Arguments::Pairs(pairs)) => pairs
                        .iter()
                        .map(|pair| (pair.key.value.clone(), pair.key.span, "ENV"))
                        .collect(),
                    (Keyword::Arg, _) => arg_declarations(instruction, index)
                        .into_iter()
                        .map(|declaration| (declaration.name, declaration.span, "ARG"))
                        .collect(),
                    _ => continue,
                };
            for (name, span, keyword) in names {
                if is_secret_name(&name) {
                    let stored = if keyword == "ENV" {
                        "the image config"
                    } else {
                        "the image history"
                    };
                    out.push(Self::META.diagnostic(
                        span,
                        format!(
                            "{keyword} `{name}` looks like a secret, and its value is readable in \
                             {stored}; pass it with RUN --mount=type=secret"
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_secret_name;
    use crate::rules::test_support::findings;

    #[test]
    fn secret_names() {
        for name in [
            "DB_PASSWORD",
            "API_TOKEN",
            "AWS_SECRET_ACCESS_KEY",
            "github-token",
            "KEY",
            "npm_authToken_AUTH",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "PUBLIC_KEY_URL",
            "KMS_KEY_ALIAS",
            "AUTH_MODULE_VERSION",
            "DB_PASSWORD_FILE",
            "SSH_AUTH_SOCK",
            "GPG_KEY",
            "TOKENIZER",
            "PATH",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn secret_env_and_arg_fail() {
        assert_eq!(
            findings(
                "DL3064",
                "FROM a:1\nENV DB_PASSWORD=hunter2 APP_ENV=production\nARG API_TOKEN\n"
            ),
            vec![(2, 5), (3, 5)]
        );
    }
}
