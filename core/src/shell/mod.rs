//! RUN body analysis (placeholder until written).
