//! Python bindings of plimsoll (placeholder until written).
