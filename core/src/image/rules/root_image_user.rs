use super::{ImageContext, ImageFinding, ImageLocation, ImageRule};
use crate::rules::{RuleMeta, declare_rule};

/// Returns true if a `User` value runs processes as root: empty, `root` or UID 0 (`0`, `00`),
/// with or without a group (`root:root`, `0:0`, `root:wheel`).
pub fn is_root_user(user: &str) -> bool {
    let user = user.trim();
    let name = user.split_once(':').map_or(user, |(name, _)| name);
    name.is_empty() || name == "root" || name.parse::<u64>() == Ok(0)
}

declare_rule! {
    /// ## What it does
    /// Reports an image whose configuration runs containers as root: `User` is unset, empty,
    /// `root` or `0`, with or without a group.
    ///
    /// ## Why is this bad?
    /// A process that runs as root in the container is root on the host too unless user
    /// namespaces are on, so a container escape or a writable host mount gives full control
    /// of the host.
    ///
    /// ## Example
    /// An image built from a Dockerfile without `USER`, or with `USER 0:0` last.
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN useradd --system --uid 10001 app
    /// USER 10001:10001
    /// ```
    ///
    /// ## Differences from dockle
    /// dockle's CIS-DI-0001 flags only an empty `User` and exactly `root`; `0`, `0:0` and
    /// `root:root` pass there.
    pub RootImageUser {
        code: "PL3001",
        name: "root-image-user",
        severity: Warning,
        aliases: ["CIS-DI-0001"],
    }
}

impl ImageRule for RootImageUser {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        let user = context.config().config.user.as_deref().unwrap_or("");
        if !is_root_user(user) {
            return;
        }
        let message = if user.trim().is_empty() {
            "the image runs as root because its configuration sets no user; set a non-root \
             `USER`"
                .to_string()
        } else {
            format!("the image runs as root (`User` is `{user}`); set a non-root `USER`")
        };
        out.push(ImageFinding::new(
            &Self::META,
            ImageLocation::Config {
                key: "User".to_string(),
                entry: None,
            },
            message,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{findings, from_config};

    fn flagged(user_json: &str) -> bool {
        let json = format!(r#"{{"config": {{"User": {user_json}}}}}"#);
        !findings("PL3001", &from_config(&json)).is_empty()
    }

    #[test]
    fn root_users() {
        for user in [
            r#""""#,
            "null",
            r#""root""#,
            r#""0""#,
            r#""0:0""#,
            r#""root:root""#,
            r#""root:x""#,
            r#"" root ""#,
            r#""00""#,
        ] {
            assert!(flagged(user), "{user}");
        }
        assert!(!findings("PL3001", &from_config("{}")).is_empty());
    }

    #[test]
    fn non_root_users() {
        for user in [r#""app""#, r#""10001:10001""#, r#""1000""#, r#""rooter""#] {
            assert!(!flagged(user), "{user}");
        }
    }
}
