"""The result objects: their types, immutability and equality."""

import dataclasses
from pathlib import Path

import pytest

import plimsoll
from conftest import CASES

SOURCE = "FROM debian:latest\nRUN apt-get install -y curl\n"


def test_report_field_types() -> None:
    report = plimsoll.lint(SOURCE)
    file = report.files[0]

    assert isinstance(report, plimsoll.Report)
    assert isinstance(report.tool, plimsoll.Tool)
    assert isinstance(report.files, tuple)
    assert isinstance(file, plimsoll.FileReport)
    assert isinstance(file.metadata, plimsoll.FileMetadata)
    assert isinstance(file.metadata.stages, tuple)
    assert isinstance(file.metadata.stages[0], plimsoll.Stage)
    assert isinstance(file.diagnostics, tuple)
    for diagnostic in file.diagnostics:
        assert isinstance(diagnostic, plimsoll.Diagnostic)
        assert isinstance(diagnostic.start, plimsoll.Position)
        assert isinstance(diagnostic.end, plimsoll.Position)
        assert diagnostic.fix is None or isinstance(diagnostic.fix, plimsoll.Fix)
        assert type(diagnostic.start.line) is int
        assert diagnostic.severity in ("error", "warning", "info", "style")


def test_parse_result_field_types() -> None:
    result = plimsoll.parse("FROM a:1\nRUN <<EOF\nx\nEOF\n")

    assert isinstance(result, plimsoll.ParseResult)
    assert isinstance(result.instructions, tuple)
    assert all(isinstance(i, plimsoll.Instruction) for i in result.instructions)
    assert isinstance(result.instructions[1].heredocs[0], plimsoll.Heredoc)
    assert isinstance(result.instructions[0].value, tuple)
    assert isinstance(result.instructions[0].flags, tuple)


def test_rule_field_types() -> None:
    for rule in plimsoll.rules():
        assert isinstance(rule, plimsoll.Rule)
        assert isinstance(rule.code, str)
        assert isinstance(rule.aliases, tuple)
        assert isinstance(rule.fixable, bool)


def test_results_are_frozen() -> None:
    report = plimsoll.lint(SOURCE)

    with pytest.raises(dataclasses.FrozenInstanceError):
        report.version = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.files[0].diagnostics[0].start.line = 0  # type: ignore[misc]


def test_results_are_hashable_and_equal() -> None:
    first = plimsoll.lint(SOURCE)
    second = plimsoll.lint(SOURCE)

    assert first == second
    assert hash(first) == hash(second)
    assert len({*first.files[0].diagnostics, *second.files[0].diagnostics}) == len(
        first.files[0].diagnostics
    )
    assert hash(plimsoll.parse(SOURCE)) == hash(plimsoll.parse(SOURCE))


def test_position_keywords() -> None:
    position = plimsoll.Position(line=2, column=3, offset=10)

    assert (position.line, position.column, position.offset) == (2, 3, 10)


def assert_exact_fields(value: object) -> None:
    """Every result object has exactly the fields of its class in its ``__dict__``, because
    the builders assign ``__dict__`` from the core's data instead of calling ``__init__``."""
    if isinstance(value, tuple):
        for item in value:
            assert_exact_fields(item)
    elif dataclasses.is_dataclass(value):
        field_names = {field.name for field in dataclasses.fields(value)}
        assert set(vars(value)) == field_names, type(value).__name__
        for name in field_names:
            assert_exact_fields(getattr(value, name))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_lint_objects_have_exact_fields(case: Path) -> None:
    source = (case / "Dockerfile").read_bytes()

    assert_exact_fields(plimsoll.lint(source, failure_threshold="none"))
    assert_exact_fields(plimsoll.parse(source))


def test_rule_objects_have_exact_fields() -> None:
    assert_exact_fields(tuple(plimsoll.rules()))


def test_parse_and_lint_diagnostics_equal() -> None:
    """`parse` builds diagnostics from the core's parse JSON and `lint` from its report
    types; both give equal objects."""
    source = "FROM a:1\nFOO bar\nUSER 10001\n"

    parsed = plimsoll.parse(source).diagnostics
    linted = [d for d in plimsoll.lint(source).files[0].diagnostics if d.code == "PL0002"]

    assert parsed == tuple(linted)
    assert len(parsed) == 1


def test_objects_equal_constructed() -> None:
    position = plimsoll.Position(line=1, column=6, offset=5)
    built = plimsoll.lint("FROM debian:latest\nUSER 10001\n").files[0].diagnostics[0].start

    assert built == position
    assert hash(built) == hash(position)
    assert repr(built) == "Position(line=1, column=6, offset=5)"


def test_annotations_evaluate() -> None:
    """The annotations of every result class evaluate on the running Python version."""
    import typing

    classes = [
        value
        for value in vars(plimsoll).values()
        if isinstance(value, type) and dataclasses.is_dataclass(value)
    ]

    assert len(classes) >= 13
    for cls in classes:
        hints = typing.get_type_hints(cls)
        assert set(hints) == {field.name for field in dataclasses.fields(cls)}, cls.__name__
