use super::common::labels;
use crate::diagnostic::Diagnostic;
use crate::model::Base;
use crate::rules::instructions::common::{given_base_image, inherited};
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// When a label schema is configured, reports each schema label that a stage does not
    /// set, at the stage's `FROM`. A label set in a stage that this one is built on with
    /// `FROM <stage>` counts, and so does a label of the base image when its configuration
    /// is given. Stages used only as sources of `COPY --from` or `RUN --mount from=` are not
    /// reported, since their labels never reach an image.
    ///
    /// ## Why is this bad?
    /// The schema lists the labels that every image must carry, such as its source, version
    /// and licence, so that registries and scanners can read them.
    ///
    /// ## Example
    /// With a schema that lists `org.opencontainers.image.version`:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY app /usr/bin/app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version="1.4.2"
    /// COPY app /usr/bin/app
    /// ```
    ///
    /// ## Differences from hadolint
    /// Label keys are read after ARG and ENV expansion. hadolint stops reporting a stage once
    /// any `COPY --from` names it, even when other stages are built on it. plimsoll keeps
    /// reporting a stage that is also the base of another stage, or the target.
    pub MissingSchemaLabel {
        code: "DL3049",
        name: "missing-schema-label",
        severity: Info,
    }
}

impl Rule for MissingSchemaLabel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let schema = &context.options.label_schema;
        if schema.is_empty() {
            return;
        }
        let model = context.model;
        let mut keys: Vec<Vec<String>> = vec![Vec::new(); model.stages.len()];
        for label in labels(context) {
            if let Some(stage) = model.stage_of[label.instruction] {
                keys[stage].push(label.key);
            }
        }
        let mut used_as_base = vec![false; model.stages.len()];
        let mut used_as_source = vec![false; model.stages.len()];
        for stage in &model.stages {
            for &dependency in &stage.dependencies {
                if stage.base == Base::Stage(dependency) {
                    used_as_base[dependency] = true;
                } else {
                    used_as_source[dependency] = true;
                }
            }
        }
        let set_in_chain: Vec<Vec<bool>> = schema
            .iter()
            .map(|(name, _)| {
                let own: Vec<bool> = keys
                    .iter()
                    .map(|stage_keys| stage_keys.contains(name))
                    .collect();
                inherited(model, &own)
            })
            .collect();

        for stage in &model.stages {
            let only_a_source = used_as_source[stage.index]
                && !used_as_base[stage.index]
                && model.target != Some(stage.index);
            if only_a_source {
                continue;
            }
            let base_labels =
                given_base_image(context, stage.index).map(|config| &config.config.labels);
            for ((name, _), set_in_chain) in schema.iter().zip(&set_in_chain) {
                let set = set_in_chain[stage.index]
                    || base_labels.is_some_and(|labels| labels.contains_key(name));
                if set {
                    continue;
                }
                out.push(Self::META.diagnostic(
                    context.instructions()[stage.from].keyword_text.span,
                    format!("this stage does not set the schema label `{name}`"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::LintOptions;
    use crate::image::config::ImageConfig;
    use crate::lint::LabelType;
    use crate::rules::test_support::findings_with;

    fn schema() -> LintOptions {
        LintOptions {
            label_schema: vec![
                ("version".to_string(), LabelType::Semver),
                ("source".to_string(), LabelType::Url),
            ],
            ..LintOptions::default()
        }
    }

    #[test]
    fn missing_label_fails() {
        assert_eq!(
            findings_with("DL3049", "FROM a:1\nLABEL version=1.0.0\n", schema()),
            vec![(1, 1)]
        );
        assert_eq!(
            findings_with("DL3049", "FROM a:1\nRUN x\n", schema()),
            vec![(1, 1), (1, 1)]
        );
        let text = "FROM a:1 AS base\nLABEL version=1 source=x\nFROM base AS mid\nFROM b:1\n\
                    LABEL version=1 source=x\nCOPY --from=mid / /x\n";
        assert!(findings_with("DL3049", text, schema()).is_empty());
        let text = "FROM a:1 AS build\nFROM b:1 AS child\nFROM build\nLABEL version=1 source=x\n";
        assert_eq!(
            findings_with("DL3049", text, schema()),
            vec![(1, 1), (1, 1), (2, 1), (2, 1)]
        );
    }

    #[test]
    fn inherited_or_copy_source_passes() {
        let text = "FROM a:1 AS base\nLABEL version=1 \"source\"=x\nFROM base\nRUN y\n";
        assert!(findings_with("DL3049", text, schema()).is_empty());
        let text = "FROM a:1 AS build\nRUN make\nFROM b:1\nLABEL version=1 source=x\n\
                    COPY --from=build /out /out\n";
        assert!(findings_with("DL3049", text, schema()).is_empty());
        assert!(findings_with("DL3049", "FROM a:1\n", LintOptions::default()).is_empty());
    }

    #[test]
    fn base_image_labels_count() {
        let mut config = ImageConfig::default();
        config
            .config
            .labels
            .insert("source".to_string(), "https://x".to_string());
        let options = LintOptions {
            base_image: Some(Arc::new(config)),
            ..schema()
        };
        assert!(findings_with("DL3049", "FROM a:1\nLABEL version=1\n", options).is_empty());
    }
}
