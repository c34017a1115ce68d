//! Container images: image configurations, and the archives and layouts images travel in.

pub mod analysis;
pub mod config;
