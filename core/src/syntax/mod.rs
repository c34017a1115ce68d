//! Reading Dockerfile text into a syntax tree with BuildKit's semantics.

mod arguments;
pub mod ast;
mod directives;
mod dump;
mod heredoc;
mod parser;
mod validate;

pub use dump::to_buildkit_json;
pub use parser::{MAX_LINE_LENGTH, parse};
