use std::collections::HashSet;

use super::common::{base_image_of, suggest, word_part_span};
use crate::diagnostic::Diagnostic;
use crate::expand::{Env, Lexer, variable_references};
use crate::model::{Base, arg_declarations};
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::source::Span;
use crate::syntax::ast::{Arguments, Instruction, Keyword, Word};

/// Build arguments BuildKit reads itself and never puts in the environment.
const NON_ENV_ARGS: [&str; 2] = ["BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"];

declare_rule! {
    /// ## What it does
    /// Reports a `$VAR` that no ARG, ENV or base image environment defines. It checks the
    /// places BuildKit expands itself: the sources, destination, `--chown` and `--chmod` of `COPY`
    /// and `ADD` (and `ADD --checksum`), the bodies of their unquoted heredocs, `ENV` and
    /// `LABEL` keys and values, `WORKDIR`, `USER`, `VOLUME`, `STOPSIGNAL`, `ARG` defaults and
    /// the values of `RUN --mount`. The message suggests a defined name within two edits.
    ///
    /// ## Why is this bad?
    /// An undefined variable expands to the empty string, so `COPY $SRC_DIR /app` copies the
    /// whole build context and `WORKDIR $APP_HOME` changes nothing. A misspelled name is the
    /// usual cause.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ARG DIR_ASSETS=assets/
    /// COPY $DIR_ASSET /srv/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ARG DIR_ASSETS=assets/
    /// COPY $DIR_ASSETS /srv/
    /// ```
    ///
    /// Shell-form `RUN`, `CMD` and `ENTRYPOINT` are left to the shell and not checked. An
    /// ARG declared without a value counts as defined. ARGs and ENVs of a stage carry over to
    /// stages built on it with `FROM <stage>`.
    ///
    /// ## Differences from BuildKit
    /// BuildKit reads the environment of the base image from the registry. plimsoll reads it
    /// from the image configuration given with `--base-config`, which describes the image of
    /// the first stage and of later stages on the same image. For a stage on any other image
    /// it cannot know what the image defines, so it reports only variables with a
    /// "did you mean" suggestion among the names the file defines, which are most likely
    /// misspelled. `PATH` always counts as defined, because BuildKit sets a default when the
    /// image has none.
    pub UndefinedVariable {
        code: "PL1017",
        name: "undefined-variable",
        severity: Warning,
        aliases: ["UndefinedVar"],
    }
}

/// The names a stage defines at some point: environment names in definition order, and
/// every ARG declared so far, with or without a value.
#[derive(Clone, Default)]
struct Scope {
    env: Vec<String>,
    /// The names of `env`, to look them up without a scan.
    env_names: HashSet<String>,
    args: HashSet<String>,
    /// True if the stage builds on an image whose environment is not known.
    unknown_base: bool,
}

impl Scope {
    fn with_env(names: impl Iterator<Item = String>) -> Scope {
        let mut scope = Scope::default();
        for name in names {
            scope.define(&name);
        }
        scope
    }

    fn define(&mut self, name: &str) {
        if self.env_names.insert(name.to_string()) {
            self.env.push(name.to_string());
        }
    }
}

/// A defined name has an empty value: only whether a name is defined matters.
impl Env for Scope {
    fn get(&self, name: &str) -> Option<&str> {
        self.env_names.contains(name).then_some("")
    }
}

/// A piece of text BuildKit expands, with where to report in it.
struct Expanded<'a> {
    text: &'a str,
    /// The word the text was read from, for pointing at the variable; `None` reports `span`.
    word: Option<&'a Word>,
    span: Span,
    /// Heredoc bodies are expanded with quotes read as ordinary characters.
    raw: bool,
}

impl Rule for UndefinedVariable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let model = context.model;
        let instructions = context.instructions();
        let mut final_scopes: Vec<Scope> = Vec::with_capacity(model.stages.len());
        for stage in &model.stages {
            let mut scope = match &stage.base {
                Base::Stage(parent) => final_scopes.get(*parent).cloned().unwrap_or_default(),
                Base::Scratch => Scope::default(),
                Base::Image(_) | Base::Invalid { .. } => {
                    match base_image_of(model, context.options.base_image.as_deref(), stage.index) {
                        Some(config) => {
                            Scope::with_env(config.env_pairs().map(|(key, _)| key.to_string()))
                        }
                        None => Scope {
                            unknown_base: true,
                            ..Scope::default()
                        },
                    }
                }
            };
            scope.define("PATH");

            for index in stage.instructions.clone().skip(1) {
                let instruction = &instructions[index];
                if instruction.keyword == Keyword::Arg {
                    check_arg(context, instruction, index, &mut scope, out);
                    continue;
                }
                for expanded in expanded_texts(instruction) {
                    report_undefined(context, &scope, &expanded, out);
                }
                if let (Keyword::Env, Arguments::Pairs(pairs)) =
                    (instruction.keyword, &instruction.arguments)
                {
                    for pair in pairs {
                        let key = context.expand_or_keep(index, &pair.key.value);
                        scope.define(&key);
                    }
                }
            }
            final_scopes.push(scope);
        }
    }
}

