//! BuildKit variable expansion (placeholder until written).
