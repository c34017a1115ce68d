"""The GIL is released while the Rust library works."""

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

import pytest

import plimsoll

STAGE = """\
FROM debian:12 AS stage{index}
RUN apt-get update && apt-get install -y --no-install-recommends curl git \\
    && rm -rf /var/lib/apt/lists/*
COPY . /app
WORKDIR /app
USER 10001
"""


def large_dockerfile(stages: int) -> str:
    return "".join(STAGE.format(index=index) for index in range(stages))


@pytest.mark.parametrize(
    "function",
    [plimsoll.lint_json, plimsoll.lint, plimsoll.parse, plimsoll.parse_json],
    ids=lambda function: function.__name__,
)
def test_other_threads_run_during_call(function: Callable[[str], object]) -> None:
    """While one thread is inside a call, the main thread keeps running Python code.

    If the call held the GIL, the main thread could not run between shortly after the call
    starts and when it returns, so the middle half of the call would see no progress. The
    result objects are built with the GIL held, at the end of the call.
    """
    source = large_dockerfile(6000)
    call: dict[str, float] = {}

    def run() -> None:
        call["start"] = time.perf_counter()
        function(source)
        call["end"] = time.perf_counter()

    worker = threading.Thread(target=run)
    ticks = []
    worker.start()
    while worker.is_alive():
        ticks.append(time.perf_counter())
    worker.join()

    duration = call["end"] - call["start"]
    middle_start = call["start"] + duration / 4
    middle_end = call["end"] - duration / 4
    assert duration > 0.05, "the input is too small to measure"
    assert any(middle_start < tick < middle_end for tick in ticks)


def test_threads_lint_concurrently() -> None:
    sources = [large_dockerfile(stages) for stages in range(1, 41)]
    expected = [plimsoll.lint(source) for source in sources]

    with ThreadPoolExecutor(max_workers=8) as pool:
        reports = list(pool.map(plimsoll.lint, sources))
        parsed = list(pool.map(plimsoll.parse, sources))

    assert reports == expected
    assert [len(result.instructions) for result in parsed] == [
        5 * stages for stages in range(1, 41)
    ]


def test_threads_lint_files_concurrently(tmp_path: Path) -> None:
    paths = []
    for index in range(16):
        path = tmp_path / f"{index}.Dockerfile"
        path.write_text(large_dockerfile(index + 1), encoding="utf-8")
        paths.append(path)

    with ThreadPoolExecutor(max_workers=4) as pool:
        reports = list(pool.map(plimsoll.lint_file, paths))

    assert [report.files[0].metadata.instructions for report in reports] == [
        5 * (index + 1) for index in range(16)
    ]


def test_other_threads_run_during_image_config_lint() -> None:
    """As for Dockerfiles, the GIL is released while an image config is read and linted."""
    entry = {"created_by": "RUN /bin/sh -c apt-get update && sudo apt-get install -y curl"}
    config = json.dumps({"config": {"User": "root"}, "history": [entry] * 100_000})
    call: dict[str, float] = {}

    def run() -> None:
        call["start"] = time.perf_counter()
        plimsoll.lint_image_config_json(config)
        call["end"] = time.perf_counter()

    worker = threading.Thread(target=run)
    ticks = []
    worker.start()
    while worker.is_alive():
        ticks.append(time.perf_counter())
    worker.join()

    duration = call["end"] - call["start"]
    middle_start = call["start"] + duration / 4
    middle_end = call["end"] - duration / 4
    assert duration > 0.05, "the input is too small to measure"
    assert any(middle_start < tick < middle_end for tick in ticks)