/// Checks the defaults of an ARG, each in the scope left by the names before it, and adds
/// the names to the scope.
fn check_arg(
    context: &Context<'_>,
    instruction: &Instruction,
    index: usize,
    scope: &mut Scope,
    out: &mut Vec<Diagnostic>,
) {
    let model = context.model;
    for declaration in arg_declarations(instruction, index) {
        let given = model
            .build_args
            .iter()
            .any(|(key, _)| *key == declaration.name);
        let global = model.global_arg_value(&declaration.name).is_some();
        if let Some(default) = declaration.default.as_deref()
            && !given
        {
            let value_start = declaration.name.len() + 1;
            let span = if declaration.span.len() == declaration.name.len() + 1 + default.len() {
                Span::new(declaration.span.start + value_start, declaration.span.end)
            } else {
                declaration.span
            };
            let expanded = Expanded {
                text: default,
                word: None,
                span,
                raw: false,
            };
            report_undefined(context, scope, &expanded, out);
        }
        if (declaration.default.is_some() || given || global)
            && !NON_ENV_ARGS.contains(&declaration.name.as_str())
        {
            scope.define(&declaration.name);
        }
        scope.args.insert(declaration.name);
    }
}

/// Returns the texts of an instruction that BuildKit expands and checks.
fn expanded_texts(instruction: &Instruction) -> Vec<Expanded<'_>> {
    let mut texts = Vec::new();
    fn word(word: &Word) -> Expanded<'_> {
        Expanded {
            text: &word.value,
            word: Some(word),
            span: word.span,
            raw: false,
        }
    }
    let flag_names: &[&str] = match instruction.keyword {
        Keyword::Add => &["chown", "chmod", "checksum"],
        Keyword::Copy => &["chown", "chmod"],
        _ => &[],
    };
    for flag in &instruction.flags {
        if let Some(value) = flag.value.as_deref()
            && flag_names.contains(&flag.name.as_str())
        {
            texts.push(Expanded {
                text: value,
                word: None,
                span: flag.span,
                raw: false,
            });
        }
    }
    match (instruction.keyword, &instruction.arguments) {
        (Keyword::Add | Keyword::Copy, Arguments::Words(words) | Arguments::Exec(words)) => {
            let openers: Vec<Span> = instruction
                .heredocs
                .iter()
                .map(|heredoc| heredoc.opener_span)
                .collect();
            texts.extend(
                words
                    .iter()
                    .filter(|w| !w.value.starts_with("<<") && !openers.contains(&w.span))
                    .map(word),
            );
            for heredoc in instruction.heredocs.iter().filter(|heredoc| heredoc.expand) {
                texts.push(Expanded {
                    text: &heredoc.content,
                    word: None,
                    span: heredoc.content_span,
                    raw: true,
                });
            }
        }
        (Keyword::Env | Keyword::Label, Arguments::Pairs(pairs)) => {
            for pair in pairs {
                texts.push(word(&pair.key));
                texts.push(word(&pair.value));
            }
        }
        (Keyword::Workdir | Keyword::User | Keyword::Stopsignal, Arguments::Text(text)) => {
            texts.push(word(text));
        }
        (Keyword::Volume, Arguments::Words(words) | Arguments::Exec(words)) => {
            texts.extend(words.iter().map(word));
        }
        (Keyword::Run, _) => {
            for flag in instruction.flags.iter().filter(|flag| flag.name == "mount") {
                let Some(value) = flag.value.as_deref() else {
                    continue;
                };
                // TODO: BuildKit reads the option list as CSV, so a quoted value may hold a
                // comma; splitting at every comma checks the halves of such a value separately.
                for field in value.split(',') {
                    if let Some((_, field_value)) = field.split_once('=') {
                        texts.push(Expanded {
                            text: field_value,
                            word: None,
                            span: flag.span,
                            raw: false,
                        });
                    }
                }
            }
        }
        _ => {}
    }
    texts
}

