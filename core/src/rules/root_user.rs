use super::helpers::unquote;
use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::syntax::ast::{Arguments, Keyword};

/// Returns true if a USER value names root by name or by id, with or without a group.
pub(crate) fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or(user);
    name == "root" || name == "0"
}

declare_rule! {
    /// ## What it does
    /// Reports a stage of the final image whose last `USER` is `root` or `0`.
    ///
    /// ## Why is this bad?
    /// The container's main process then runs as root. A flaw in the application becomes root
    /// inside the container, one step from the host.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// USER root
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// USER root
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// USER app
    /// ```
    ///
    /// ## Differences from hadolint
    /// Only stages that end up in the final image are checked: the target stage and the
    /// stages it is built on with `FROM`. hadolint also reports builder stages, whose user
    /// never reaches the image. The USER value is read after ARG and ENV expansion.
    pub RootUser {
        code: "DL3002",
        name: "root-user",
        severity: Warning,
    }
}

impl Rule for RootUser {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let instructions = context.instructions();
        for stage in &context.model.stages {
            if !context.model.is_in_final_image(stage.index) {
                continue;
            }
            let last_user = stage
                .instructions
                .clone()
                .rev()
                .find(|&index| instructions[index].keyword == Keyword::User);
            let Some(index) = last_user else {
                continue;
            };
            let Arguments::Text(word) = &instructions[index].arguments else {
                continue;
            };
            let value = context.expand_or_keep(index, &word.value);
            if is_root(unquote(value.trim())) {
                out.push(Self::META.diagnostic(
                    word.span,
                    format!(
                        "the last USER of this stage is `{value}`, so the container runs as \
                         root; switch to a non-root user after the steps that need root"
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
    fn last_user_root_fails() {
        assert_eq!(
            findings("DL3002", "FROM a:1\nUSER app\nUSER root\n"),
            vec![(3, 6)]
        );
        assert_eq!(findings("DL3002", "FROM a:1\nUSER 0:0\n"), vec![(2, 6)]);
        assert_eq!(
            findings("DL3002", "FROM a:1\nARG U=root\nUSER $U\n"),
            vec![(3, 6)]
        );
    }

    #[test]
    fn non_root_or_builder_passes() {
        assert!(findings("DL3002", "FROM a:1\nUSER root\nRUN x\nUSER app\n").is_empty());
        assert!(
            findings(
                "DL3002",
                "FROM a:1 AS build\nUSER root\nFROM b:1\nUSER app\n"
            )
            .is_empty()
        );
        assert!(findings("DL3002", "FROM a:1\nUSER rootless\n").is_empty());
    }
}
