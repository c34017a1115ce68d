use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::syntax::ast::{Arguments, Keyword};

declare_rule! {
    /// ## What it does
    /// Reports an `AS` keyword whose case differs from that of its `FROM` keyword, as in
    /// `FROM image as name` or `from image AS name`.
    ///
    /// ## Why is this bad?
    /// Keywords are case-insensitive, but mixing cases on one line makes the file harder to
    /// scan and is usually an oversight. A `FROM` keyword in mixed case (`From`) is left to
    /// `inconsistent-instruction-casing`, and this rule then reports nothing.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 as build
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// ```
    pub MismatchedFromAsCasing {
        code: "PL1008",
        name: "mismatched-from-as-casing",
        severity: Warning,
        aliases: ["FromAsCasing"],
    }
}

impl Rule for MismatchedFromAsCasing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for instruction in context.instructions() {
            if instruction.keyword != Keyword::From {
                continue;
            }
            let Arguments::Words(words) = &instruction.arguments else {
                continue;
            };
            let [_, as_keyword, _] = words.as_slice() else {
                continue;
            };
            let from = instruction.keyword_text.value.as_str();
            let expected = if from == from.to_lowercase() {
                as_keyword.value.to_lowercase()
            } else if from == from.to_uppercase() {
                as_keyword.value.to_uppercase()
            } else {
                continue;
            };
            if as_keyword.value != expected {
                out.push(Self::META.diagnostic(
                    as_keyword.span,
                    format!(
                        "`{}` and `{from}` keywords' casing do not match; write `{expected}`",
                        as_keyword.value
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
    fn mismatched_as_fails() {
        assert_eq!(
            findings("PL1008", "FROM scratch AS a\nFROM scratch as base2\n"),
            vec![(2, 14)]
        );
        assert_eq!(
            findings(
                "PL1008",
                "\n#\nfrom scratch AS base\n\nfrom scratch as base2\n"
            ),
            vec![(3, 14)]
        );
        assert_eq!(findings("PL1008", "FROM scratch As b\n"), vec![(1, 14)]);
    }

    #[test]
    fn matching_or_mixed_from_passes() {
        for text in [
            "FROM scratch AS a\n",
            "from scratch as a\n",
            "From scratch as a\n",
            "FROM scratch\n",
        ] {
            assert!(findings("PL1008", text).is_empty(), "{text}");
        }
    }
}
