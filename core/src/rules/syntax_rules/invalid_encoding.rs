use super::parser_rule;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a Dockerfile that is not valid UTF-8, such as a file saved as UTF-16 or in a
    /// legacy code page.
    ///
    /// ## Why is this bad?
    /// BuildKit reads the file as UTF-8. Invalid bytes end up in image labels, environment
    /// variables or file names, and a UTF-16 file does not parse at all.
    ///
    /// ## Example
    /// A file saved by an editor as "UTF-16 LE" starts with the bytes `FF FE`.
    ///
    /// ## Use instead
    /// Save the file as UTF-8.
    pub InvalidEncoding {
        code: "PL0005",
        name: "invalid-encoding",
        severity: Error,
    }
}

parser_rule!(InvalidEncoding);
