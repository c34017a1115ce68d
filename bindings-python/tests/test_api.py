"""The functions of the package and the values they return."""

import os
from pathlib import Path

import plimsoll

LATEST = "FROM debian:latest\nUSER 10001\n"

MULTI_STAGE = """\
ARG BASE=alpine:3.20
FROM ${BASE} AS build
RUN echo build
FROM debian:12 AS app
USER 10001
FROM app AS test
USER 10001
"""


def codes(report: plimsoll.Report) -> list[str]:
    return [diagnostic.code for diagnostic in report.files[0].diagnostics]


def test_lint_returns_report() -> None:
    report = plimsoll.lint(LATEST)

    assert report.version == 2
    assert report.tool == plimsoll.Tool("plimsoll", plimsoll.__version__)
    assert len(report.files) == 1
    assert report.files[0].path == "Dockerfile"
    assert report.files[0].failed
    assert codes(report) == ["DL3007"]


def test_lint_diagnostic_positions() -> None:
    diagnostic = plimsoll.lint(LATEST).files[0].diagnostics[0]

    assert diagnostic.name == "latest-base-image"
    assert diagnostic.severity == "warning"
    assert diagnostic.start == plimsoll.Position(line=1, column=6, offset=5)
    assert diagnostic.end == plimsoll.Position(line=1, column=19, offset=18)


def test_lint_fix_and_edits() -> None:
    report = plimsoll.lint("FROM debian:12\nRUN apt-get install -y curl\nUSER 10001\n")

    fixes = [d.fix for d in report.files[0].diagnostics if d.code == "DL3015"]

    assert len(fixes) == 1
    fix = fixes[0]
    assert isinstance(fix, plimsoll.Fix)
    assert fix.applicability == "unsafe"
    assert fix.edits[0].replacement == " --no-install-recommends"
    assert fix.edits[0].start.line == 2


def test_lint_path_names_file() -> None:
    report = plimsoll.lint(LATEST, path="services/api/Dockerfile")

    assert report.files[0].path == "services/api/Dockerfile"


def test_lint_bytes_equals_str() -> None:
    text = 'FROM debian:latest\nLABEL name="é 😀"\n'

    from_str = plimsoll.lint(text)
    from_bytes = plimsoll.lint(text.encode("utf-8"))
    from_bytearray = plimsoll.lint(bytearray(text.encode("utf-8")))

    assert from_bytes == from_str
    assert from_bytearray == from_str


def test_lint_invalid_utf8_is_finding() -> None:
    report = plimsoll.lint(b"FROM debian:12\nLABEL a=\xff\xfe\nUSER 10001\n")

    assert "PL0005" in codes(report)
    assert report.files[0].metadata.bytes > 0


def test_lint_metadata_stages() -> None:
    metadata = plimsoll.lint(MULTI_STAGE).files[0].metadata

    assert metadata.instructions == 7
    assert metadata.lines == 7
    assert metadata.target_stage == 2
    assert [stage.name for stage in metadata.stages] == ["build", "app", "test"]
    assert metadata.stages[0].base == "alpine:3.20"
    assert metadata.stages[2].base == "app"
    assert [stage.reachable for stage in metadata.stages] == [False, True, True]


def test_lint_target_option() -> None:
    metadata = plimsoll.lint(MULTI_STAGE, target="app").files[0].metadata

    assert metadata.target_stage == 1
    assert [stage.reachable for stage in metadata.stages] == [False, True, False]


def test_lint_build_args_option() -> None:
    metadata = plimsoll.lint(MULTI_STAGE, build_args={"BASE": "alpine:3.21"}).files[0].metadata

    assert metadata.stages[0].base == "alpine:3.21"


def test_lint_ignore_option() -> None:
    assert codes(plimsoll.lint(LATEST, ignore=["DL3007"])) == []
    assert codes(plimsoll.lint(LATEST, ignore=("latest-base-image",))) == []
    assert codes(plimsoll.lint(LATEST, ignore=iter(["DL3007"]))) == []


