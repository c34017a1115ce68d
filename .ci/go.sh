#!/usr/bin/env bash
# Checks the Go module in bindings-go. Builds the Rust library that the module links and runs
# go vet. Then runs go test against an installation that pkg-config finds (build tag
# plimsoll_system), and with the race detector against the static library.
#
# Runs from any directory and reads no standard input. Needs Go 1.22 or newer and a C
# compiler, and installs pkg-config with apt-get when it is missing. The module uses only the
# standard library, so nothing is downloaded.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Prints a step, then runs it.
step() {
    printf '\n==> %s\n' "$*"
    "$@"
}

# The official Go archive installs to /usr/local/go, which a non-login shell may lack on PATH.
if ! command -v go >/dev/null && [[ -x /usr/local/go/bin/go ]]; then
    export PATH="/usr/local/go/bin:$PATH"
fi
if ! command -v go >/dev/null; then
    echo "go not found: install Go 1.22 or newer and put it on PATH" >&2
    exit 1
fi
if ! command -v pkg-config >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    step apt-get update
    step apt-get install -y pkg-config
fi

# The module links ../target/release/libplimsoll.a, so cargo must build into the default
# target directory.
unset CARGO_TARGET_DIR
root="$PWD"
step cargo build -p plimsoll-c --release
step cargo xtask header --check

prefix="$root/target/go-tests/prefix"
rm -rf "$prefix"
step cargo xtask install --prefix "$prefix"

cd bindings-go
export CGO_ENABLED=1
unformatted="$(gofmt -l .)"
if [[ -n "$unformatted" ]]; then
    printf 'gofmt would reformat these files; run `gofmt -w bindings-go`:\n%s\n' "$unformatted" >&2
    exit 1
fi
step go vet ./...
PKG_CONFIG_PATH="$prefix/lib/pkgconfig" LD_LIBRARY_PATH="$prefix/lib" \
    step go test -count=1 -tags plimsoll_system ./...
# The last step, so that go test's closing lines end the output.
step go test -count=1 -race ./...
