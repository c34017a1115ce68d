use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

/// Stage names that BuildKit gives another meaning: the empty image and the build context.
const RESERVED_NAMES: &[&str] = &["scratch", "context"];

declare_rule! {
    /// ## What it does
    /// Reports a stage named `scratch` or `context`.
    ///
    /// ## Why is this bad?
    /// `scratch` is the empty base image and `context` names the build context in
    /// `--build-context` and `COPY --from`. A stage with one of these names is confusing, and
    /// references to it may not reach the stage.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20 AS context
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20 AS assets
    /// ```
    ///
    /// ## Differences from hadolint
    /// Names are compared without regard to case, as BuildKit stores stage names in lower
    /// case.
    pub ReservedStageName {
        code: "DL3063",
        name: "reserved-stage-name",
        severity: Warning,
        aliases: ["ReservedStageName"],
    }
}

impl Rule for ReservedStageName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &context.model.stages {
            let (Some(name), Some(span)) = (stage.name.as_deref(), stage.name_span) else {
                continue;
            };
            if RESERVED_NAMES.contains(&name) {
                out.push(Self::META.diagnostic(
                    span,
                    format!("stage name `{name}` is reserved; choose another name"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn reserved_name_fails() {
        assert_eq!(findings("DL3063", "FROM a:1 AS scratch\n"), vec![(1, 13)]);
        assert_eq!(findings("DL3063", "FROM a:1 AS Context\n"), vec![(1, 13)]);
    }

    #[test]
    fn other_name_passes() {
        assert!(findings("DL3063", "FROM a:1 AS build\nFROM scratch\n").is_empty());
    }
}
