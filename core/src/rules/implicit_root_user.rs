use super::buildkit::common::base_image_of;
use super::context::ShellKind;
use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::model::Base;
use crate::syntax::ast::Keyword;

/// Markers of base images whose configuration already sets a non-root user.
const NON_ROOT_IMAGE_MARKERS: &[&str] = &["nonroot", "non-root", "rootless", "unprivileged"];

/// Registries and repositories whose images run as a non-root user by default.
const NON_ROOT_IMAGE_PREFIXES: &[&str] = &["bitnami/", "cgr.dev/chainguard/"];

declare_rule! {
    /// ## What it does
    /// Reports a final image whose stages never set `USER`, so that it runs as the base
    /// image's user, which is root for almost every base image.
    ///
    /// ## Why is this bad?
    /// The container's process runs as root unless every `docker run` and every Kubernetes
    /// manifest remembers to override it. DL3002 catches an explicit `USER root`; this rule
    /// catches the far more common case of no `USER` at all.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY app.py /app/
    /// CMD ["python", "/app/app.py"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN useradd --system --uid 10001 app
    /// COPY app.py /app/
    /// USER 10001
    /// CMD ["python", "/app/app.py"]
    /// ```
    ///
    /// Base images known to run as non-root (tags or names with `nonroot`, `rootless` or
    /// `unprivileged`, Bitnami and Chainguard images) are not reported. When the base image
    /// configuration is given (`--base-config`), its `User` decides instead of the name: a
    /// non-root user there passes, and an empty, `root` or `0` user is reported whatever the
    /// image is called. Windows images are not checked.
    pub ImplicitRootUser {
        code: "PL1003",
        name: "implicit-root-user",
        severity: Warning,
    }
}

impl Rule for ImplicitRootUser {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let model = context.model;
        let Some(target) = model.target_stage() else {
            return;
        };
        if *context.shell(target.from) == ShellKind::Windows {
            return;
        }
        let chain = model.ancestry(target.index);
        let sets_user = chain.iter().any(|&stage| {
            model.stages[stage]
                .instructions
                .clone()
                .any(|index| context.instructions()[index].keyword == Keyword::User)
        });
        if sets_user {
            return;
        }
        let Some(&root_stage) = chain.last() else {
            return;
        };
        let base = &model.stages[root_stage];
        if let Some(config) =
            base_image_of(model, context.options.base_image.as_deref(), target.index)
        {
            let user = config.config.user.as_deref().unwrap_or_default();
            if !is_root_user(user) {
                return;
            }
            out.push(Self::META.diagnostic(
                target.image.span,
                format!(
                    "the final image never sets USER, and the configuration of `{}` sets no \
                     non-root user, so it runs as root; add `USER <non-root user>`",
                    base.image_expanded
                ),
            ));
            return;
        }
        if let Base::Image(_) | Base::Scratch = base.base {
            let image = base.image_expanded.to_ascii_lowercase();
            let known_non_root = NON_ROOT_IMAGE_MARKERS
                .iter()
                .any(|marker| image.contains(marker))
                || NON_ROOT_IMAGE_PREFIXES
                    .iter()
                    .any(|prefix| image.starts_with(prefix));
            if known_non_root {
                return;
            }
        } else {
            return;
        }
        out.push(Self::META.diagnostic(
            target.image.span,
            format!(
                "the final image never sets USER, so it runs as the user of `{}`, normally \
                 root; add `USER <non-root user>`",
                base.image_expanded
            ),
        ));
    }
}

/// Returns true for a configuration `User` that means root: empty, or `root` or `0` with or
/// without a group.
fn is_root_user(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or_default().trim();
    name.is_empty() || name == "root" || name == "0"
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::LintOptions;
    use crate::image::config::ImageConfig;
    use crate::rules::test_support::{findings, findings_with};

    fn base_user(user: &str) -> LintOptions {
        let json = serde_json::json!({ "config": { "User": user } });
        let config = ImageConfig::from_json(json.to_string().as_bytes()).unwrap();
        LintOptions {
            base_image: Some(Arc::new(config)),
            ..LintOptions::default()
        }
    }

    #[test]
    fn base_image_user_decides() {
        let text = "FROM python:3.12\nCMD [\"python\"]\n";
        assert!(findings_with("PL1003", text, base_user("10001")).is_empty());
        assert!(findings_with("PL1003", text, base_user("app:app")).is_empty());
        assert_eq!(findings_with("PL1003", text, base_user("")), vec![(1, 6)]);
        assert_eq!(
            findings_with("PL1003", text, base_user("0:0")),
            vec![(1, 6)]
        );
        let named = "FROM gcr.io/distroless/static-debian12:nonroot\n";
        assert_eq!(
            findings_with("PL1003", named, base_user("root")),
            vec![(1, 6)]
        );
        let text = "FROM python:3.12\nUSER app\n";
        assert!(findings_with("PL1003", text, base_user("root")).is_empty());
    }

    #[test]
    fn no_user_fails() {
        assert_eq!(
            findings("PL1003", "FROM python:3.12\nCMD [\"python\"]\n"),
            vec![(1, 6)]
        );
        assert_eq!(
            findings(
                "PL1003",
                "FROM golang:1.22 AS build\nUSER app\nFROM debian:12\n"
            ),
            vec![(3, 6)]
        );
    }

    #[test]
    fn user_in_chain_or_non_root_base_passes() {
        for text in [
            "FROM python:3.12\nUSER app\n",
            "FROM python:3.12 AS base\nUSER app\nFROM base\nRUN x\n",
            "FROM gcr.io/distroless/static-debian12:nonroot\n",
            "FROM bitnami/nginx:1.27\n",
        ] {
            assert!(findings("PL1003", text).is_empty(), "{text}");
        }
    }
}
