use super::common::{given_base_image, inherited, passed_down};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::syntax::ast::Keyword;

declare_rule! {
    /// ## What it does
    /// Reports a stage without a `HEALTHCHECK`. A stage passes when it, a stage it is built
    /// on with `FROM`, or a stage built on it has one, `HEALTHCHECK NONE` included. When the
    /// configuration of the base image is given, a health check set by that image counts.
    ///
    /// This rule is off by default; select it or give it a severity to run it.
    ///
    /// ## Why is this bad?
    /// Without a health check, the container runtime knows only whether the process runs,
    /// not whether it serves requests, so orchestrators cannot restart a hung container.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// COPY site/ /usr/share/nginx/html/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27
    /// COPY site/ /usr/share/nginx/html/
    /// HEALTHCHECK CMD curl -f http://localhost/ || exit 1
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint also passes a stage built on a stage whose other child has a health check,
    /// because it marks the shared parent as checked. plimsoll reports such a stage.
    pub MissingHealthcheck {
        code: "DL3057",
        name: "missing-healthcheck",
        severity: Info,
        enabled_by_default: false,
    }
}

impl Rule for MissingHealthcheck {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let instructions = context.instructions();
        let model = context.model;
        let own: Vec<bool> = model
            .stages
            .iter()
            .map(|stage| {
                stage
                    .instructions
                    .clone()
                    .any(|index| instructions[index].keyword == Keyword::Healthcheck)
            })
            .collect();
        let in_ancestry = inherited(model, &own);
        // hadolint also counts a health check in a stage built on this one.
        let in_descendant = passed_down(model, &own);

        for stage in &model.stages {
            let from_base = given_base_image(context, stage.index)
                .is_some_and(|config| config.config.healthcheck.is_some());
            if in_ancestry[stage.index] || in_descendant[stage.index] || from_base {
                continue;
            }
            out.push(Self::META.diagnostic(
                instructions[stage.from].keyword_text.span,
                "this stage has no HEALTHCHECK; add one so that the runtime can tell whether \
                 the container works",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn stage_without_healthcheck_fails() {
        assert_eq!(findings("DL3057", "FROM a:1\nRUN x\n"), vec![(1, 1)]);
        assert_eq!(
            findings("DL3057", "FROM a:1 AS one\nHEALTHCHECK NONE\nFROM b:1\n"),
            vec![(3, 1)]
        );
    }

    #[test]
    fn inherited_healthcheck_passes() {
        assert!(
            findings(
                "DL3057",
                "FROM a:1 AS base\nHEALTHCHECK CMD x\nFROM base\nRUN y\n"
            )
            .is_empty()
        );
        assert!(findings("DL3057", "FROM a:1 AS base\nFROM base\nHEALTHCHECK CMD x\n").is_empty());
    }
}
