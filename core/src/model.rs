//! Semantic model (placeholder until written).
