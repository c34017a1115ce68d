"""The image functions: reports of image configs and image files, their objects and errors."""

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

import plimsoll
from conftest import IMAGE_CASES
from test_types import assert_exact_fields

ROOT_CONFIG = '{"config": {"User": "root", "Env": ["API_TOKEN=abc"]}}'


def image_codes(report: plimsoll.Report) -> list[str]:
    assert report.files == ()
    assert len(report.images) == 1
    return [finding.code for finding in report.images[0].findings]


def expected_output(case: Path) -> str:
    return (case / "expected.json").read_text(encoding="utf-8").rstrip("\n")


def options_text(case: Path) -> str:
    options = case / "options.json"
    return options.read_text(encoding="utf-8") if options.is_file() else ""


def test_image_cases_found() -> None:
    assert len(IMAGE_CASES) >= 4


@pytest.mark.parametrize("case", IMAGE_CASES, ids=[case.name for case in IMAGE_CASES])
def test_image_config_json_matches_expected(case: Path) -> None:
    config = (case / "image.json").read_bytes()

    try:
        output = plimsoll.lint_image_config_json(config, options_text(case))
    except plimsoll.PlimsollError as error:
        output = error.to_json()

    assert output == expected_output(case)


@pytest.mark.parametrize("case", IMAGE_CASES, ids=[case.name for case in IMAGE_CASES])
def test_image_config_objects_match_expected(case: Path) -> None:
    """The typed API, given the options as keyword arguments, writes the same JSON."""
    config = (case / "image.json").read_bytes()
    options = json.loads(options_text(case) or "{}")

    try:
        report = plimsoll.lint_image_config(config, **options)
    except plimsoll.PlimsollError as error:
        output = error.to_json()
    else:
        assert_exact_fields(report)
        output = report.to_json()

    assert output == expected_output(case)


@pytest.mark.parametrize("case", IMAGE_CASES, ids=[case.name for case in IMAGE_CASES])
def test_image_file_matches_config(case: Path) -> None:
    """Reading the case's image.json from disk gives the report of its bytes, named by path."""
    path = case / "image.json"
    options = options_text(case)

    try:
        output = plimsoll.lint_image_json(path, options)
    except plimsoll.PlimsollError as error:
        output = error.to_json()

    try:
        from_bytes = plimsoll.lint_image_config_json(path.read_bytes(), options, name=str(path))
    except plimsoll.PlimsollError as error:
        from_bytes = error.to_json()
    assert output == from_bytes


def test_image_config_report() -> None:
    report = plimsoll.lint_image_config(ROOT_CONFIG, failure_threshold="warning")

    image = report.images[0]
    assert isinstance(report, plimsoll.Report)
    assert isinstance(image, plimsoll.ImageReport)
    assert isinstance(image.metadata, plimsoll.ImageMetadata)
    assert image.path == "image.json"
    assert image.failed
    assert image.metadata.config_only
    assert image.metadata.dive is None
    assert {"PL3001", "PL3003"} <= set(image_codes(report))


def test_image_finding_location_types() -> None:
    report = plimsoll.lint_image_config(ROOT_CONFIG.encode(), name="app.json")

    root = next(f for f in report.images[0].findings if f.code == "PL3001")
    assert isinstance(root, plimsoll.ImageFinding)
    assert root.location == plimsoll.ConfigLocation(kind="config", key="User", entry=None)
    assert root.severity == "warning"
    assert report.images[0].path == "app.json"


def test_image_history_layers() -> None:
    config = json.dumps(
        {
            "config": {"User": "app"},
            "history": [
                {"created_by": "COPY rootfs / # buildkit"},
                {"created_by": "ENV A=1", "empty_layer": True},
                {"created_by": "RUN /bin/sh -c sudo make # buildkit"},
            ],
        }
    )

    report = plimsoll.lint_image_config(config)

    layers = report.images[0].metadata.layers
    assert all(isinstance(layer, plimsoll.Layer) for layer in layers)
    assert [layer.history_index for layer in layers] == [0, 2]
    assert layers[0].files is None
    sudo = next(f for f in report.images[0].findings if f.code == "PL3006")
    assert sudo.location == plimsoll.HistoryLocation(kind="history", index=2)


def test_image_options_applied() -> None:
    report = plimsoll.lint_image_config(
        ROOT_CONFIG, ignore=["CIS-DI-0010"], severity={"PL3001": "style"}
    )

    codes = image_codes(report)
    assert "PL3003" not in codes
    root = next(f for f in report.images[0].findings if f.code == "PL3001")
    assert root.severity == "style"


def test_image_objects_frozen_and_hashable() -> None:
    first = plimsoll.lint_image_config(ROOT_CONFIG)
    second = plimsoll.lint_image_config(ROOT_CONFIG)

    assert first == second
    assert hash(first) == hash(second)
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.images[0].findings[0].location.kind = "image"  # type: ignore[misc]


def test_dockerfile_report_has_no_images() -> None:
    report = plimsoll.lint("FROM a:1\n")

    assert report.images == ()
    assert '"images"' not in report.to_json()


def test_lint_image_reads_config_file(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text(ROOT_CONFIG, encoding="utf-8")

    report = plimsoll.lint_image(path, failure_threshold="none")

    assert report.images[0].path == str(path)
    assert not report.images[0].failed
    assert "PL3001" in image_codes(report)
    assert report == plimsoll.lint_image_config(ROOT_CONFIG, name=str(path), failure_threshold="none")


def test_lint_image_missing_raises_io_error(tmp_path: Path) -> None:
    path = tmp_path / "missing.tar"

    with pytest.raises(plimsoll.IoError) as caught:
        plimsoll.lint_image(path)

    assert caught.value.filename == path
    assert isinstance(caught.value, OSError)
    assert caught.value.to_json().startswith('{"error":{"kind":"io"')


@pytest.mark.parametrize(
    ("config", "kind"),
    [
        ('{"config": ', plimsoll.InvalidInputError),
        (b'{"config": {"User": "\xff"}}', plimsoll.InvalidInputError),
        ("[1, 2]", plimsoll.InvalidInputError),
    ],
)
def test_invalid_config_raises_invalid_input(config: Any, kind: type) -> None:
    with pytest.raises(kind):
        plimsoll.lint_image_config(config)


def test_invalid_image_options_raise_invalid_option() -> None:
    with pytest.raises(plimsoll.InvalidOptionError, match="max_size"):
        plimsoll.lint_image_config("{}", max_size="lots")
    with pytest.raises(plimsoll.InvalidOptionError, match="maxSize"):
        plimsoll.lint_image_config_json("{}", '{"maxSize": 1}')


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_image_option_raises_invalid_option(value: float) -> None:
    """JSON has no NaN or infinity, so the option is named instead of a JSON column."""
    with pytest.raises(plimsoll.InvalidOptionError, match="`lowest_efficiency`"):
        plimsoll.lint_image_config("{}", lowest_efficiency=value)
    with pytest.raises(plimsoll.InvalidOptionError, match="`max_size`"):
        plimsoll.lint_image_config("{}", max_size=value)


@pytest.mark.parametrize(
    "arguments",
    [{"max_size": True}, {"max_size": [1]}, {"ignore": "PL3001"}, {"name": 1}],
)
def test_wrong_image_option_type_raises_type_error(arguments: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        plimsoll.lint_image_config("{}", **arguments)


def test_wrong_config_type_raises_type_error() -> None:
    with pytest.raises(TypeError, match="config must be str or bytes"):
        plimsoll.lint_image_config(42)  # type: ignore[arg-type]
