use super::common::copy_from;
use crate::diagnostic::Diagnostic;
use crate::model::{Base, mount_option};
use crate::reference::ImageReference;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::source::Span;
use crate::syntax::ast::Keyword;

declare_rule! {
    /// ## What it does
    /// When trusted registries are configured, reports base images, `COPY --from` images and
    /// `RUN --mount` `from=` images that come from any other registry. Stages of the same
    /// Dockerfile and `scratch` are always allowed.
    ///
    /// A pattern `*` allows every registry, `*.example.com` allows registries ending in
    /// `.example.com`, `registry.*` allows registries starting with `registry.`, and any other
    /// pattern must equal the registry. Images without a registry come from Docker Hub, which
    /// the patterns `docker.io` and `hub.docker.com` allow.
    ///
    /// ## Why is this bad?
    /// Images from unvetted registries can change or disappear without notice and may not
    /// meet the organisation's security review.
    ///
    /// ## Example
    /// With `trusted_registries = ["registry.example.com"]`:
    /// ```dockerfile
    /// FROM ghcr.io/acme/app:1.0
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM registry.example.com/acme/app:1.0
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint takes the first part of a name for a registry only when it contains a dot,
    /// so `localhost:5000/app` counts as Docker Hub there; plimsoll reads names as Docker
    /// does, where a first part with a dot, a port, or the name `localhost` is a registry.
    /// Image names are read after ARG expansion. Registries are compared without regard to
    /// case.
    pub UntrustedRegistry {
        code: "DL3026",
        name: "untrusted-registry",
        severity: Error,
    }
}

impl Rule for UntrustedRegistry {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let patterns = &context.options.trusted_registries;
        if patterns.is_empty() {
            return;
        }
        let mut report = |span: Span, reference: &ImageReference| {
            if !is_trusted(patterns, reference) {
                out.push(Self::META.diagnostic(
                    span,
                    format!(
                        "image `{}` comes from `{}`, which is not a trusted registry",
                        reference.familiar(),
                        reference.normalized_registry()
                    ),
                ));
            }
        };

        for stage in &context.model.stages {
            if let Base::Image(reference) = &stage.base {
                report(stage.image.span, reference);
            }
        }

        let model = context.model;
        for (index, instruction) in context.instructions().iter().enumerate() {
            let Some(stage) = model.stage_of[index] else {
                continue;
            };
            let mut sources: Vec<(&str, Span)> = Vec::new();
            if let Some((flag, from)) = copy_from(instruction) {
                sources.push((from, flag.span));
            }
            if instruction.keyword == Keyword::Run {
                for flag in instruction.flags.iter().filter(|flag| flag.name == "mount") {
                    let Some(mount) = flag.value.as_deref() else {
                        continue;
                    };
                    let kind = mount_option(mount, &["type"]).unwrap_or("bind");
                    if let ("bind" | "cache", Some(from)) = (kind, mount_option(mount, &["from"])) {
                        sources.push((from, flag.span));
                    }
                }
            }
            for (from, span) in sources {
                let is_stage = model.stage_named(from, stage).is_some()
                    || model.stages[stage].name.as_deref()
                        == Some(from.to_ascii_lowercase().as_str());
                if is_stage || from.eq_ignore_ascii_case("scratch") || from.contains('$') {
                    continue;
                }
                if let Ok(reference) = ImageReference::parse(from) {
                    report(span, &reference);
                }
            }
        }
    }
}

fn is_trusted(patterns: &[String], reference: &ImageReference) -> bool {
    match reference.registry.as_deref() {
        Some(registry) if reference.normalized_registry() != "docker.io" => {
            patterns.iter().any(|pattern| matches(pattern, registry))
        }
        written => ["docker.io", "hub.docker.com"]
            .into_iter()
            .chain(written)
            .any(|registry| patterns.iter().any(|pattern| matches(pattern, registry))),
    }
}

/// Matches a registry against one pattern of hadolint's `trustedRegistries` setting.
fn matches(pattern: &str, registry: &str) -> bool {
    let pattern = pattern.to_ascii_lowercase();
    let registry = registry.to_ascii_lowercase();
    if pattern == "*" {
        true
    } else if let Some(suffix) = pattern.strip_prefix('*') {
        registry.ends_with(suffix)
    } else if let Some(prefix) = pattern.strip_suffix('*') {
        registry.starts_with(prefix)
    } else {
        registry == pattern
    }
}

#[cfg(test)]
mod tests {
    use crate::LintOptions;
    use crate::rules::test_support::findings_with;

    fn trusting(patterns: &[&str]) -> LintOptions {
        LintOptions {
            trusted_registries: patterns.iter().map(|p| p.to_string()).collect(),
            ..LintOptions::default()
        }
    }

    #[test]
    fn other_registry_fails() {
        let options = trusting(&["registry.example.com"]);
        assert_eq!(
            findings_with("DL3026", "FROM ghcr.io/a/b:1\n", options.clone()),
            vec![(1, 6)]
        );
        assert_eq!(
            findings_with("DL3026", "FROM debian:12\n", options.clone()),
            vec![(1, 6)]
        );
        assert_eq!(
            findings_with(
                "DL3026",
                "FROM localhost:5000/app:1\n",
                trusting(&["docker.io"])
            ),
            vec![(1, 6)]
        );
        let text = "FROM registry.example.com/a:1\nCOPY --from=quay.io/x/y:2 /a /b\n\
                    RUN --mount=type=cache,from=gcr.io/x/y,target=/c true\n";
        assert_eq!(findings_with("DL3026", text, options), vec![(2, 6), (3, 5)]);
    }

    #[test]
    fn trusted_sources_pass() {
        let text = "FROM registry.example.com/a:1 AS build\nFROM build\nFROM scratch\n\
                    COPY --from=build /a /b\nCOPY --from=0 /a /b\n\
                    RUN --mount=type=secret,id=x true\n";
        assert!(findings_with("DL3026", text, trusting(&["registry.example.com"])).is_empty());
        assert!(findings_with("DL3026", "FROM debian:12\n", trusting(&["docker.io"])).is_empty());
        assert!(
            findings_with(
                "DL3026",
                "FROM a.b.example.com/x\n",
                trusting(&["*.example.com"])
            )
            .is_empty()
        );
        assert!(
            findings_with("DL3026", "FROM registry.io/x\n", trusting(&["registry.*"])).is_empty()
        );
        assert!(findings_with("DL3026", "FROM ghcr.io/x\n", trusting(&["*"])).is_empty());
        assert!(findings_with("DL3026", "FROM ghcr.io/x\n", LintOptions::default()).is_empty());
    }
}
