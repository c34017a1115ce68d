//! C ABI of plimsoll (placeholder until written).
