use super::{ImageContext, ImageFinding, ImageLocation, ImageRule};
use crate::rules::{RuleMeta, declare_rule};

/// Fragments of variable and label names that mark a secret, as dockle 0.4 lists them.
/// `PASS` also covers `PASSWD` and `PASSWORD`.
const SENSITIVE_FRAGMENTS: &[&str] = &["PASS", "SECRET", "KEY", "ACCESS", "TOKEN"];

/// Names that contain a fragment but hold public data: the official language images set
/// `GPG_KEY` and `GPG_KEYS` to the fingerprints of their release signing keys.
const ACCEPTED_NAMES: &[&str] = &["GPG_KEY", "GPG_KEYS"];

/// Returns true if `name` looks like the name of a secret.
pub fn is_sensitive_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    !ACCEPTED_NAMES.contains(&upper.as_str())
        && SENSITIVE_FRAGMENTS
            .iter()
            .any(|fragment| upper.contains(fragment))
}

declare_rule! {
    /// ## What it does
    /// Reports environment variables, labels, build arguments and ENV, ARG or LABEL history
    /// entries whose name looks like a secret (it contains `PASS`, `SECRET`, `KEY`, `ACCESS`
    /// or `TOKEN`, in any case) and whose value is not empty. `GPG_KEY` and `GPG_KEYS`, which
    /// hold public key fingerprints, pass. Values are never printed.
    ///
    /// ## Why is this bad?
    /// Anyone who can pull the image can read its configuration and history with
    /// `docker inspect` and `docker history`, so the secret is public to them, and it stays in
    /// every copy of the image.
    ///
    /// ## Example
    /// An image built with
    /// ```dockerfile
    /// ENV DB_PASSWORD=hunter2
    /// ```
    ///
    /// ## Use instead
    /// Pass secrets at run time (`docker run --env-file`, orchestrator secrets) or, for the
    /// build, as `RUN --mount=type=secret`.
    ///
    /// ## Differences from dockle
    /// dockle's CIS-DI-0010 reads only the history, so an image without history escapes it;
    /// this rule reads `Env` and `Labels` themselves as well. A history entry that sets the
    /// same name and value as the final `Env` is not reported twice. dockle also reads every
    /// `name=value` word of a RUN, which flags pinned package versions and other harmless
    /// words. This rule reads only ENV, ARG and LABEL entries and the build arguments that
    /// the builder recorded in front of a RUN. dockle's CIS-DI-0010 also covers secret
    /// files, which are `secret-file` (PL4002) here.
    pub SecretInImageConfig {
        code: "PL3003",
        name: "secret-in-image-config",
        severity: Error,
        aliases: ["CIS-DI-0010"],
    }
}

impl ImageRule for SecretInImageConfig {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        let config = context.config();
        for (name, value) in config.env_pairs() {
            if !value.is_empty() && is_sensitive_name(name) {
                out.push(ImageFinding::new(
                    &Self::META,
                    ImageLocation::Config {
                        key: "Env".to_string(),
                        entry: Some(name.to_string()),
                    },
                    format!(
                        "the environment variable `{name}` looks like a secret, and anyone \
                         who pulls the image can read it; pass it at run time instead"
                    ),
                ));
            }
        }
        for (name, value) in &config.config.labels {
            if !value.is_empty() && is_sensitive_name(name) {
                out.push(ImageFinding::new(
                    &Self::META,
                    ImageLocation::Config {
                        key: "Labels".to_string(),
                        entry: Some(name.clone()),
                    },
                    format!("the label `{name}` looks like a secret; remove it from the image"),
                ));
            }
        }

        for step in &context.steps {
            for word in step.assignments() {
                let Some((name, value)) = word.split_once('=') else {
                    continue;
                };
                if value.is_empty() || !is_sensitive_name(name) {
                    continue;
                }
                let in_final_env = config
                    .env_pairs()
                    .any(|(env_name, env_value)| env_name == name && env_value == value);
                if step.is("ENV") && in_final_env {
                    continue;
                }
                let what = match step.keyword.as_str() {
                    "ENV" => "environment variable",
                    "LABEL" => "label",
                    _ => "build argument",
                };
                out.push(ImageFinding::new(
                    &Self::META,
                    ImageLocation::History { index: step.index },
                    format!(
                        "the {what} `{name}` in this history entry looks like a secret, and \
                         `docker history` shows its value"
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{findings, from_config, with_history};
    use super::*;

    #[test]
    fn sensitive_names() {
        for name in [
            "DB_PASSWORD",
            "api_key",
            "AWS_SECRET_ACCESS_KEY",
            "GITHUB_TOKEN",
            "PASSWD",
        ] {
            assert!(is_sensitive_name(name), "{name}");
        }
        for name in ["GPG_KEY", "gpg_keys", "PATH", "APP_ENV"] {
            assert!(!is_sensitive_name(name), "{name}");
        }
    }

    #[test]
    fn env_and_labels_are_read() {
        let json = r#"{"config": {"Env": ["PATH=/bin", "DB_PASSWORD=hunter2", "API_KEY=",
            "GPG_KEY=ABCD"], "Labels": {"deploy.token": "t0k", "title": "x"}}}"#;
        let found = findings("PL3003", &from_config(json));
        let entries: Vec<String> = found.iter().map(|f| f.location.label()).collect();
        assert_eq!(
            entries,
            ["config Env DB_PASSWORD", "config Labels deploy.token"]
        );
        assert!(found.iter().all(|f| !f.message.contains("hunter2")));
    }

    #[test]
    fn history_entries_are_read() {
        let analysis = with_history(&[
            "ENV SECRET_KEY=abc",
            "ARG NPM_TOKEN=xyz",
            "RUN |1 PASSWORD=p /bin/sh -c make # buildkit",
            "/bin/sh -c #(nop)  LABEL access.key=v",
            "RUN /bin/sh -c apt-get install -y libssl-dev=3.0 # buildkit",
            "ENV TOKEN=",
        ]);
        let indexes: Vec<String> = findings("PL3003", &analysis)
            .iter()
            .map(|f| f.location.label())
            .collect();
        assert_eq!(
            indexes,
            ["history[0]", "history[1]", "history[2]", "history[3]"]
        );
    }

    #[test]
    fn history_env_already_in_config_is_reported_once() {
        let json = r#"{"config": {"Env": ["DB_PASSWORD=hunter2"]},
            "history": [{"created_by": "/bin/sh -c #(nop)  ENV DB_PASSWORD=hunter2 A=1",
                         "empty_layer": true}]}"#;
        let found = findings("PL3003", &from_config(json));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].location.label(), "config Env DB_PASSWORD");
    }
}