def test_lint_select_option() -> None:
    source = "FROM debian:latest\nMAINTAINER me\n"

    assert codes(plimsoll.lint(source, select=["DL4000"])) == ["DL4000"]


def test_lint_severity_option() -> None:
    report = plimsoll.lint(LATEST, severity={"DL3007": "style"})

    assert report.files[0].diagnostics[0].severity == "style"
    assert not report.files[0].failed


def test_lint_failure_threshold_option() -> None:
    assert plimsoll.lint(LATEST, failure_threshold="warning").files[0].failed
    assert not plimsoll.lint(LATEST, failure_threshold="error").files[0].failed
    assert not plimsoll.lint(LATEST, failure_threshold="none").files[0].failed


def test_lint_explicit_info_threshold_beats_config() -> None:
    """An argument wins over a configuration text, even when it names the default."""
    config = "failure-threshold: error\n"

    assert not plimsoll.lint(LATEST, hadolint_config=config).files[0].failed
    assert plimsoll.lint(LATEST, hadolint_config=config, failure_threshold="info").files[0].failed


def test_lint_hadolint_config_option() -> None:
    report = plimsoll.lint(LATEST, hadolint_config="ignored:\n  - DL3007\n")

    assert codes(report) == []


def test_lint_plimsoll_config_overrides_by_path() -> None:
    config = '[[overrides]]\nfiles = ["ci/*"]\nignore = ["DL3007"]\n'

    assert codes(plimsoll.lint(LATEST, path="ci/Dockerfile", plimsoll_config=config)) == []
    assert codes(plimsoll.lint(LATEST, plimsoll_config=config)) == ["DL3007"]


def test_lint_settings_keywords() -> None:
    report = plimsoll.lint(
        LATEST,
        trusted_registries=["docker.io"],
        label_schema={"maintainer": "email"},
        strict_labels=True,
        disable_ignore_pragma=True,
        dockerignore="*.log\n",
        base_config={"config": {"Env": ["PATH=/bin"]}},
    )

    assert "DL3007" in codes(report)


def test_lint_invalid_config_raises() -> None:
    try:
        plimsoll.lint(LATEST, hadolint_config="ignore: []\n")
    except plimsoll.InvalidOptionError as error:
        assert ".hadolint.yaml:1" in str(error)
    else:
        raise AssertionError("an invalid configuration must raise")


def test_lint_unknown_keyword_raises() -> None:
    try:
        plimsoll.lint(LATEST, trusted_registry=["docker.io"])
    except TypeError as error:
        assert "trusted_registry" in str(error)
    else:
        raise AssertionError("an unknown keyword must raise")


def test_lint_file_reads_path(dockerfile: Path) -> None:
    report = plimsoll.lint_file(str(dockerfile))

    assert report.files[0].path == str(dockerfile)
    assert codes(report) == ["DL3007"]


def test_lint_file_accepts_pathlike(dockerfile: Path) -> None:
    report = plimsoll.lint_file(dockerfile, ignore=["DL3007"])

    assert report.files[0].path == os.fspath(dockerfile)
    assert codes(report) == []


def test_lint_file_equals_lint(dockerfile: Path) -> None:
    from_file = plimsoll.lint_file(dockerfile, failure_threshold="error")
    from_text = plimsoll.lint(
        dockerfile.read_text(encoding="utf-8"),
        path=str(dockerfile),
        failure_threshold="error",
    )

    assert from_file == from_text


def test_lint_json_is_report_json() -> None:
    text = plimsoll.lint_json(LATEST, '{"failure_threshold": "error"}')

    assert text == plimsoll.lint(LATEST, failure_threshold="error").to_json()
    assert text.startswith('{\n  "version": 2,')
    assert not text.endswith("\n")


def test_lint_json_default_options() -> None:
    assert plimsoll.lint_json(LATEST) == plimsoll.lint(LATEST).to_json()
    assert plimsoll.lint_json(LATEST, "") == plimsoll.lint_json(LATEST, "{}")


