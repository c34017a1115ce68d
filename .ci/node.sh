#!/usr/bin/env bash
# Installs the Node.js package's pinned dev dependencies and runs its tests.
#
# `npm test` first builds the addon in release mode with the napi CLI (the `pretest` script),
# then runs `node --test`. Needs Node.js 20 or newer, npm and a Rust toolchain. Reads no
# standard input, so it also runs from CI with CI=true.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../bindings-node"

npm ci --no-audit --no-fund </dev/null
npm test </dev/null
