use super::parser_rule;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a continuation line that starts, in the first column, with an upper-case
    /// instruction keyword such as `FROM` or `RUN`.
    ///
    /// ## Why is this bad?
    /// The line before it ends with the escape character, so BuildKit joins this line to the
    /// previous instruction: the keyword and everything after it become arguments of a shell
    /// command. The instruction the author meant does not exist. A stray backslash before a
    /// blank line is the usual cause.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get install -y --no-install-recommends \
    ///       curl \
    ///
    /// FROM deps AS test
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get install -y --no-install-recommends \
    ///       curl
    ///
    /// FROM deps AS test
    /// ```
    pub ContinuationSwallowsInstruction {
        code: "PL0006",
        name: "continuation-swallows-instruction",
        severity: Warning,
    }
}

parser_rule!(ContinuationSwallowsInstruction);
