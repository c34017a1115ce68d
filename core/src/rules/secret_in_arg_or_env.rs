use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::model::arg_declarations;
use crate::source::Span;
use crate::syntax::ast::{Arguments, Keyword};

/// Name words that mark a secret wherever they stand in the name; a word that ends in one of
/// them (`mysecret`, `dbpassword`) counts too.
const STRONG_SECRET_WORDS: &[&str] = &[
    "apikey",
    "credential",
    "credentials",
    "password",
    "passwd",
    "pword",
    "secret",
    "token",
];

/// Name words that mark a secret only as the last word: `KMS_KEY_ALIAS` names a key, and
/// `SSH_AUTH_SOCK` a socket.
const LAST_SECRET_WORDS: &[&str] = &["auth", "key", "pat"];

/// Name words that mark public material anywhere in the name: `GPG_KEY` is a fingerprint.
const PUBLIC_WORDS: &[&str] = &["public", "pub", "gpg", "pgp"];

/// Last words that make the value a reference to a secret or a setting about it, not the
/// secret itself: `DB_PASSWORD_FILE`, `TOKEN_URL`, `SECRET_NAME`.
const REFERENCE_WORDS: &[&str] = &[
    "file", "path", "dir", "url", "uri", "sock", "socket", "name", "version", "length", "type",
    "enabled", "prefix", "header", "env", "location", "ttl", "config",
];

/// Names of well-known credentials that the word rules above miss.
const KNOWN_SECRET_NAMES: &[&str] = &["AWS_ACCESS_KEY_ID", "APPLICATION_KEY", "VAULT_CLIENT_KEY"];

/// Returns true if a variable name reads as a secret.
pub(crate) fn is_secret_name(name: &str) -> bool {
    if KNOWN_SECRET_NAMES
        .iter()
        .any(|known| known.eq_ignore_ascii_case(name))
    {
        return true;
    }

    let words: Vec<String> = name
        .split(['_', '-', '.'])
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let Some(last) = words.last() else {
        return false;
    };
    if words
        .iter()
        .any(|word| PUBLIC_WORDS.contains(&word.as_str()))
        || REFERENCE_WORDS.contains(&last.as_str())
    {
        return false;
    }

    let strong = words.iter().any(|word| {
        STRONG_SECRET_WORDS
            .iter()
            .any(|secret| word.ends_with(secret))
    });
    strong || LAST_SECRET_WORDS.contains(&last.as_str())
}

declare_rule! {
    /// ## What it does
    /// Reports an `ARG` or `ENV` whose name reads as a secret: a word of it is or ends in
    /// `PASSWORD`, `TOKEN`, `SECRET`, `APIKEY` or `CREDENTIALS`, or its last word is `KEY`,
    /// `AUTH` or `PAT`.
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
    /// so both report `SSH_AUTH_SOCK`, `DB_PASSWORD_FILE` and `KMS_KEY_ALIAS`. plimsoll reads
    /// `KEY` and `AUTH` only as the last word, and skips names that end in a word such as
    /// `FILE`, `PATH`, `URL` or `NAME`, which refer to a secret rather than hold it. Names with
    /// `PUBLIC`, `GPG` or `PGP` (`GPG_KEY` is a key fingerprint) are not reported. hadolint also
    /// reports every name containing `username`; a user name is not a secret, so plimsoll
    /// does not.
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
            "SECRET_KEY_BASE",
            "mysecret",
            "microscannertoken",
            "AWS_ACCESS_KEY_ID",
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
            "USERNAME",
            "SECRET_NAME",
            "DOCKER_CREDENTIAL_GCR_CONFIG",
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
