use std::cell::RefCell;
use std::collections::BTreeMap;

use super::{ImageContext, ImageFinding, ImageLocation, ImageRule, human_bytes};
use crate::rules::{RuleMeta, declare_rule};

/// Returns the cache directory `path` is in and the package manager it belongs to, or
/// `None` when the path is in no known cache. Only paths whose files are caches count: the
/// apt lists' `lock` file and `partial/` directory are always there and are skipped.
pub fn cache_of(path: &str) -> Option<(String, &'static str)> {
    if let Some(rest) = path.strip_prefix("/var/lib/apt/lists/") {
        let skipped = rest == "lock" || rest == "partial" || rest.starts_with("partial/");
        return (!skipped).then(|| ("/var/lib/apt/lists".to_string(), "apt package lists"));
    }
    if path.starts_with("/var/cache/apt/archives/") && path.ends_with(".deb") {
        return Some((
            "/var/cache/apt/archives".to_string(),
            "downloaded apt packages",
        ));
    }
    if let Some(rest) = path.strip_prefix("/var/cache/apt/")
        && !rest.contains('/')
        && rest.ends_with(".bin")
    {
        return Some(("/var/cache/apt".to_string(), "apt package cache"));
    }
    for (root, what) in [
        ("/var/cache/apk", "apk package cache"),
        ("/var/cache/yum", "yum package cache"),
        ("/var/cache/dnf", "dnf package cache"),
    ] {
        if path
            .strip_prefix(root)
            .is_some_and(|rest| rest.starts_with('/'))
        {
            return Some((root.to_string(), what));
        }
    }
    for (parent, child, what) in [
        (".cache", "pip", "pip cache"),
        (".cache", "yarn", "yarn cache"),
        (".cache", "go-build", "Go build cache"),
        (".npm", "_cacache", "npm cache"),
    ] {
        let marker = format!("/{parent}/{child}");
        if let Some(at) = path.find(&format!("{marker}/")) {
            return Some((path[..at + marker.len()].to_string(), what));
        }
    }
    None
}

declare_rule! {
    /// ## What it does
    /// Reports package manager caches that hold files in the final filesystem, once per
    /// cache: apt's package lists (`/var/lib/apt/lists`), downloaded `.deb` files
    /// (`/var/cache/apt/archives`) and `pkgcache.bin`, apk's, yum's and dnf's caches under
    /// `/var/cache`, and the pip, yarn, Go build and npm caches in home directories
    /// (`~/.cache/pip`, `~/.cache/yarn`, `~/.cache/go-build`, `~/.npm/_cacache`).
    ///
    /// ## Why is this bad?
    /// A cache is only useful to the next install on the same machine. In an image it is
    /// dead weight that every pull downloads, often tens of megabytes.
    ///
    /// ## Example
    /// An image built with
    /// ```dockerfile
    /// RUN pip install -r requirements.txt
    /// ```
    ///
    /// ## Use instead
    /// Clean the cache in the same RUN that fills it, turn it off (`pip install
    /// --no-cache-dir`, `apk add --no-cache`), or use a cache mount:
    /// ```dockerfile
    /// RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
    /// ```
    pub PackageManagerCache {
        code: "PL4008",
        name: "package-manager-cache",
        severity: Warning,
    }
}

impl ImageRule for PackageManagerCache {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        let kinds = RefCell::new(BTreeMap::new());
        let groups = super::group_by_directory(context, |path| {
            let (root, what) = cache_of(path)?;
            kinds.borrow_mut().insert(root.clone(), what);
            Some(root)
        });
        let kinds = kinds.into_inner();
        for (directory, files) in groups {
            if files.files == 0 {
                continue;
            }
            let what = kinds.get(&directory).copied().unwrap_or("package cache");
            out.push(ImageFinding::new(
                &Self::META,
                ImageLocation::File {
                    path: directory.clone(),
                    layer: files.layer,
                },
                format!(
                    "the {what} `{directory}` ships {} files ({}) with the image; clean it in \
                     the step that fills it",
                    files.files,
                    human_bytes(files.bytes)
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
    fn cache_paths() {
        assert_eq!(
            cache_of("/root/.cache/pip/http-v2/a/b"),
            Some(("/root/.cache/pip".to_string(), "pip cache"))
        );
        assert_eq!(
            cache_of("/home/app/.npm/_cacache/index-v5/x").map(|(root, _)| root),
            Some("/home/app/.npm/_cacache".to_string())
        );
        assert!(cache_of("/var/lib/apt/lists/lock").is_none());
        assert!(cache_of("/var/lib/apt/lists/partial/x").is_none());
        assert!(cache_of("/var/cache/apt/archives/lock").is_none());
        assert!(cache_of("/var/cache/apkfoo/x").is_none());
        assert!(cache_of("/root/.cache/pipx/x").is_none());
    }

    #[test]
    fn caches_with_files_are_reported() {
        let analysis = with_files(
            vec![
                dir("/var/lib/apt/lists"),
                file("/var/lib/apt/lists/lock", 0, 0o640),
                dir("/var/lib/apt/lists/partial"),
                file("/var/cache/apt/archives/curl_8.deb", 300_000, 0o644),
                file("/root/.cache/pip/http-v2/a", 1_572_864, 0o600),
                file("/root/.cache/pip/selfcheck.json", 100, 0o600),
                file("/var/cache/apk/APKINDEX.tar.gz", 5, 0o644),
            ],
            &[],
        );
        let found = findings("PL4008", &analysis);
        let labels: Vec<String> = found.iter().map(|f| f.location.label()).collect();
        assert_eq!(
            labels,
            [
                "/root/.cache/pip",
                "/var/cache/apk",
                "/var/cache/apt/archives"
            ]
        );
        assert!(
            found[0].message.contains("pip cache"),
            "{}",
            found[0].message
        );
        assert!(
            found[0].message.contains("2 files (1.57 MB)"),
            "{}",
            found[0].message
        );
        assert!(
            found[2].message.contains("downloaded apt packages"),
            "{}",
            found[2].message
        );
    }
}