/// Reports the variables of `expanded` that `scope` does not define.
fn report_undefined(
    context: &Context<'_>,
    scope: &Scope,
    expanded: &Expanded<'_>,
    out: &mut Vec<Diagnostic>,
) {
    if !expanded.text.contains('$') {
        return;
    }
    let escape = if expanded.raw {
        '\\'
    } else {
        context.model.escape
    };
    let mut lexer = Lexer::new(escape);
    lexer.skip_process_quotes = expanded.raw;
    let Ok(expansion) = lexer.process_word(expanded.text, scope) else {
        return;
    };
    let references = variable_references(expanded.text, escape);
    for name in expansion.unmatched {
        if scope.args.contains(&name) || NON_ENV_ARGS.contains(&name.as_str()) {
            continue;
        }
        // On an unknown image a name close to `PATH`, such as `GOPATH`, is as likely to come
        // from the image as to be a misspelling, so only names of the file are suggested.
        let candidates = scope
            .env
            .iter()
            .map(String::as_str)
            .filter(|candidate| !scope.unknown_base || *candidate != "PATH");
        let suggestion = suggest(&name, candidates, true);
        if scope.unknown_base && suggestion.is_none() {
            continue;
        }
        let span = match (
            expanded.word,
            references.iter().find(|(found, _)| *found == name),
        ) {
            (Some(word), Some((_, range))) => word_part_span(word, range.clone()),
            _ => expanded.span,
        };
        let mut message = format!("variable `${name}` is not defined");
        match suggestion {
            Some(suggestion) => message.push_str(&format!(" (did you mean `${suggestion}`?)")),
            None => message.push_str("; declare it with ARG or ENV before this instruction"),
        }
        out.push(UndefinedVariable::META.diagnostic(span, message));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::image::config::ImageConfig;
    use crate::rules::test_support::{findings, findings_with};
    use crate::{LintOptions, lint};

    fn messages(text: &str, options: LintOptions) -> Vec<String> {
        let options = LintOptions {
            select: vec!["PL1017".to_string()],
            ..options
        };
        let result = lint(text.as_bytes(), &options).unwrap();
        result.diagnostics.into_iter().map(|d| d.message).collect()
    }

    fn base_image(env: &[&str]) -> LintOptions {
        let config = ImageConfig::from_json(
            serde_json::json!({ "config": { "Env": env } })
                .to_string()
                .as_bytes(),
        )
        .unwrap();
        LintOptions {
            base_image: Some(Arc::new(config)),
            ..LintOptions::default()
        }
    }

    #[test]
    fn undefined_variable_fails() {
        let text = "\nFROM scratch\nCOPY $foo .\nARG foo=bar\nRUN echo $foo\n";
        assert_eq!(findings("PL1017", text), vec![(3, 6)]);

        let text = "FROM alpine\nARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\n\
                    ARG DIR_CONFIG=config/\nCOPY $DIR_ASSET .\n";
        assert_eq!(findings("PL1017", text), vec![(5, 6)]);
        assert!(messages(text, LintOptions::default())[0].contains("did you mean `$DIR_ASSETS`?"));

        let text = "FROM scratch\nENV PATH=$PAHT:/tmp/bin\n";
        assert_eq!(findings("PL1017", text), vec![(2, 10)]);
        assert!(messages(text, LintOptions::default())[0].contains("did you mean `$PATH`?"));
    }

    #[test]
    fn checked_places_fail() {
        let cases = [
            "FROM scratch\nCOPY --chown=$U a /b\n",
            "FROM scratch\nADD --checksum=$SUM a /b\n",
            "FROM scratch\nWORKDIR /srv/$APP\n",
            "FROM scratch\nUSER $UID\n",
            "FROM scratch\nVOLUME $DATA\n",
            "FROM scratch\nSTOPSIGNAL $SIG\n",
            "FROM scratch\nLABEL version=$V\n",
            "FROM scratch\nARG A=$B\n",
            "FROM scratch\nRUN --mount=type=cache,target=$CACHE true\n",
            "FROM scratch\nCOPY <<EOF /a\n$BODY\nEOF\n",
        ];
        for text in cases {
            assert_eq!(findings("PL1017", text).len(), 1, "{text}");
        }
    }

    #[test]
    fn defined_or_unchecked_passes() {
        for text in [
            "\nFROM scratch\nARG foo\nCOPY Dockerfile${foo} .\n",
            "FROM scratch AS base\nARG foo=Dockerfile\n\nFROM base\nCOPY $foo .\n",
            "FROM scratch\nRUN echo $PATH $UNSET\nCMD echo $UNSET\n",
            "FROM scratch\nENV A=1\nCOPY $A /b\nEXPOSE $PORT\n",
            "FROM scratch\nCOPY <<'EOF' /a\n$BODY\nEOF\n",
            "FROM scratch\nONBUILD COPY $X /y\n",
            "FROM scratch\nARG BUILDKIT_SBOM_SCAN_STAGE=true\nCOPY $BUILDKIT_SBOM_SCAN_STAGE /x\n",
        ] {
            assert!(findings("PL1017", text).is_empty(), "{text}");
        }
    }

    #[test]
    fn unknown_base_image_reports_only_likely_typos() {
        let text = "FROM openjdk:21\nENV PATH=$JAVA_HOME/bin:$PATH\nARG APP_DIR=/srv\n\
                    WORKDIR $APP_DIRS\n";
        assert_eq!(findings("PL1017", text), vec![(4, 9)]);
        let text = "FROM golang:1.22\nWORKDIR $GOPATH/src/app\n";
        assert!(findings("PL1017", text).is_empty());
    }

    #[test]
    fn base_image_environment_counts() {
        let text = "FROM openjdk:21\nENV PATH=$JAVA_HOME/bin:$PATH\nWORKDIR $APP\n";
        let options = base_image(&["PATH=/usr/bin", "JAVA_HOME=/opt/java"]);
        assert_eq!(findings_with("PL1017", text, options.clone()), vec![(3, 9)]);
        let text = "FROM openjdk:21\nENV X=$JAVA_HOM\n";
        assert!(messages(text, options)[0].contains("did you mean `$JAVA_HOME`?"));
    }
}
