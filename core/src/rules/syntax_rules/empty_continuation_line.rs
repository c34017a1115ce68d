use super::parser_rule;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a blank line inside an instruction continued with the escape character.
    ///
    /// ## Why is this bad?
    /// BuildKit drops the blank line and warns that a future release will reject it. A blank
    /// line in the middle of a long `RUN` also hides where the instruction really ends.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && \
    ///
    ///     apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get update && \
    ///     apt-get install -y --no-install-recommends curl
    /// ```
    pub EmptyContinuationLine {
        code: "PL0004",
        name: "empty-continuation-line",
        severity: Warning,
        aliases: ["NoEmptyContinuation"],
    }
}

parser_rule!(EmptyContinuationLine);
