use super::{ImageContext, ImageFinding, ImageLocation, ImageRule};
use crate::rules::{RuleMeta, declare_rule};

/// Account databases whose second field is the password hash.
const PASSWORD_FILES: &[&str] = &["/etc/shadow", "/etc/master.passwd", "/etc/passwd"];

declare_rule! {
    /// ## What it does
    /// Reports accounts with an empty password field in `/etc/shadow`, in BSD's
    /// `/etc/master.passwd`, or in `/etc/passwd` itself. A locked account (`!`, `*`) or a
    /// hash passes, and so does `x` in `/etc/passwd`, which points to the shadow file.
    ///
    /// ## Why is this bad?
    /// An account with an empty password can be logged into without one, through `su` or
    /// any login service the container runs.
    ///
    /// ## Example
    /// An `/etc/shadow` line such as `app::19000:0:99999:7:::`.
    ///
    /// ## Use instead
    /// Lock the account: `RUN passwd -l app`, or create it with `useradd`, which locks new
    /// accounts.
    ///
    /// ## Differences from dockle
    /// dockle's DKL-LI-0001 reads only `/etc/shadow` and `/etc/master.passwd`; an empty
    /// field in `/etc/passwd` also means no password and is reported here.
    pub EmptyPassword {
        code: "PL4003",
        name: "empty-password",
        severity: Error,
        aliases: ["DKL-LI-0001"],
    }
}

impl ImageRule for EmptyPassword {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        let filesystem = &context.analysis.filesystem;
        for path in PASSWORD_FILES {
            let Some(bytes) = filesystem.contents.get(*path) else {
                continue;
            };
            let layer = layer_of(context, path);
            for line in String::from_utf8_lossy(bytes).lines() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let mut fields = line.split(':');
                let (Some(name), Some("")) = (fields.next(), fields.next()) else {
                    continue;
                };
                out.push(ImageFinding::new(
                    &Self::META,
                    ImageLocation::File {
                        path: path.to_string(),
                        layer,
                    },
                    format!(
                        "the account `{name}` has an empty password in `{path}`; lock it with \
                         `passwd -l {name}`"
                    ),
                ));
            }
        }
    }
}

/// Returns the layer a file of the final filesystem comes from, 0 if it is not listed.
pub fn layer_of(context: &ImageContext<'_>, path: &str) -> usize {
    let entries = &context.analysis.filesystem.entries;
    entries
        .binary_search_by(|entry| entry.path.as_str().cmp(path))
        .ok()
        .map_or(0, |at| entries[at].layer)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{findings, with_files};

    #[test]
    fn empty_password_fields() {
        let analysis = with_files(
            Vec::new(),
            &[
                (
                    "/etc/shadow",
                    "root:*:19000:0:99999:7:::\n# comment\napp::19000::::::\n\nlocked:!:1::::::\nshort\n",
                ),
                (
                    "/etc/passwd",
                    "root:x:0:0::/root:/bin/sh\nnopass::1000:1000::/:/bin/sh\n",
                ),
                (
                    "/etc/master.passwd",
                    "toor::0:0::0:0:Bourne-again Superuser:/root:\n",
                ),
            ],
        );
        let messages: Vec<String> = findings("PL4003", &analysis)
            .into_iter()
            .map(|f| {
                format!(
                    "{} {}",
                    f.location.label(),
                    f.message.split('`').nth(1).unwrap()
                )
            })
            .collect();
        assert_eq!(
            messages,
            [
                "/etc/master.passwd toor",
                "/etc/passwd nopass",
                "/etc/shadow app"
            ]
        );
    }

    #[test]
    fn invalid_utf8_does_not_panic() {
        let mut analysis = with_files(Vec::new(), &[]);
        analysis
            .filesystem
            .contents
            .insert("/etc/shadow".to_string(), vec![0xff, b':', b':', b'\n']);
        assert_eq!(findings("PL4003", &analysis).len(), 1);
    }
}
