#!/usr/bin/env bash
# Compares plimsoll's DL findings with hadolint's recorded findings on the shared corpus, fails
# when a code falls below 99% precision or recall once classified differences are set aside,
# and checks that docs/hadolint-agreement.md is the report of the current code.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -d ../shared/corpus ]; then
    echo "skipped: the shared corpus is not beside the repository (../shared/corpus)"
    exit 0
fi

cargo build -q -p plimsoll-cli
report=$(mktemp)
trap 'rm -f "$report"' EXIT
python3 scripts/hadolint-agreement.py --show 5 --markdown "$report"
if ! diff -u docs/hadolint-agreement.md "$report"; then
    echo "docs/hadolint-agreement.md is stale: run" \
        "python3 scripts/hadolint-agreement.py --markdown docs/hadolint-agreement.md" >&2
    exit 1
fi
