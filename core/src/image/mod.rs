//! Container images: image configurations, and the archives and layouts images travel in.

pub mod analysis;
pub mod config;
pub mod report;
pub mod rules;
pub mod source;

pub use source::{ImageOptions, Progress, analyze_path, analyze_reader};
