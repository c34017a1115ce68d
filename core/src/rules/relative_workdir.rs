use super::helpers::unquote;
use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::syntax::ast::{Arguments, Keyword};

/// Returns true for `/x`, `C:\x`, `C:/x` and `\x`.
fn is_absolute(path: &str) -> bool {
    let bytes = path.as_bytes();
    path.starts_with('/')
        || path.starts_with('\\')
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
}

declare_rule! {
    /// ## What it does
    /// Reports a `WORKDIR` whose path, after ARG and ENV expansion, is relative.
    ///
    /// ## Why is this bad?
    /// A relative `WORKDIR` is resolved against the previous working directory, which may be
    /// set by the base image. The resulting path changes when the base image changes.
    ///
    /// ## Example
    /// ```dockerfile
    /// WORKDIR app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// WORKDIR /app
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint accepts any path that starts with `$`. plimsoll expands variables first and
    /// checks the result; a path whose variables have no value is not reported.
    pub RelativeWorkdir {
        code: "DL3000",
        name: "relative-workdir",
        severity: Error,
        aliases: ["WorkdirRelativePath"],
    }
}

impl Rule for RelativeWorkdir {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in context.instructions().iter().enumerate() {
            let (Keyword::Workdir, Arguments::Text(word)) =
                (&instruction.keyword, &instruction.arguments)
            else {
                continue;
            };
            let path = if word.value.contains('$') {
                match context.model.expand(index, &word.value) {
                    Ok(expanded) if !expanded.is_empty() && !expanded.starts_with('$') => expanded,
                    _ => continue,
                }
            } else {
                word.value.clone()
            };
            let path = unquote(path.trim());
            if !is_absolute(path) {
                out.push(Self::META.diagnostic(
                    word.span,
                    format!(
                        "WORKDIR `{path}` is relative; use an absolute path such as `/{}`",
                        path.trim_start_matches("./")
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
    fn relative_path_fails() {
        assert_eq!(findings("DL3000", "FROM a:1\nWORKDIR app\n"), vec![(2, 9)]);
        assert_eq!(
            findings("DL3000", "FROM a:1\nARG D=src\nWORKDIR $D\n"),
            vec![(3, 9)]
        );
    }

    #[test]
    fn absolute_or_unknown_passes() {
        for text in [
            "FROM a:1\nWORKDIR /app\n",
            "FROM a:1\nWORKDIR \"/app\"\n",
            "FROM a:1\nWORKDIR C:\\\\app\n",
            "FROM a:1\nENV HOME=/root\nWORKDIR $HOME/x\n",
            "FROM a:1\nWORKDIR $UNSET/x\n",
        ] {
            assert!(findings("DL3000", text).is_empty(), "{text}");
        }
    }
}
