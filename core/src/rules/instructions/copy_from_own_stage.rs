use super::common::copy_from;
use super::copy_from_unknown_stage::names_stage;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `COPY --from=X` inside the stage that `X` names, by name or index.
    ///
    /// ## Why is this bad?
    /// A stage cannot copy from itself: it is not built yet when its own `COPY` runs, and the
    /// build fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// COPY --from=build /out/app /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app .
    /// FROM alpine:3.20
    /// COPY --from=build /out/app /app
    /// ```
    ///
    /// ## Differences from hadolint
    /// Stage names are compared without regard to case, as BuildKit compares them, and the
    /// stage's own index (`COPY --from=1` in the second stage) is reported too.
    pub CopyFromOwnStage {
        code: "DL3023",
        name: "copy-from-own-stage",
        severity: Error,
    }
}

impl Rule for CopyFromOwnStage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in context.instructions().iter().enumerate() {
            let (Some((flag, from)), Some(stage)) =
                (copy_from(instruction), context.model.stage_of[index])
            else {
                continue;
            };
            if names_stage(context.model, from, stage) {
                out.push(Self::META.diagnostic(
                    flag.span,
                    format!(
                        "`--from={from}` names the stage this COPY is in; a stage cannot copy \
                         from itself"
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn own_stage_fails() {
        assert_eq!(
            findings("DL3023", "FROM a:1 AS build\nCOPY --from=build /x /y\n"),
            vec![(2, 6)]
        );
        assert_eq!(
            findings("DL3023", "FROM a:1\nFROM b:1 AS B\nCOPY --from=1 /x /y\n"),
            vec![(3, 6)]
        );
    }

    #[test]
    fn other_stage_passes() {
        assert!(
            findings(
                "DL3023",
                "FROM a:1 AS build\nFROM b:1\nCOPY --from=build /x /y\n"
            )
            .is_empty()
        );
    }
}
