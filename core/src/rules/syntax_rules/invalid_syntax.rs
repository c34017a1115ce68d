use super::parser_rule;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a Dockerfile that BuildKit cannot read: an unterminated heredoc, an exec-form
    /// array with an element that is not a string, `ENV` without a value, a `FROM` with the
    /// wrong number of words, a repeated parser directive, a line longer than 64 KiB, or a file
    /// with no instructions.
    ///
    /// ## Why is this bad?
    /// `docker build` stops at the first such error. plimsoll reports every one of them and
    /// keeps checking the rest of the file.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV PATH
    /// CMD ["echo", 1]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV PATH=/usr/local/bin:/usr/bin:/bin
    /// CMD ["echo", "1"]
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint reports one `DL1000` and stops linting the file. plimsoll accepts `DL1000` as
    /// an alias of this rule.
    pub InvalidSyntax {
        code: "PL0001",
        name: "invalid-syntax",
        severity: Error,
        aliases: ["DL1000"],
    }
}

parser_rule!(InvalidSyntax);
