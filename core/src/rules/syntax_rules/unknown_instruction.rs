use super::parser_rule;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a line in instruction position whose first word is not one of the 18
    /// Dockerfile instructions.
    ///
    /// ## Why is this bad?
    /// BuildKit's parser accepts the line, and the build then fails with "unknown
    /// instruction". Often the cause is a shell line that lost its continuation backslash, or a
    /// heredoc body whose opener was not recognised.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl
    ///     git
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl \
    ///     git
    /// ```
    pub UnknownInstruction {
        code: "PL0002",
        name: "unknown-instruction",
        severity: Error,
    }
}

parser_rule!(UnknownInstruction);