def test_to_json_escapes_like_core() -> None:
    """Control characters, quotes and non-ASCII text in messages are written as serde_json
    writes them."""
    source = 'FROM debian:12 AS b"\\é\x01\x1f\x7f\u2028😀\nFOO\x1b bar\n'

    report = plimsoll.lint(source)

    messages = "".join(d.message for d in report.files[0].diagnostics)
    for character in '"\\é\x01\x1b\x1f\x7f\u2028😀':
        assert character in messages, repr(character)
    assert report.to_json() == plimsoll.lint_json(source)


def test_report_to_dict() -> None:
    value = plimsoll.lint(LATEST).to_dict()

    assert value["files"][0]["diagnostics"][0]["start"] == {"line": 1, "column": 6, "offset": 5}
    assert value["files"][0]["diagnostics"][0]["fix"] is None


def test_parse_instructions() -> None:
    result = plimsoll.parse("FROM a:1 AS b\nRUN <<EOF\necho hi\nEOF\nONBUILD RUN x\n")

    assert result.version == 2
    assert result.diagnostics == ()
    assert [i.cmd for i in result.instructions] == ["FROM", "RUN", "ONBUILD"]
    from_, run, onbuild = result.instructions
    assert from_.value == ("a:1", "AS", "b")
    assert (from_.start_line, from_.end_line) == (1, 1)
    assert (from_.start_offset, from_.end_offset) == (0, 13)
    assert run.heredocs == (plimsoll.Heredoc(name="EOF", file_descriptor=0, content="echo hi\n"),)
    assert run.end_line == 4
    assert onbuild.sub_cmd == "RUN"


def test_parse_flags_and_json_form() -> None:
    result = plimsoll.parse('FROM --platform=linux/amd64 a:1\nCMD ["run", "x"]\n')

    assert result.instructions[0].flags == ("--platform=linux/amd64",)
    assert result.instructions[1].json
    assert result.instructions[1].value == ("run", "x")


def test_parse_reports_errors() -> None:
    result = plimsoll.parse(b"FROM a:1\nFOO bar\n")

    assert len(result.instructions) == 2
    assert [d.code for d in result.diagnostics] == ["PL0002"]
    assert result.diagnostics[0].start == plimsoll.Position(line=2, column=1, offset=9)


def test_parse_json_is_core_json() -> None:
    import json

    value = json.loads(plimsoll.parse_json("FROM a:1\n"))

    assert set(value) == {"version", "instructions", "diagnostics"}
    assert value["instructions"][0]["cmd"] == "FROM"


def test_rules_list() -> None:
    rules = plimsoll.rules()

    assert isinstance(rules, list)
    assert len(rules) > 20
    assert len({rule.code for rule in rules}) == len(rules)
    assert len({rule.name for rule in rules}) == len(rules)
    by_code = {rule.code: rule for rule in rules}
    assert by_code["DL3007"].name == "latest-base-image"
    assert by_code["DL3007"].severity == "warning"
    assert isinstance(by_code["DL3007"].aliases, tuple)
    assert "## What it does" in by_code["DL3007"].documentation


def test_rules_fixable_flag() -> None:
    fixable = {rule.code for rule in plimsoll.rules() if rule.fixable}

    assert "DL3015" in fixable
    assert "DL3007" not in fixable


def test_version_matches_reports() -> None:
    assert plimsoll.version() == plimsoll.__version__
    assert plimsoll.lint("FROM a:1\n").tool.version == plimsoll.__version__


def test_version_matches_cargo_workspace() -> None:
    from conftest import REPO_ROOT

    manifest = (REPO_ROOT / "Cargo.toml").read_text(encoding="utf-8")
    workspace_package = manifest.split("[workspace.package]", 1)[1]
    version_line = next(
        line for line in workspace_package.splitlines() if line.startswith("version")
    )

    assert version_line.split("=", 1)[1].strip().strip('"') == plimsoll.__version__


def test_public_names_exist() -> None:
    for name in plimsoll.__all__:
        assert hasattr(plimsoll, name), name
