//! Container images: image configurations, and the archives and layouts images travel in.

pub mod analysis;
pub mod config;
mod dive;
mod layers;
mod layout;
mod limits;
mod members;
pub mod report;
pub mod rules;
mod source;
mod store;

pub use source::{ImageOptions, Limits, Progress, analyze_path, analyze_reader};

#[cfg(test)]
mod tests;
