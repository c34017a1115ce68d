#!/usr/bin/env bash
# Builds the Python package from source into a new virtual environment and runs its tests.
#
# Needs Python 3.9 or newer with the venv module (PYTHON names the interpreter, python3 by
# default), cargo, and access to PyPI, from which pip fetches maturin and pytest. The virtual
# environment is target/python-venv, created anew on every run. Reads no standard input.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

python=${PYTHON:-python3}
venv=target/python-venv
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

# Prints a step, then runs it.
step() {
    printf '\n==> %s\n' "$*"
    "$@"
}

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 9))'; then
    echo "error: $python is older than Python 3.9; set PYTHON to a newer interpreter" >&2
    exit 1
fi

rm -rf "$venv"
step "$python" -m venv "$venv"
# pip builds the wheel with maturin, which compiles the extension with cargo in release mode.
step "$venv/bin/python" -m pip install --quiet ./bindings-python pytest
# The tests import the installed package, not the sources under bindings-python/python.
step "$venv/bin/python" -m pytest -p no:cacheprovider bindings-python/tests

printf '\n==> python binding checks passed\n'
