//! Report format (placeholder until written).
