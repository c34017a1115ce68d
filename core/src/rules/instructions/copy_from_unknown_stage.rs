use super::common::copy_from;
use crate::diagnostic::Diagnostic;
use crate::model::Model;
use crate::reference::ImageReference;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `COPY --from=X` where `X` is neither an earlier stage, by name or index, nor
    /// an image reference with a tag, a digest or a path (`nginx:1.27`,
    /// `docker/dockerfile`).
    ///
    /// ## Why is this bad?
    /// A single word that names no earlier stage is usually a misspelt stage name or a stage
    /// defined later in the file. The builder then pulls an image of that name from Docker
    /// Hub, or fails, instead of copying from the stage that was meant.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// FROM alpine:3.20
    /// COPY --from=biuld /out/app /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// FROM alpine:3.20
    /// COPY --from=build /out/app /app
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint accepts any value that contains `:`, and plimsoll also accepts image
    /// references with a digest or a `/`. Values that use a variable are reported, because
    /// BuildKit does not expand variables in `--from` and fails the build. A reference to the stage itself
    /// is left to DL3023. A stage index that is not lower than the current stage's is
    /// reported, as BuildKit rejects it.
    ///
    /// A named build context given on the command line (`--build-context name=…`) cannot be
    /// seen in the Dockerfile, so `COPY --from=name` for one is reported too; ignore the
    /// finding on that line.
    pub CopyFromUnknownStage {
        code: "DL3022",
        name: "copy-from-unknown-stage",
        severity: Warning,
    }
}

impl Rule for CopyFromUnknownStage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let model = context.model;
        for (index, instruction) in context.instructions().iter().enumerate() {
            let (Some((flag, from)), Some(stage)) = (copy_from(instruction), model.stage_of[index])
            else {
                continue;
            };
            if from.contains('$') {
                out.push(Self::META.diagnostic(
                    flag.span,
                    format!(
                        "`--from={from}` uses a variable, which BuildKit does not expand in \
                         `--from`; define a stage with `FROM` from a global ARG and copy from it"
                    ),
                ));
                continue;
            }
            if model.stage_named(from, stage).is_some()
                || names_stage(model, from, stage)
                || is_image_reference(from)
            {
                continue;
            }
            let later = model
                .stages
                .iter()
                .skip(stage + 1)
                .any(|later| later.name.as_deref() == Some(from.to_ascii_lowercase().as_str()));
            let message = if later {
                format!(
                    "stage `{from}` is defined after this COPY; a stage can only copy from earlier stages"
                )
            } else {
                format!(
                    "`--from={from}` names no earlier stage; fix the stage name, or give the \
                     image a tag (`{from}:<tag>`) if an image is meant"
                )
            };
            out.push(Self::META.diagnostic(flag.span, message));
        }
    }
}

/// Returns true if `from` is the name or index of stage `current` itself.
pub(super) fn names_stage(model: &Model, from: &str, current: usize) -> bool {
    let stage = &model.stages[current];
    stage.name.as_deref() == Some(from.to_ascii_lowercase().as_str())
        || from.parse::<usize>() == Ok(current)
}

fn is_image_reference(from: &str) -> bool {
    // hadolint takes any value with `:` for an image; a digest or a path also make one.
    from.contains(':') || (from.contains(['@', '/']) && ImageReference::parse(from).is_ok())
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn unknown_name_fails() {
        assert_eq!(
            findings(
                "DL3022",
                "FROM a:1 AS build\nFROM b:1\nCOPY --from=biuld /x /y\n"
            ),
            vec![(3, 6)]
        );
        assert_eq!(
            findings(
                "DL3022",
                "FROM b:1\nCOPY --from=later /x /y\nFROM c:1 AS later\n"
            ),
            vec![(2, 6)]
        );
        assert_eq!(
            findings("DL3022", "FROM b:1\nCOPY --from=3 /x /y\n"),
            vec![(2, 6)]
        );
        assert_eq!(
            findings(
                "DL3022",
                "ARG S=build\nFROM a:1 AS build\nFROM b:1\nCOPY --from=$S /x /y\n"
            ),
            vec![(4, 6)]
        );
    }

    #[test]
    fn stages_and_images_pass() {
        assert!(
            findings(
                "DL3022",
                "FROM a:1 AS Build\nFROM b:1\nCOPY --from=build /x /y\n"
            )
            .is_empty()
        );
        assert!(findings("DL3022", "FROM a:1\nFROM b:1\nCOPY --from=0 /x /y\n").is_empty());
        assert!(findings("DL3022", "FROM b:1\nCOPY --from=nginx:1.27 /x /y\n").is_empty());
        assert!(findings("DL3022", "FROM b:1\nCOPY --from=docker/dockerfile /x /y\n").is_empty());
        assert!(findings("DL3022", "FROM b:1 AS me\nCOPY --from=me /x /y\n").is_empty());
        assert!(findings("DL3022", "FROM b:1\nCOPY --from= /x /y\n").is_empty());
    }
}
