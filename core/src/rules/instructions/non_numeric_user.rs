use super::common::root_stage;
use crate::diagnostic::Diagnostic;
use crate::model::Base;
use crate::rules::helpers::unquote;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::syntax::ast::{Arguments, Keyword};

declare_rule! {
    /// ## What it does
    /// Reports a final image whose user is a name rather than a numeric user ID: the last
    /// `USER` of the target stage or of the stages it is built on with `FROM`.
    ///
    /// ## Why is this bad?
    /// A user name is resolved inside the container. The host and the orchestrator cannot
    /// resolve it, so checks such as Kubernetes' `runAsNonRoot` cannot tell whether the
    /// container runs as root and refuse to start it.
    ///
    /// ## Example
    /// ```dockerfile
    /// USER app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// USER 10001:10001
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint 2.15.1 reports every `USER` of every stage. The upstream rule was later
    /// narrowed to the user of the final image, and plimsoll checks only that one, because
    /// the users of other stages never reach a host. The user is read after ARG and ENV
    /// expansion: a variable that expands to a name is reported, and one without a value is
    /// not. Windows images are not checked, since Windows users have no numeric IDs.
    pub NonNumericUser {
        code: "DL3066",
        name: "non-numeric-user",
        severity: Info,
    }
}

impl Rule for NonNumericUser {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let instructions = context.instructions();
        let model = context.model;
        let Some(target) = model.target else {
            return;
        };
        let Some(index) = last_user_in_chain(context, target) else {
            return;
        };

        let Arguments::Text(word) = &instructions[index].arguments else {
            return;
        };
        // Windows containers name users (`ContainerUser`); they have no numeric IDs.
        if is_windows_image(context, target) {
            return;
        }

        let written = unquote(word.value.trim());
        let written_uid = written.split(':').next().unwrap_or(written);
        let value = context.expand_or_keep(index, written);
        let uid = value.split(':').next().unwrap_or(&value);
        let unresolved = written_uid.contains('$') && (uid.is_empty() || uid.contains('$'));
        if unresolved || (!uid.is_empty() && uid.bytes().all(|byte| byte.is_ascii_digit())) {
            return;
        }
        out.push(Self::META.diagnostic(
            word.span,
            format!(
                "the image runs as user `{uid}`, a name the host cannot resolve; use a numeric \
                 user ID such as `USER 10001`"
            ),
        ));
    }
}

/// Returns the index of the last USER of stage `index`, or of the nearest stage it is built
/// on with `FROM <stage>` that has one.
fn last_user_in_chain(context: &Context<'_>, index: usize) -> Option<usize> {
    let model = context.model;
    let mut current = index;
    loop {
        let stage = model.stages.get(current)?;
        let user = stage
            .instructions
            .clone()
            .rev()
            .find(|&at| context.instructions()[at].keyword == Keyword::User);
        if user.is_some() {
            return user;
        }
        // A base stage always comes earlier in the file, so the walk ends.
        match stage.base {
            Base::Stage(parent) if parent < current => current = parent,
            _ => return None,
        }
    }
}

/// Returns true if stage `index` builds a Windows image: the file uses the backtick escape
/// character of Windows Dockerfiles, or the image at the root of its `FROM` chain is a Windows
/// base image.
fn is_windows_image(context: &Context<'_>, index: usize) -> bool {
    let root = root_stage(context.model, index);
    let image = context.model.stages[root]
        .image_expanded
        .to_ascii_lowercase();
    context.dockerfile.escape == '`'
        || ["windows", "nanoserver", "servercore"]
            .iter()
            .any(|marker| image.contains(marker))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn user_name_fails() {
        assert_eq!(findings("DL3066", "FROM a:1\nUSER app\n"), vec![(2, 6)]);
        assert_eq!(
            findings("DL3066", "FROM a:1\nUSER app:1000\n"),
            vec![(2, 6)]
        );
        assert_eq!(
            findings("DL3066", "FROM a:1\nARG U=app\nUSER $U\n"),
            vec![(3, 6)]
        );
        assert_eq!(
            findings("DL3066", "FROM a:1 AS base\nUSER app\nFROM base\nRUN x\n"),
            vec![(2, 6)]
        );
    }

    #[test]
    fn numeric_or_earlier_stage_passes() {
        assert!(findings("DL3066", "FROM a:1\nUSER 1000:1000\n").is_empty());
        assert!(findings("DL3066", "FROM a:1\nUSER app\nUSER 1000\n").is_empty());
        assert!(findings("DL3066", "FROM a:1\nARG UID\nUSER $UID\n").is_empty());
        assert!(findings("DL3066", "FROM a:1\nUSER app\nFROM b:1\nRUN x\n").is_empty());
        assert!(
            findings(
                "DL3066",
                "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nUSER ContainerUser\n"
            )
            .is_empty()
        );
    }
}
