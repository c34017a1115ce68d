use super::common::{for_each_command, insert_after_word};
use crate::diagnostic::{Applicability, Diagnostic};
use crate::rules::helpers::runs;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

/// UIDs with more digits than this, from 100000 up, make the lastlog and faillog files large.
const MAX_SHORT_UID_DIGITS: usize = 5;

declare_rule! {
    /// ## What it does
    /// Reports `useradd` with a UID of six or more digits (`-u 100000` and up) and without
    /// `-l`/`--no-log-init`.
    ///
    /// ## Why is this bad?
    /// `useradd` writes the new user's entry into `/var/log/lastlog` and `/var/log/faillog`
    /// at an offset proportional to the UID. The files are sparse on disk, but image layers
    /// store them in full, so a high UID can add gigabytes to the image. `-l` skips these
    /// logs.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN useradd -u 123456 app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN useradd -l -u 123456 app
    /// ```
    ///
    /// ## Fix safety
    /// The fix inserts `-l` after `useradd`. It is safe: the user is created the same way,
    /// only without entries in the lastlog and faillog files.
    ///
    /// ## Differences from hadolint
    /// The UID is also read from `--uid` and `-u123456`, and a UID given as a build argument
    /// or ENV variable is checked after expansion. A UID whose value is unknown, such as
    /// `$(id -u)` or an ARG without a default, is not reported. hadolint reports such a UID
    /// when its text is longer than five characters.
    pub UseraddLongUid {
        code: "DL3046",
        name: "useradd-long-uid",
        severity: Warning,
        fixable: true,
    }
}

impl Rule for UseraddLongUid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for_each_command(context, |index, command, span| {
            if !runs(command, &["useradd"]) || command.has_flag(Some('l'), Some("no-log-init")) {
                return;
            }
            let Some(uid) = command.flag_value(Some('u'), Some("uid")) else {
                return;
            };
            let uid = context.expand_or_keep(index, uid);
            let long = uid.len() > MAX_SHORT_UID_DIGITS && uid.bytes().all(|b| b.is_ascii_digit());
            if !long {
                return;
            }
            let message = format!(
                "`useradd` with UID {uid} writes large lastlog and faillog files into the \
                 layer; add `-l`"
            );
            let fix = insert_after_word(
                context,
                index,
                &command.argv[0],
                " -l",
                "add `-l`",
                Applicability::Safe,
            );
            out.push(match fix {
                Some(fix) => Self::META.diagnostic_with_fix(span, message, fix),
                None => Self::META.diagnostic(span, message),
            });
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::packages::common::apply_fixes;
    use crate::rules::test_support::findings;

    #[test]
    fn fix_inserts_l_after_useradd() {
        assert_eq!(
            apply_fixes("DL3046", "FROM debian:12\nRUN useradd -m -u 123456 app\n"),
            "FROM debian:12\nRUN useradd -l -m -u 123456 app\n"
        );
    }

    #[test]
    fn long_uid_without_l_fails() {
        assert_eq!(
            findings("DL3046", "FROM debian:12\nRUN useradd -u 123456 app\n"),
            vec![(2, 5)]
        );
        assert_eq!(
            findings("DL3046", "FROM debian:12\nRUN useradd --uid=1000000 app\n"),
            vec![(2, 5)]
        );
        assert_eq!(
            findings(
                "DL3046",
                "FROM debian:12\nARG UID=200000\nRUN useradd -m -u \"$UID\" app\n"
            ),
            vec![(3, 5)]
        );
        assert_eq!(
            findings(
                "DL3046",
                "FROM debian:12\nONBUILD RUN useradd -u 123456 app\n"
            ),
            vec![(2, 13)]
        );
    }

    #[test]
    fn short_uid_or_l_passes() {
        for text in [
            "FROM debian:12\nRUN useradd -l -u 123456 app\n",
            "FROM debian:12\nRUN useradd --no-log-init -u 123456 app\n",
            "FROM debian:12\nRUN useradd -lmu 123456 app\n",
            "FROM debian:12\nRUN useradd -u 10001 app\n",
            "FROM debian:12\nRUN useradd app\n",
            "FROM debian:12\nARG UID=1000\nRUN useradd -u ${UID} app\n",
            "FROM debian:12\nARG UID\nRUN useradd -u ${UID} app\n",
        ] {
            assert!(findings("DL3046", text).is_empty(), "{text}");
        }
    }
}
