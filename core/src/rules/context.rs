//! What a rule can read: the syntax tree, the semantic model and the options.

use crate::lint::LintOptions;
use crate::syntax::ast::Dockerfile;

/// The input of every rule.
pub struct Context<'a> {
    pub dockerfile: &'a Dockerfile,
    pub options: &'a LintOptions,
}
