//! plimsoll: a Dockerfile linter built as a library.
//!
//! [`parse`] reads a Dockerfile the way BuildKit's parser does, keeping byte ranges for every
//! piece; [`lint`] runs the rules over it and returns findings as data. The crate does no I/O:
//! callers pass the bytes they read.

pub mod api;
pub mod config;
pub mod diagnostic;
pub mod error;
pub mod expand;
pub mod formats;
pub mod image;
pub mod lint;
pub mod model;
pub mod pragma;
pub mod reference;
pub mod report;
pub mod rules;
pub mod shell;
pub mod source;
pub mod syntax;

pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
pub use error::{Error, ErrorKind};
pub use lint::{LintOptions, LintResult, lint};
pub use source::{LineColumn, LineIndex, Span};
pub use syntax::ast::Dockerfile;
pub use syntax::parse;

/// The version of this crate, which is the version of every plimsoll package.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
