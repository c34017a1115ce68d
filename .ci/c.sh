#!/usr/bin/env bash
# Checks the C ABI: builds the library with its test hooks, checks that the committed header
# is fresh and compiles as C11 and C++, and runs the C tests and the conformance cases under
# valgrind. The conformance runner is also linked statically and through pkg-config.
#
# Runs from any directory, reads no standard input, and installs valgrind and pkg-config with
# apt-get when they are missing.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Prints a step, then runs it.
step() {
    printf '\n==> %s\n' "$*"
    "$@"
}

missing=()
command -v valgrind >/dev/null || missing+=(valgrind)
command -v pkg-config >/dev/null || missing+=(pkg-config)
if ((${#missing[@]} > 0)); then
    export DEBIAN_FRONTEND=noninteractive
    step apt-get update
    step apt-get install -y "${missing[@]}"
fi

# The paths below are under the default target directory.
unset CARGO_TARGET_DIR
build=target/c-tests
lib=target/debug
warnings=(-std=c11 -Wall -Wextra -Werror -pedantic -g)
# What a static link of the Rust library needs, as `rustc --print native-static-libs` lists it.
static_libs=(-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc)
valgrind=(valgrind --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all
    --error-exitcode=99 --suppressions=bindings-c/tests/valgrind.supp)
# The panic test makes std symbolize a backtrace when RUST_BACKTRACE is set, and std keeps the
# symbolizer's caches until exit, which valgrind would count as still-reachable leaks.
export RUST_BACKTRACE=0

step cargo build -p plimsoll-c --features test-hooks
step cargo xtask header --check
step gcc "${warnings[@]}" -fsyntax-only -x c include/plimsoll.h
step g++ -std=c++11 -Wall -Wextra -Werror -pedantic -fsyntax-only -x c++ include/plimsoll.h

mkdir -p "$build"
for test in api conformance; do
    step gcc "${warnings[@]}" -Iinclude "bindings-c/tests/$test.c" -o "$build/$test" \
        -L"$lib" -lplimsoll -Wl,-rpath,"$PWD/$lib" -pthread
done
step "${valgrind[@]}" "$build/api"
step "${valgrind[@]}" "$build/conformance" tests/conformance/cases

step gcc "${warnings[@]}" -Iinclude bindings-c/tests/conformance.c -o "$build/conformance-static" \
    "$lib/libplimsoll.a" "${static_libs[@]}"
step "$build/conformance-static" tests/conformance/cases

prefix="$PWD/$build/prefix"
rm -rf "$prefix"
step cargo xtask install --prefix "$prefix" --debug
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
read -r -a pkg_flags <<<"$(pkg-config --cflags --libs plimsoll)"
step gcc "${warnings[@]}" bindings-c/tests/conformance.c -o "$build/conformance-pkg-config" \
    "${pkg_flags[@]}" -Wl,-rpath,"$(pkg-config --variable=libdir plimsoll)"
step "$build/conformance-pkg-config" tests/conformance/cases
