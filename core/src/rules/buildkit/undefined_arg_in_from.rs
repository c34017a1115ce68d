use super::common::{PLATFORM_ARG_NAMES, suggest, word_part_span};
use crate::diagnostic::Diagnostic;
use crate::expand::variable_references;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::source::Span;
use crate::syntax::ast::Word;

declare_rule! {
    /// ## What it does
    /// Reports a variable in a `FROM` image or `--platform` value that is neither an ARG
    /// declared before the first `FROM` nor one of the platform ARGs BuildKit defines
    /// (`BUILDPLATFORM`, `TARGETARCH` and the like). The message suggests a declared name
    /// within two edits.
    ///
    /// ## Why is this bad?
    /// `FROM` reads only the ARGs declared before the first `FROM`. An ARG declared inside a
    /// stage, or a misspelled name, expands to the empty string, which changes the image or
    /// fails the build with a confusing message.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ARG VERSION=1.22
    /// FROM golang:${VERSION}
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ARG VERSION=1.22
    /// FROM alpine:3.20
    /// FROM golang:${VERSION}
    /// ```
    ///
    /// ## Differences from BuildKit
    /// A `--build-arg` counts only for ARGs the file declares, as in BuildKit.
    pub UndefinedArgInFrom {
        code: "PL1016",
        name: "undefined-arg-in-from",
        severity: Warning,
        aliases: ["UndefinedArgInFrom"],
    }
}

impl Rule for UndefinedArgInFrom {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let model = context.model;
        let mut known: Vec<&str> = PLATFORM_ARG_NAMES.to_vec();
        known.extend(model.global_args.iter().map(|arg| arg.name.as_str()));
        known.sort_unstable();
        known.dedup();

        for stage in &model.stages {
            let instruction = &context.instructions()[stage.from];
            // Each value with the word to point into, or the span to report when there is none.
            let mut values: Vec<(&str, Option<&Word>, Span)> = vec![(
                stage.image.value.as_str(),
                Some(&stage.image),
                stage.image.span,
            )];
            if let Some(flag) = instruction.flag("platform")
                && let Some(value) = flag.value.as_deref()
            {
                values.push((value, None, flag.span));
            }

            let mut reported: Vec<String> = Vec::new();
            for (value, word, span) in values {
                for (name, range) in variable_references(value, model.escape) {
                    if known.contains(&name.as_str()) || reported.contains(&name) {
                        continue;
                    }
                    let mut message = format!("FROM argument `{name}` is not declared");
                    if let Some(suggestion) = suggest(&name, known.iter().copied(), true) {
                        message.push_str(&format!(" (did you mean `{suggestion}`?)"));
                    }
                    message.push_str("; declare it with ARG before the first FROM");
                    let span = word.map_or(span, |word| word_part_span(word, range));
                    out.push(Self::META.diagnostic(span, message));
                    reported.push(name);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;
    use crate::{LintOptions, lint};

    fn messages(text: &str) -> Vec<String> {
        let options = LintOptions {
            select: vec!["PL1016".to_string()],
            ..LintOptions::default()
        };
        let result = lint(text.as_bytes(), &options).unwrap();
        result.diagnostics.into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn undeclared_arg_fails() {
        assert_eq!(
            findings("PL1016", "\nFROM --platform=$BULIDPLATFORM scratch\n"),
            vec![(2, 6)]
        );
        assert!(
            messages("FROM --platform=$BULIDPLATFORM scratch\n")[0]
                .contains("did you mean `BUILDPLATFORM`?")
        );
        let text = "ARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\n";
        assert!(messages(text)[0].contains("did you mean `MY_ARCH`?"));
        assert_eq!(
            findings(
                "PL1016",
                "\nARG tag=latest\nFROM busybox:${tag}${version} AS b\n"
            ),
            vec![(3, 20)]
        );
        assert_eq!(
            findings("PL1016", "FROM alpine:3.20\nARG V=1\nFROM golang:$V\n"),
            vec![(3, 13)]
        );
    }

    #[test]
    fn declared_or_builtin_passes() {
        for text in [
            "\nARG base=scratch\nFROM $base\nCOPY Dockerfile .\n",
            "\nARG BUILDPLATFORM=linux/amd64\nFROM --platform=$BUILDPLATFORM scratch\n",
            "\nFROM --platform=$BUILDPLATFORM scratch\n",
            "\nARG DEBUG\nFROM scratch${DEBUG}\n",
            "\nARG DEBUG\nFROM scra${DEBUG:-tch}\n",
            "\nARG DEBUG=\"\"\nFROM scratch${DEBUG-@bogus}\n",
            "FROM --platform=$TARGETSTAGE scratch\n",
        ] {
            assert!(findings("PL1016", text).is_empty(), "{text}");
        }
    }
}
