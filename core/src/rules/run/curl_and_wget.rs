use crate::diagnostic::Diagnostic;
use crate::rules::helpers::program;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::syntax::ast::{Arguments, Keyword};

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` that runs `curl` or `wget` in a stage whose `RUN` instructions, up to
    /// and including this one, run both. Each such `RUN` is reported once. `ONBUILD RUN`
    /// triggers are checked among themselves, since they run in another build.
    ///
    /// ## Why is this bad?
    /// Both tools do the same job. Installing both makes the image larger, and two tools
    /// with different defaults (redirects, retries, certificate checks) make downloads
    /// behave differently from one line to the next.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN curl -fsSLo /tmp/a.tar.gz https://example.com/a.tar.gz
    /// RUN wget -qO /tmp/b.tar.gz https://example.com/b.tar.gz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN curl -fsSLo /tmp/a.tar.gz https://example.com/a.tar.gz
    /// RUN curl -fsSLo /tmp/b.tar.gz https://example.com/b.tar.gz
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint matches the program name exactly; plimsoll also counts `/usr/bin/curl`.
    pub CurlAndWget {
        code: "DL4001",
        name: "curl-and-wget",
        severity: Warning,
    }
}

impl Rule for CurlAndWget {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &context.model.stages {
            // Tools seen so far: plain RUNs first, ONBUILD triggers second.
            let mut seen = [[false; 2]; 2];
            for index in stage.instructions.clone() {
                let instruction = &context.instructions()[index];
                if instruction.effective().keyword != Keyword::Run {
                    continue;
                }
                let Some(commands) = context.run_commands(index) else {
                    continue;
                };
                let trigger = usize::from(matches!(instruction.arguments, Arguments::Onbuild(_)));
                let mut first = None;
                for (command, span) in commands.with_spans() {
                    let tool = match program(command) {
                        Some("curl") => 0,
                        Some("wget") => 1,
                        _ => continue,
                    };
                    seen[trigger][tool] = true;
                    first.get_or_insert(span);
                }
                if let Some(span) = first
                    && seen[trigger] == [true, true]
                {
                    out.push(Self::META.diagnostic(
                        span,
                        "this stage downloads with both curl and wget; use one of them",
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn both_tools_in_a_stage_fail() {
        assert_eq!(
            findings(
                "DL4001",
                "FROM debian:12\nRUN curl -O https://a\nRUN wget https://b\nRUN curl -O https://c\n"
            ),
            vec![(3, 5), (4, 5)]
        );
        assert_eq!(
            findings(
                "DL4001",
                "FROM debian:12\nRUN echo && wget https://b && /usr/bin/curl -O https://a\n"
            ),
            vec![(2, 13)]
        );
    }

    #[test]
    fn one_tool_per_stage_passes() {
        for text in [
            "FROM debian:12\nRUN curl -O https://a\nRUN curl -O https://b\n",
            "FROM debian:12\nRUN curl -O https://a\nFROM debian:12\nRUN wget https://b\n",
            "FROM debian:12\nRUN apt-get install -y curl wget\n",
            "FROM debian:12\nRUN curl -O https://a\nONBUILD RUN wget https://b\n",
        ] {
            assert!(findings("DL4001", text).is_empty(), "{text}");
        }
    }
}
