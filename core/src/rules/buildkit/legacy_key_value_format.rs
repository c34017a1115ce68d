use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::syntax::ast::{Arguments, Keyword};

declare_rule! {
    /// ## What it does
    /// Reports `ENV` and `LABEL` written in the legacy form `ENV key value`, without `=`.
    ///
    /// ## Why is this bad?
    /// In the legacy form the value is the whole rest of the line, spaces and quotes included,
    /// and only one variable fits on a line. `ENV key=value` reads the same as every other
    /// assignment and sets several variables at once.
    ///
    /// ## Example
    /// ```dockerfile
    /// ENV APP_HOME /srv/app
    /// LABEL maintainer ops@example.com
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ENV APP_HOME=/srv/app
    /// LABEL maintainer=ops@example.com
    /// ```
    ///
    /// ## Differences from BuildKit
    /// None: `ONBUILD ENV key value` is not reported, as BuildKit does not read the
    /// instruction inside `ONBUILD` until a later build uses the image. `ARG a b` declares two
    /// ARGs and is not reported either.
    pub LegacyKeyValueFormat {
        code: "PL1011",
        name: "legacy-key-value-format",
        severity: Warning,
        aliases: ["LegacyKeyValueFormat"],
    }
}

impl Rule for LegacyKeyValueFormat {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for instruction in context.instructions() {
            if !matches!(instruction.keyword, Keyword::Env | Keyword::Label) {
                continue;
            }
            let Arguments::Pairs(pairs) = &instruction.arguments else {
                continue;
            };
            let name = instruction.name();
            for pair in pairs.iter().filter(|pair| !pair.has_equals) {
                out.push(Self::META.diagnostic(
                    pair.key.span,
                    format!(
                        "`{name} {key} value` is the legacy format; write `{name} {key}=value`",
                        key = pair.key.value
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
    fn legacy_form_fails() {
        assert_eq!(
            findings(
                "PL1011",
                "\nFROM scratch\nENV testkey value\nLABEL key value\n"
            ),
            vec![(3, 5), (4, 7)]
        );
        let unreachable = "FROM scratch AS a\n\nFROM a AS b\nENV testkey value\n\
                           LABEL key value\n\nFROM a AS c\n";
        assert_eq!(findings("PL1011", unreachable), vec![(4, 5), (5, 7)]);
    }

    #[test]
    fn equals_form_passes() {
        for text in [
            "FROM scratch\nENV testkey=value\nLABEL key=value\n",
            "FROM scratch\nARG a b\nONBUILD ENV k v\n",
        ] {
            assert!(findings("PL1011", text).is_empty(), "{text}");
        }
    }
}
