"""Exceptions: classes, kinds, messages and their JSON form."""

import errno
import json
import pickle
from pathlib import Path
from typing import Any

import pytest

import plimsoll

SOURCE = "FROM debian:12\nUSER 10001\n"


def test_error_classes_and_kinds() -> None:
    expected = {
        plimsoll.InvalidOptionError: "invalid_option",
        plimsoll.InvalidInputError: "invalid_input",
        plimsoll.IoError: "io",
        plimsoll.InternalError: "internal",
    }

    for error_class, kind in expected.items():
        assert issubclass(error_class, plimsoll.PlimsollError)
        assert issubclass(error_class, Exception)
        assert error_class.kind == kind
        assert error_class("message").kind == kind


def test_error_standard_bases() -> None:
    assert issubclass(plimsoll.IoError, OSError)
    assert issubclass(plimsoll.InvalidOptionError, ValueError)
    assert issubclass(plimsoll.InvalidInputError, ValueError)
    assert not issubclass(plimsoll.InternalError, ValueError)


def test_missing_file_raises_io_error(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "Dockerfile"

    with pytest.raises(plimsoll.IoError) as caught:
        plimsoll.lint_file(path)

    error = caught.value
    assert error.kind == "io"
    assert error.errno == errno.ENOENT
    assert error.strerror is not None
    assert error.filename is path
    assert error.message == f"failed to read `{path}`: {error.strerror} (os error 2)"
    assert str(error) == error.message


def test_missing_file_caught_as_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        plimsoll.lint_file(str(tmp_path / "missing"))


def test_directory_raises_io_error(tmp_path: Path) -> None:
    with pytest.raises(plimsoll.IoError) as caught:
        plimsoll.lint_file(tmp_path)

    assert caught.value.errno == errno.EISDIR


def test_lint_file_options_checked_after_read(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text(SOURCE, encoding="utf-8")

    with pytest.raises(plimsoll.InvalidOptionError):
        plimsoll.lint_file(path, ignore=["DL9999"])


def test_unknown_rule_raises_invalid_option() -> None:
    with pytest.raises(plimsoll.InvalidOptionError) as caught:
        plimsoll.lint(SOURCE, ignore=["DL9999"])

    assert "DL9999" in caught.value.message


def test_unknown_target_raises_invalid_option() -> None:
    with pytest.raises(plimsoll.InvalidOptionError) as caught:
        plimsoll.lint(SOURCE, target="missing")

    assert "missing" in str(caught.value)


def test_unknown_severity_raises_invalid_option() -> None:
    with pytest.raises(plimsoll.InvalidOptionError):
        plimsoll.lint(SOURCE, severity={"DL3007": "fatal"})


def test_unknown_failure_threshold_raises_invalid_option() -> None:
    with pytest.raises(plimsoll.InvalidOptionError):
        plimsoll.lint(SOURCE, failure_threshold="high")  # type: ignore[arg-type]


def test_lint_json_invalid_options() -> None:
    with pytest.raises(plimsoll.InvalidOptionError) as caught:
        plimsoll.lint_json(SOURCE, '{"ignroe": ["DL3007"]}')

    assert "ignroe" in caught.value.message


def test_lint_json_malformed_options() -> None:
    with pytest.raises(plimsoll.InvalidOptionError) as caught:
        plimsoll.lint_json(SOURCE, "{")

    assert caught.value.message.startswith("invalid options JSON:")


def test_lone_surrogate_raises_invalid_input() -> None:
    with pytest.raises(plimsoll.InvalidInputError) as caught:
        plimsoll.lint("FROM a:1\nLABEL x=\udcff\n")

    assert caught.value.kind == "invalid_input"
    assert isinstance(caught.value.__cause__, UnicodeEncodeError)


def test_parse_lone_surrogate_raises_invalid_input() -> None:
    with pytest.raises(plimsoll.InvalidInputError):
        plimsoll.parse("FROM \ud800\n")


@pytest.mark.parametrize(
    "arguments",
    [
        {"ignore": "DL3007"},
        {"select": "DL3007"},
        {"ignore": [3007]},
        {"build_args": ["BASE=x"]},
        {"build_args": {"BASE": 1}},
        {"severity": {"DL3007": None}},
        {"target": 1},
        {"failure_threshold": 1},
    ],
    ids=lambda arguments: next(iter(arguments)),
)
def test_wrong_option_type_raises_type_error(arguments: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        plimsoll.lint(SOURCE, **arguments)


def test_wrong_path_type_raises_type_error() -> None:
    with pytest.raises(TypeError, match="path must be a str"):
        plimsoll.lint(SOURCE, path=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="os.PathLike"):
        plimsoll.lint_file(1)  # type: ignore[arg-type]


def test_wrong_options_json_type_raises_type_error() -> None:
    with pytest.raises(TypeError, match="options_json must be a str"):
        plimsoll.lint_json(SOURCE, {"ignore": []})  # type: ignore[arg-type]


@pytest.mark.parametrize("source", [None, 1, ["FROM a"], memoryview(b"FROM a")])
def test_wrong_source_type_raises_type_error(source: object) -> None:
    with pytest.raises(TypeError, match="source must be str or bytes"):
        plimsoll.lint(source)  # type: ignore[arg-type]


def test_error_to_json_is_core_format() -> None:
    with pytest.raises(plimsoll.PlimsollError) as caught:
        plimsoll.lint_json(SOURCE, '{"target": "x"}')

    assert caught.value.to_json() == (
        '{"error":{"kind":"invalid_option","message":"target stage `x` not found '
        '(the Dockerfile has no named stages)"}}'
    )


def test_error_to_json_escapes() -> None:
    error = plimsoll.InternalError('a "b" \\ \n\x01 é')

    assert json.loads(error.to_json()) == {
        "error": {"kind": "internal", "message": 'a "b" \\ \n\x01 é'}
    }
    assert error.to_json() == (
        '{"error":{"kind":"internal","message":"a \\"b\\" \\\\ \\n\\u0001 é"}}'
    )


def test_error_json_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown error kind"):
        plimsoll._native.error_json("fatal", "message")


def test_errors_pickle(tmp_path: Path) -> None:
    with pytest.raises(plimsoll.IoError) as caught:
        plimsoll.lint_file(str(tmp_path / "missing"))

    for error in [caught.value, plimsoll.InvalidOptionError("bad option")]:
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error)
        assert copy.message == error.message
        assert copy.kind == error.kind
    io_copy = pickle.loads(pickle.dumps(caught.value))
    assert io_copy.errno == errno.ENOENT
    assert io_copy.filename == str(tmp_path / "missing")
