use std::collections::HashMap;

use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a stage name used by an earlier stage.
    ///
    /// ## Why is this bad?
    /// BuildKit refuses to build the file. With older builders, `COPY --from` and `--target`
    /// silently pick one of the two stages.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// FROM node:22 AS build
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.22 AS build-api
    /// FROM node:22 AS build-web
    /// ```
    pub DuplicateStageName {
        code: "DL3024",
        name: "duplicate-stage-name",
        severity: Error,
        aliases: ["DuplicateStageName"],
    }
}

impl Rule for DuplicateStageName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let stages = &context.model.stages;
        // The first stage of each name.
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (position, stage) in stages.iter().enumerate() {
            let (Some(name), Some(span)) = (&stage.name, stage.name_span) else {
                continue;
            };
            let earlier = *first.entry(name.as_str()).or_insert(position);
            if earlier != position {
                let earlier = &stages[earlier];
                let line = context
                    .dockerfile
                    .line_of(context.instructions()[earlier.from].span.start);
                out.push(Self::META.diagnostic(
                    span,
                    format!("stage name `{name}` is already used by the stage on line {line}"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn repeated_name_fails() {
        assert_eq!(
            findings("DL3024", "FROM a:1 AS x\nFROM b:1 AS X\n"),
            vec![(2, 13)]
        );
    }

    #[test]
    fn distinct_names_pass() {
        assert!(findings("DL3024", "FROM a:1 AS x\nFROM b:1 AS y\nFROM c:1\n").is_empty());
    }
}
