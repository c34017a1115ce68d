use std::collections::BTreeMap;

use super::empty_password::layer_of;
use super::{ImageContext, ImageFinding, ImageLocation, ImageRule};
use crate::rules::{RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports users of `/etc/passwd` that share a UID with an earlier user, and groups of
    /// `/etc/group` that share a GID with an earlier group. Lines with fewer than three
    /// fields are skipped.
    ///
    /// ## Why is this bad?
    /// The kernel uses only the numbers, so two names with one UID are the same user: files
    /// one owns belong to the other, and a second name for UID 0 is a hidden root account.
    ///
    /// ## Example
    /// An `/etc/passwd` with `root:x:0:0::/root:/bin/sh` and `toor:x:0:0::/root:/bin/sh`.
    ///
    /// ## Use instead
    /// Give every account its own ID; `useradd` and `groupadd` pick free ones.
    ///
    /// ## Differences from dockle
    /// dockle's DKL-LI-0002 reads the third field of every line and fails on short lines;
    /// this rule skips comment lines and lines without a third field.
    pub DuplicateAccountId {
        code: "PL4004",
        name: "duplicate-account-id",
        severity: Error,
        aliases: ["DKL-LI-0002"],
    }
}

impl ImageRule for DuplicateAccountId {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        for (path, what, id) in [
            ("/etc/passwd", "user", "UID"),
            ("/etc/group", "group", "GID"),
        ] {
            let Some(bytes) = context.analysis.filesystem.contents.get(path) else {
                continue;
            };
            let layer = layer_of(context, path);
            let mut first_owner: BTreeMap<String, String> = BTreeMap::new();
            for line in String::from_utf8_lossy(bytes).lines() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let fields: Vec<&str> = line.split(':').collect();
                let (Some(name), Some(number)) = (fields.first(), fields.get(2)) else {
                    continue;
                };
                let number = number.trim();
                if number.is_empty() {
                    continue;
                }
                match first_owner.get(number) {
                    Some(owner) => out.push(ImageFinding::new(
                        &Self::META,
                        ImageLocation::File {
                            path: path.to_string(),
                            layer,
                        },
                        format!(
                            "the {what} `{name}` has {id} {number}, which `{owner}` already \
                             has; give each {what} its own {id}"
                        ),
                    )),
                    None => {
                        first_owner.insert(number.to_string(), name.to_string());
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{findings, with_files};

    #[test]
    fn duplicate_ids() {
        let analysis = with_files(
            Vec::new(),
            &[
                (
                    "/etc/passwd",
                    "root:x:0:0::/root:/bin/sh\ntoor:x:0:0::/root:/bin/sh\nshort:x\n\napp:x:1000:1000::/:/bin/sh\n",
                ),
                ("/etc/group", "root:x:0:\nwheel:x:10:\nstaff:x:10:\nbad\n"),
            ],
        );
        let messages: Vec<String> = findings("PL4004", &analysis)
            .into_iter()
            .map(|f| f.message)
            .collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`staff` has GID 10") && m.contains("`wheel`"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`toor` has UID 0") && m.contains("`root`"))
        );
    }

    #[test]
    fn unique_ids_pass() {
        let analysis = with_files(
            Vec::new(),
            &[(
                "/etc/passwd",
                "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/:/bin/sh\n",
            )],
        );
        assert!(findings("PL4004", &analysis).is_empty());
    }
}
