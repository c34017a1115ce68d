"""The cross-language conformance cases, which every binding must match byte for byte."""

import json
from pathlib import Path

import pytest

import plimsoll
from conftest import CASES, CASES_DIR


def expected_output(case: Path) -> str:
    return (case / "expected.json").read_text(encoding="utf-8").rstrip("\n")


def options_text(case: Path) -> str:
    options = case / "options.json"
    return options.read_text(encoding="utf-8") if options.is_file() else ""


def test_cases_found() -> None:
    assert len(CASES) >= 13, f"expected the conformance cases under {CASES_DIR}"


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_lint_json_matches_expected(case: Path) -> None:
    source = (case / "Dockerfile").read_bytes()

    try:
        output = plimsoll.lint_json(source, options_text(case), path="Dockerfile")
    except plimsoll.PlimsollError as error:
        output = error.to_json()

    assert output == expected_output(case)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_lint_objects_match_expected(case: Path) -> None:
    """The typed API, given the options as keyword arguments, writes the same JSON."""
    source = (case / "Dockerfile").read_bytes()
    options = json.loads(options_text(case) or "{}")
    expected = expected_output(case)

    try:
        output = plimsoll.lint(source, **options).to_json()
    except plimsoll.PlimsollError as error:
        output = error.to_json()
    except TypeError:
        # The binding rejects an option of the wrong JSON type, such as a str for a list,
        # before it calls the core library. The core reports the same case as invalid_option.
        assert json.loads(expected)["error"]["kind"] == "invalid_option"
        return

    assert output == expected
