#!/usr/bin/env bash
# Validates the machine output formats against their published schemas.
#
# Checks the golden files of core/tests/formats and the CLI's output over the conformance
# Dockerfiles: SARIF against the SARIF 2.1.0 JSON schema, JUnit against the Jenkins/Surefire
# JUnit XSD, every XML document for well-formedness, and the JSON formats for the fields
# their readers need. The schemas come from registry packages, fetched anew on every run:
# the SARIF schema from the npm package @microsoft/jest-sarif (lib/schemas/
# sarif-2.1.0-rtm.5.json) and the JUnit XSD from the source distribution of pytest
# (testing/example_scripts/junit-10.xsd). Python's jsonschema and xmlschema do the checking,
# in the virtual environment target/formats-venv. Needs python3 with venv, npm, pip and
# cargo. Reads no standard input.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

python=${PYTHON:-python3}
venv=target/formats-venv
work=target/formats-check
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

# Prints a step, then runs it.
step() {
    printf '\n==> %s\n' "$*"
    "$@"
}

rm -rf "$venv" "$work"
mkdir -p "$work/schemas" "$work/output"

step "$python" -m venv "$venv"
step "$venv/bin/python" -m pip install --quiet "jsonschema==4.26.0" "xmlschema==4.3.2"

# The schema files, taken out of the packages without installing them.
step npm pack --silent --pack-destination "$work" "@microsoft/jest-sarif@1.0.0-beta.0" </dev/null
tar -xzf "$work"/microsoft-jest-sarif-1.0.0-beta.0.tgz -C "$work" \
    package/lib/schemas/sarif-2.1.0-rtm.5.json
cp "$work/package/lib/schemas/sarif-2.1.0-rtm.5.json" "$work/schemas/sarif-2.1.0.json"
step "$venv/bin/python" -m pip download --quiet --no-deps --no-binary :all: \
    --dest "$work" "pytest==8.3.4"
tar -xzf "$work/pytest-8.3.4.tar.gz" -C "$work" \
    pytest-8.3.4/testing/example_scripts/junit-10.xsd
cp "$work/pytest-8.3.4/testing/example_scripts/junit-10.xsd" "$work/schemas/junit-10.xsd"

# The CLI's output over real Dockerfiles: each case on its own and all cases as a directory.
step cargo build --quiet -p plimsoll-cli
for format in sarif checkstyle junit gitlab codeclimate sonarqube codacy github gnu; do
    # Exit status 1 means findings, which these Dockerfiles have; 2 would be an error.
    status=0
    target/debug/plimsoll lint --format "$format" --output "$work/output/cases.$format" \
        tests/conformance/cases </dev/null || status=$?
    if [ "$status" -gt 1 ]; then
        echo "error: plimsoll lint --format $format exited with $status" >&2
        exit 1
    fi
done

step "$venv/bin/python" .ci/validate_formats.py "$work/schemas" core/tests/formats "$work/output"

printf '\n==> output format checks passed\n'
