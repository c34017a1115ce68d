//! Node.js bindings of plimsoll (placeholder until written).
