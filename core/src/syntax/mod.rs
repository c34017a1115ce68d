//! Reading Dockerfile text into a syntax tree with BuildKit's semantics.

pub mod ast;
mod parser;

pub use parser::parse;
