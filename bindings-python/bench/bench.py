"""Benchmarks of the Python binding.

1. Per-call time of ``plimsoll.lint`` and ``plimsoll.lint_json`` on the median-sized corpus
   file, and on the median-sized one of the files with 10 or more findings, against the core
   calls they wrap, timed in Rust by the ``lint_timing`` example.
2. Time to parse every corpus file with ``plimsoll.parse`` and with ``dockerfile.parse_string``
   (the PyPI package ``dockerfile``, which wraps BuildKit's Go parser), in one process.

Usage, from the repository root, with plimsoll and ``dockerfile==3.4.0`` installed:

    python bindings-python/bench/bench.py [--corpus DIR] [--rounds N] [--no-rust]

Per-call times are the best, over rounds, of the mean of a run of calls; corpus times are the
best of ``--corpus-repeats`` passes. The garbage collector stays on, as in real use.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Callable

import plimsoll

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus" / "files"


def main() -> None:
    arguments = parse_arguments()
    paths = sorted(arguments.corpus.glob("*.Dockerfile"))
    if not paths:
        sys.exit(f"error: no *.Dockerfile files in {arguments.corpus}; pass --corpus DIR")

    print_environment(paths)
    per_call(median_file(paths), "median size", arguments)
    # The median-sized file has no findings, so a second file shows the cost of building
    # diagnostic objects.
    per_call(
        median_file(files_with_findings(paths, 10)),
        "median size of those with 10 or more findings",
        arguments,
    )
    corpus_parse(paths, arguments.corpus_repeats)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of *.Dockerfile files"
    )
    parser.add_argument(
        "--rounds", type=int, default=5, help="alternating Rust and Python rounds (default 5)"
    )
    parser.add_argument(
        "--calls", type=int, default=2000, help="calls per timed run (default 2000)"
    )
    parser.add_argument(
        "--corpus-repeats", type=int, default=3, help="passes over the corpus (default 3)"
    )
    parser.add_argument(
        "--no-rust", action="store_true", help="skip the Rust timings, which need cargo"
    )
    return parser.parse_args()


def print_environment(paths: Sequence[Path]) -> None:
    print("## Environment\n")
    print(f"- CPU: {cpu_model()}, {os.cpu_count()} logical cores")
    print(f"- OS: {platform.platform()}")
    print(f"- Python: {platform.python_implementation()} {platform.python_version()}")
    print(f"- plimsoll: {plimsoll.__version__}")
    print(f"- corpus: {len(paths)} files, {sum(p.stat().st_size for p in paths):,} bytes\n")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def median_file(paths: Sequence[Path]) -> Path:
    """Return the file of median size; with an even count, the smaller of the two middle."""
    by_size = sorted(paths, key=lambda path: (path.stat().st_size, path.name))
    return by_size[(len(by_size) - 1) // 2]


def files_with_findings(paths: Sequence[Path], minimum: int) -> list[Path]:
    return [path for path in paths if len(plimsoll.lint_file(path).files[0].diagnostics) >= minimum]


def count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def best_mean_microseconds(call: Callable[[], Any], calls: int, repeats: int) -> float:
    """Return the lowest mean time of one call over ``repeats`` runs of ``calls`` calls,
    as ``lint_timing.rs`` measures the Rust calls."""
    for _ in range(min(calls, 100)):
        call()
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in range(calls):
            call()
        best = min(best, (time.perf_counter() - started) * 1e6 / calls)
    return best


def rust_timings(path: Path, calls: int) -> dict[str, float]:
    command = [
        "cargo",
        "run",
        "--quiet",
        "--release",
        "-p",
        "plimsoll-python",
        "--example",
        "lint_timing",
        "--",
        str(path),
        str(calls),
        "5",
    ]
    output = subprocess.run(
        command, cwd=REPO_ROOT, check=True, capture_output=True, text=True
    ).stdout
    return {line["call"]: line["microseconds"] for line in map(json.loads, output.splitlines())}


def per_call(path: Path, selection: str, arguments: argparse.Namespace) -> None:
    source = path.read_bytes()
    text = source.decode("utf-8")
    report = plimsoll.lint(source)
    print(f"## Per call: {path.name} ({len(source):,} bytes, {selection})\n")
    file = report.files[0]
    print(
        f"{count(file.metadata.instructions, 'instruction')}, "
        f"{count(len(file.diagnostics), 'finding')}, "
        f"{count(len(file.metadata.stages), 'stage')}\n"
    )

    python_calls: dict[str, Callable[[], Any]] = {
        "plimsoll.lint_json(bytes)": lambda: plimsoll.lint_json(source),
        "plimsoll.lint(bytes)": lambda: plimsoll.lint(source),
        "plimsoll.lint(str)": lambda: plimsoll.lint(text),
        "plimsoll.parse_json(bytes)": lambda: plimsoll.parse_json(source),
        "plimsoll.parse(bytes)": lambda: plimsoll.parse(source),
    }
    best: dict[str, float] = {}
    for _ in range(arguments.rounds):
        if not arguments.no_rust:
            for name, microseconds in rust_timings(path, arguments.calls).items():
                key = f"Rust api::{name}"
                best[key] = min(best.get(key, float("inf")), microseconds)
        for name, call in python_calls.items():
            microseconds = best_mean_microseconds(call, arguments.calls, 5)
            best[name] = min(best.get(name, float("inf")), microseconds)

    print("| Call | µs per call |")
    print("|---|---:|")
    for name, microseconds in best.items():
        print(f"| `{name}` | {microseconds:.2f} |")
    print()

    if arguments.no_rust:
        return
    print("| Ratio | Value | Goal 1.3 |")
    print("|---|---:|---|")
    for binding, rust in [
        ("plimsoll.lint(bytes)", "Rust api::lint_report"),
        ("plimsoll.lint(bytes)", "Rust api::lint_json"),
        ("plimsoll.lint_json(bytes)", "Rust api::lint_json"),
        ("plimsoll.parse_json(bytes)", "Rust api::parse_json"),
    ]:
        ratio = best[binding] / best[rust]
        verdict = "met" if ratio <= 1.3 else "not met"
        print(f"| `{binding}` / `{rust}` | {ratio:.2f} | {verdict} |")
    print()


def corpus_parse(paths: Sequence[Path], repeats: int) -> None:
    sources = [path.read_bytes() for path in paths]
    # The Go parser takes str, and a str with lone surrogates crashes it, so undecodable
    # bytes become U+FFFD, as in the corpus's own baseline script.
    texts = [source.decode("utf-8", "replace") for source in sources]
    print(f"## Parsing all {len(paths)} corpus files in one process, best of {repeats}\n")

    contenders: dict[str, tuple[Callable[[Any], Any], Sequence[Any]]] = {}
    try:
        import dockerfile
    except ImportError:
        print("(`dockerfile` is not installed: `pip install dockerfile==3.4.0`)\n")
    else:
        contenders["dockerfile.parse_string(str)"] = (dockerfile.parse_string, texts)
    contenders["plimsoll.parse(str)"] = (plimsoll.parse, texts)
    contenders["plimsoll.parse(bytes)"] = (plimsoll.parse, sources)
    contenders["plimsoll.parse_json(bytes)"] = (plimsoll.parse_json, sources)

    # The passes alternate between the contenders, so that a change in the machine's load
    # affects all of them alike.
    best = {name: float("inf") for name in contenders}
    errors = dict.fromkeys(contenders, 0)
    for _ in range(repeats):
        for name, (parse, inputs) in contenders.items():
            seconds, errors[name] = time_corpus_pass(parse, inputs)
            best[name] = min(best[name], seconds)

    print("| Call | Seconds | Files that raised |")
    print("|---|---:|---:|")
    for name, seconds in best.items():
        print(f"| `{name}` | {seconds:.3f} | {errors[name]} |")
    print()

    go = best.get("dockerfile.parse_string(str)")
    if go is None:
        return
    print("| Speed-up over `dockerfile.parse_string(str)` | Value | Goal 5 |")
    print("|---|---:|---|")
    for name in ["plimsoll.parse(str)", "plimsoll.parse(bytes)", "plimsoll.parse_json(bytes)"]:
        speedup = go / best[name]
        verdict = "met" if speedup >= 5 else "not met"
        print(f"| `{name}` | {speedup:.2f} | {verdict} |")
    print()


def time_corpus_pass(parse: Callable[[Any], Any], inputs: Sequence[Any]) -> tuple[float, int]:
    """Return the time of one pass of ``parse`` over ``inputs``, and how many inputs raised
    an exception."""
    errors = 0
    started = time.perf_counter()
    for value in inputs:
        try:
            parse(value)
        except Exception:
            errors += 1
    return time.perf_counter() - started, errors


if __name__ == "__main__":
    main()
