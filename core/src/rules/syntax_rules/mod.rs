//! Rules reported by the parser. Their `check` does nothing: the parser has already placed
//! their findings in the syntax tree, and the registry lists them so they can be documented,
//! ignored and re-scored like any other rule.

mod continuation_swallows_instruction;
mod empty_continuation_line;
mod invalid_encoding;
mod invalid_flag;
mod invalid_syntax;
mod unknown_instruction;

pub use continuation_swallows_instruction::ContinuationSwallowsInstruction;
pub use empty_continuation_line::EmptyContinuationLine;
pub use invalid_encoding::InvalidEncoding;
pub use invalid_flag::InvalidFlag;
pub use invalid_syntax::InvalidSyntax;
pub use unknown_instruction::UnknownInstruction;

/// Implements [`Rule`](crate::rules::Rule) for a rule whose findings come from the parser.
macro_rules! parser_rule {
    ($rule:ident) => {
        impl $crate::rules::Rule for $rule {
            fn meta(&self) -> &'static $crate::rules::RuleMeta {
                &Self::META
            }

            fn check(
                &self,
                _context: &$crate::rules::Context<'_>,
                _out: &mut Vec<$crate::diagnostic::Diagnostic>,
            ) {
            }
        }
    };
}

use parser_rule;
