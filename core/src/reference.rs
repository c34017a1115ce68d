//! Image references (placeholder until written).
