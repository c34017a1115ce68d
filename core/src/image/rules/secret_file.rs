use super::{ImageContext, ImageFinding, ImageLocation, ImageRule, basename};
use crate::image::analysis::EntryKind;
use crate::rules::{RuleMeta, declare_rule};

/// File names that hold credentials, as dockle 0.4 lists them.
const SECRET_NAMES: &[&str] = &[
    "credentials.json",
    "credential.json",
    "credentials",
    "credential",
    "password.txt",
    "id_rsa",
    "id_dsa",
    "id_ecdsa",
    "id_ed25519",
    "secret_token.rb",
    "carrierwave.rb",
    "omniauth.rb",
    "settings.py",
    "database.yml",
    "credentials.xml",
    ".env",
];

/// Extensions of files that hold keys, key stores or captured traffic, as dockle 0.4 lists
/// them.
const SECRET_EXTENSIONS: &[&str] = &[
    "secret",
    "ovpn",
    "private_key",
    "cscfg",
    "rdp",
    "mdf",
    "sdf",
    "bek",
    "tpm",
    "fve",
    "jks",
    "psafe3",
    "agilekeychain",
    "keychain",
    "pcap",
    "gnucache",
];

/// Names that tools conventionally give PEM private keys: certbot's `privkey.pem`, cfssl's
/// `NAME-key.pem`, and OpenSSL examples' `key.pem` and `NAME.key.pem`.
fn is_private_key_pem(name: &str) -> bool {
    name == "privkey.pem"
        || name == "key.pem"
        || name.ends_with("-key.pem")
        || name.ends_with("_key.pem")
        || name.ends_with(".key.pem")
}

/// Returns true for `.env` and its per-environment variants (`.env.production`), but not for
/// the templates projects commit on purpose (`.env.example`).
fn is_dotenv(name: &str) -> bool {
    let Some(suffix) = name.strip_prefix(".env") else {
        return false;
    };
    suffix.is_empty()
        || suffix.strip_prefix('.').is_some_and(|variant| {
            !variant.is_empty()
                && !matches!(
                    variant,
                    "example" | "sample" | "template" | "dist" | "defaults"
                )
        })
}

/// Returns why `path` looks like a secret file, or `None`.
fn secret_kind(path: &str) -> Option<&'static str> {
    let name = basename(path);
    if is_dotenv(name) {
        return Some("an environment file");
    }
    if name.starts_with("id_") && SECRET_NAMES.contains(&name) {
        return Some("an SSH private key");
    }
    if SECRET_NAMES.contains(&name) {
        return Some("a file that usually holds credentials");
    }
    if is_private_key_pem(name) {
        return Some("a PEM private key, by its name");
    }
    let extension = name.rsplit_once('.').map(|(_, extension)| extension)?;
    SECRET_EXTENSIONS
        .contains(&extension.to_ascii_lowercase().as_str())
        .then_some("a key, key store or capture file, by its extension")
}

declare_rule! {
    /// ## What it does
    /// Reports files of the final filesystem whose name marks them as secrets: SSH private
    /// keys (`id_rsa`, `id_ed25519`, …), `.env` files and their variants
    /// (`.env.production`, but not `.env.example`), credential files (`credentials.json`,
    /// `database.yml`, `settings.py`, …), PEM private keys by their conventional names
    /// (`privkey.pem`, `*-key.pem`, `key.pem`) and key stores by extension (`.jks`, `.ovpn`,
    /// `.keychain`, …).
    ///
    /// ## Why is this bad?
    /// Anyone who can pull the image can extract its files. A secret that was once copied in
    /// stays readable in the layer even after a later layer deletes it.
    ///
    /// ## Example
    /// An image built with `COPY . /app` from a directory that has a `.env` file or a
    /// `.ssh/id_rsa`.
    ///
    /// ## Use instead
    /// List secrets in `.dockerignore`, mount them at build time with
    /// `RUN --mount=type=secret`, and give them to containers at run time.
    ///
    /// ## Differences from dockle
    /// dockle reports these files under CIS-DI-0010 together with secrets in the history,
    /// which is `secret-in-image-config` (PL3003) here, so ignoring CIS-DI-0010 does not turn
    /// this rule off. Like dockle, the rule does not report every `.pem`, `.key`, `.p12` or
    /// `.pfx` file: the names cannot tell a private key from the public certificates that
    /// `ca-certificates` installs by the hundred, and only the conventional private key
    /// names above are reported. `.env` variants are reported, and templates pass.
    pub SecretFile {
        code: "PL4002",
        name: "secret-file",
        severity: Error,
    }
}

impl ImageRule for SecretFile {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        for entry in &context.analysis.filesystem.entries {
            if !matches!(entry.kind, EntryKind::File | EntryKind::Hardlink { .. }) {
                continue;
            }
            let Some(kind) = secret_kind(&entry.path) else {
                continue;
            };
            out.push(ImageFinding::new(
                &Self::META,
                ImageLocation::File {
                    path: entry.path.clone(),
                    layer: entry.layer,
                },
                format!(
                    "`{}` looks like {kind}; keep secrets out of the image",
                    entry.path
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{dir, file, findings, with_files};
    use super::*;

    #[test]
    fn secret_names() {
        for path in [
            "/app/.env",
            "/app/.env.production",
            "/root/.ssh/id_rsa",
            "/app/config/database.yml",
            "/etc/letsencrypt/live/x/privkey.pem",
            "/certs/server-key.pem",
            "/keys/store.JKS",
            "/vpn/client.ovpn",
        ] {
            assert!(secret_kind(path).is_some(), "{path}");
        }
    }

    #[test]
    fn ordinary_names() {
        for path in [
            "/app/.env.example",
            "/app/.envrc",
            "/etc/ssl/certs/ca-certificates.pem",
            "/root/.ssh/id_rsa.pub",
            "/root/.ssh/known_hosts",
            "/usr/lib/python3/x.key",
            "/app/Makefile",
        ] {
            assert!(secret_kind(path).is_none(), "{path}");
        }
    }

    #[test]
    fn only_files_are_reported() {
        let analysis = with_files(
            vec![file("/app/.env", 231, 0o644), dir("/srv/credentials")],
            &[],
        );
        let found = findings("PL4002", &analysis);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].location.label(), "/app/.env");
    }
}
