use super::common::is_consistent_casing;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an instruction keyword in mixed case (`From`), or in the case that fewer
    /// keywords of the file use. Keywords are counted from the first `FROM` on; lower case is
    /// the majority only when strictly more keywords are lower case than upper case.
    ///
    /// ## Why is this bad?
    /// Keywords are case-insensitive, so the parser does not care, but a reader scanning for
    /// `RUN` or `COPY` misses the odd `run`. One case throughout reads evenly.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// run apk add --no-cache curl
    /// COPY app /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl
    /// COPY app /app
    /// ```
    ///
    /// ## Differences from BuildKit
    /// None in what is reported. As in BuildKit, ARGs before the first `FROM` are neither
    /// counted nor checked, and the keyword inside `ONBUILD` is not checked.
    pub InconsistentInstructionCasing {
        code: "PL1009",
        name: "inconsistent-instruction-casing",
        severity: Warning,
        aliases: ["ConsistentInstructionCasing"],
    }
}

impl Rule for InconsistentInstructionCasing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let keywords: Vec<_> = context
            .instructions()
            .iter()
            .enumerate()
            .filter(|(index, _)| context.model.stage_of[*index].is_some())
            .map(|(_, instruction)| &instruction.keyword_text)
            .collect();
        let (mut lower, mut upper) = (0usize, 0usize);
        for keyword in &keywords {
            if is_consistent_casing(&keyword.value) {
                if keyword.value == keyword.value.to_lowercase() {
                    lower += 1;
                } else {
                    upper += 1;
                }
            }
        }
        let majority_lower = lower > upper;

        for keyword in keywords {
            let name = keyword.value.as_str();
            let casing = if majority_lower && name != name.to_lowercase() {
                "lower case"
            } else if !majority_lower && name != name.to_uppercase() {
                "upper case"
            } else {
                continue;
            };
            out.push(Self::META.diagnostic(
                keyword.span,
                format!("keyword `{name}` should match the case of most keywords ({casing})"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn minority_or_mixed_case_fails() {
        let cases = [
            (
                "\n#\n#\nFrom scratch as base\nFROM scratch AS base2\n",
                vec![(4, 1)],
            ),
            (
                "\nFROM scratch\n#\ncopy Dockerfile /foo\nCOPY Dockerfile /bar\n",
                vec![(4, 1)],
            ),
            (
                "\n#\n#\nfrOM scratch as base\nfrom scratch as base2\n",
                vec![(4, 1)],
            ),
            (
                "\nfrom scratch\n#\nCOPY Dockerfile /foo\ncopy Dockerfile /bar\n",
                vec![(4, 1)],
            ),
            (
                "from scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\n",
                vec![(1, 1)],
            ),
            (
                "FROM scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\n",
                vec![(1, 1)],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(findings("PL1009", text), expected, "{text}");
        }
    }

    #[test]
    fn consistent_case_passes() {
        for text in [
            "from scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\n",
            "FROM scratch\nCOPY Dockerfile /foo\n",
            "arg V=1\nFROM scratch\nCOPY a /b\n",
        ] {
            assert!(findings("PL1009", text).is_empty(), "{text}");
        }
    }
}
