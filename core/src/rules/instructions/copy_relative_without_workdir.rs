use super::common::{copy_paths, given_base_image, inherited, is_absolute_path, strip_quotes};
use crate::diagnostic::Diagnostic;
use crate::model::Base;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::syntax::ast::Keyword;

declare_rule! {
    /// ## What it does
    /// Reports a `COPY` to a relative destination in a stage where no `WORKDIR` has been set,
    /// neither in the stage before the `COPY` nor in the stages it is built on with `FROM`.
    /// When the configuration of the base image is given, a working directory set by that
    /// image counts as set.
    ///
    /// ## Why is this bad?
    /// A relative destination is resolved against the working directory, which then comes
    /// from the base image and can change when the base image does. The files may land
    /// somewhere unexpected.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12
    /// COPY app.py app/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12
    /// WORKDIR /srv
    /// COPY app.py app/
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint accepts every destination that starts with `$`; plimsoll expands it and
    /// reports it when its value is a relative path, and accepts it when the variable has no
    /// value. A `WORKDIR` set by the base image, read from the image configuration given in
    /// the options, counts; it applies to the stages built on the first stage's base image.
    pub CopyRelativeWithoutWorkdir {
        code: "DL3045",
        name: "copy-relative-without-workdir",
        severity: Warning,
    }
}

impl Rule for CopyRelativeWithoutWorkdir {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let instructions = context.instructions();
        let model = context.model;
        let is_workdir = |index: &usize| instructions[*index].keyword == Keyword::Workdir;
        let has_workdir: Vec<bool> = model
            .stages
            .iter()
            .map(|stage| stage.instructions.clone().any(|index| is_workdir(&index)))
            .collect();
        let workdir_in_chain = inherited(model, &has_workdir);

        for stage in &model.stages {
            let inherited = match stage.base {
                Base::Stage(parent) => workdir_in_chain.get(parent).copied().unwrap_or(false),
                _ => false,
            } || given_base_image(context, stage.index).is_some_and(|config| {
                config
                    .config
                    .working_dir
                    .as_deref()
                    .is_some_and(|directory| !directory.is_empty())
            });
            if inherited {
                continue;
            }

            for index in stage.instructions.clone() {
                if is_workdir(&index) {
                    break;
                }
                let Some((_, destination)) = copy_paths(&instructions[index]) else {
                    continue;
                };
                let written = strip_quotes(&destination.value);
                let value = strip_quotes(&context.expand_or_keep(index, &destination.value));
                let unresolved = written.starts_with('$') && (value.is_empty() || value == written);
                if unresolved || is_absolute_path(&value) {
                    continue;
                }
                out.push(Self::META.diagnostic(
                    destination.span,
                    format!(
                        "COPY to the relative path `{value}` with no WORKDIR set; set WORKDIR \
                         first or use an absolute path"
                    ),
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
    use crate::rules::test_support::{findings, findings_with};

    #[test]
    fn relative_without_workdir_fails() {
        assert_eq!(findings("DL3045", "FROM a:1\nCOPY x app/\n"), vec![(2, 8)]);
        assert_eq!(
            findings("DL3045", "FROM a:1\nCOPY x app/\nWORKDIR /srv\n"),
            vec![(2, 8)]
        );
        assert_eq!(
            findings("DL3045", "FROM a:1\nARG D=app\nCOPY x $D\n"),
            vec![(3, 8)]
        );
        assert_eq!(
            findings("DL3045", "FROM a:1 AS b\nWORKDIR /x\nFROM a:1\nCOPY x y\n"),
            vec![(4, 8)]
        );
    }

    #[test]
    fn absolute_or_workdir_passes() {
        assert!(findings("DL3045", "FROM a:1\nCOPY x /app/\n").is_empty());
        assert!(findings("DL3045", "FROM a:1\nCOPY x \"/app/\"\n").is_empty());
        assert!(findings("DL3045", "FROM a:1\nCOPY x C:\\app\n").is_empty());
        assert!(findings("DL3045", "FROM a:1\nWORKDIR /srv\nCOPY x app/\n").is_empty());
        assert!(findings("DL3045", "FROM a:1\nCOPY x $UNSET\n").is_empty());
        assert!(
            findings(
                "DL3045",
                "FROM a:1 AS base\nWORKDIR /srv\nFROM base\nCOPY x app/\n"
            )
            .is_empty()
        );
    }

    #[test]
    fn base_image_workdir_passes() {
        let mut config = ImageConfig::default();
        config.config.working_dir = Some("/usr/src/app".to_string());
        let options = LintOptions {
            base_image: Some(Arc::new(config)),
            ..LintOptions::default()
        };
        assert!(findings_with("DL3045", "FROM a:1\nCOPY x app/\n", options.clone()).is_empty());
        assert_eq!(
            findings_with("DL3045", "FROM a:1\nFROM b:1\nCOPY x app/\n", options),
            vec![(3, 8)]
        );
    }
}
