"""The functions of the package: argument conversion around the native module."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from typing import Any, Literal, Optional, Union

from . import _native
from ._types import ParseResult, Report, Rule

Source = Union[str, bytes, bytearray]
"""A Dockerfile's text, or its bytes, which are decoded as UTF-8. The core library replaces
invalid UTF-8 sequences with U+FFFD and reports them as findings (PL0005)."""

FailureThreshold = Literal["error", "warning", "info", "style", "none"]
"""The severity at or above which a file fails, or ``none`` for never."""


def lint(
    source: Source,
    *,
    path: str = "Dockerfile",
    build_args: Optional[Mapping[str, str]] = None,
    target: Optional[str] = None,
    ignore: Iterable[str] = (),
    select: Iterable[str] = (),
    severity: Optional[Mapping[str, str]] = None,
    failure_threshold: FailureThreshold = "info",
    **settings: Any,
) -> Report:
    """Lint a Dockerfile and return the report.

    ``path`` is the name the report gives the file; nothing is read from it. ``build_args``
    gives values for ARGs, as ``--build-arg`` does. ``target`` names the stage to build, the
    last stage by default. ``ignore`` and ``select`` take rule codes, names or aliases: the
    first turns rules off, and the second, when not empty, runs only the rules it names.
    ``severity`` replaces rules' default severities, keyed by code, name or alias.

    The other keyword arguments are the remaining fields of the options JSON:
    ``trusted_registries`` (list of str), ``label_schema`` (mapping of label to type),
    ``strict_labels`` and ``disable_ignore_pragma`` (bool), ``dockerignore`` (the text of a
    ``.dockerignore``), ``base_config`` (an image config or ``docker inspect`` output, as a
    mapping), and ``hadolint_config`` and ``plimsoll_config`` (the text of a ``.hadolint.yaml``
    or ``plimsoll.toml``, applied below the other arguments).

    Raises ``InvalidOptionError`` for an unknown rule, stage or severity, ``InvalidInputError``
    for a ``str`` with lone surrogates, and ``TypeError`` for arguments of the wrong type.
    """
    options = _options_json(
        build_args, target, ignore, select, severity, failure_threshold, settings
    )
    return _native.lint(source, options, _string("path", path))


def lint_file(
    path: Union[str, os.PathLike[str]],
    *,
    build_args: Optional[Mapping[str, str]] = None,
    target: Optional[str] = None,
    ignore: Iterable[str] = (),
    select: Iterable[str] = (),
    severity: Optional[Mapping[str, str]] = None,
    failure_threshold: FailureThreshold = "info",
    **settings: Any,
) -> Report:
    """Read and lint the Dockerfile at ``path`` and return the report.

    The report names the file by ``path`` as given. The options are those of ``lint``. A
    failed read raises ``IoError``, which is also an ``OSError``.
    """
    options = _options_json(
        build_args, target, ignore, select, severity, failure_threshold, settings
    )
    return _native.lint_file(path, options)


def lint_json(source: Source, options_json: str = "{}", *, path: str = "Dockerfile") -> str:
    """Lint a Dockerfile with options given as JSON and return the JSON report.

    The options JSON has the fields of ``lint``'s keyword arguments, and the report is the
    exact text that the core library, the CLI and the other bindings write. Errors raise the
    same exceptions as ``lint``; ``PlimsollError.to_json()`` gives their JSON form.
    """
    return _native.lint_json(source, _string("options_json", options_json), _string("path", path))


def parse(source: Source) -> ParseResult:
    """Parse a Dockerfile as BuildKit does and return its instructions and parse errors."""
    return _native.parse(source)


def parse_json(source: Source) -> str:
    """Parse a Dockerfile and return ``{"version", "instructions", "diagnostics"}`` as the
    core library writes it."""
    return _native.parse_json(source)


def rules() -> list[Rule]:
    """Return every rule with its documentation, in the order of the core library's registry."""
    return _native.rules()


def version() -> str:
    """Return the version of plimsoll, which is the same for the library and every binding."""
    return _native.__version__


def _options_json(
    build_args: Optional[Mapping[str, str]],
    target: Optional[str],
    ignore: Iterable[str],
    select: Iterable[str],
    severity: Optional[Mapping[str, str]],
    failure_threshold: str,
    settings: Mapping[str, Any],
) -> str:
    """Convert keyword arguments to the options JSON of the core library.

    Only the types are checked here. The core library checks the values and raises
    ``InvalidOptionError`` with the same messages as in every other binding.
    """
    options: dict[str, Any] = {}
    if build_args is not None:
        options["build_args"] = _string_mapping("build_args", build_args)
    if target is not None:
        options["target"] = _string("target", target)
    if ignore:
        options["ignore"] = _string_list("ignore", ignore)
    if select:
        options["select"] = _string_list("select", select)
    if severity is not None:
        options["severity"] = _string_mapping("severity", severity)
    if failure_threshold != "info":
        options["failure_threshold"] = _string("failure_threshold", failure_threshold)
    for name, value in settings.items():
        if name not in _SETTINGS:
            known = ", ".join(sorted(_SETTINGS))
            raise TypeError(f"unexpected keyword argument {name!r}; expected one of: {known}")
        if value is not None:
            options[name] = _SETTINGS[name](name, value)
    # Options left at their defaults, which are the core's defaults, are left out, and an
    # empty string stands for all defaults. That skips JSON work in the common case.
    return json.dumps(options) if options else ""


def _boolean(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, not {type(value).__name__}")
    return value


def _json_object(name: str, value: object) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping, not {type(value).__name__}")
    return dict(value)


def _string(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    return value


def _string_list(name: str, values: Iterable[str]) -> list[str]:
    # A str is an iterable of one-character strings, so `ignore="DL3007"` would otherwise
    # turn into the rules "D", "L", "3", ...
    if isinstance(values, (str, bytes)):
        raise TypeError(
            f"{name} must be an iterable of rule codes, not {type(values).__name__}: "
            f"write {name}=[{values!r}]"
        )
    return [_string(f"each item of {name}", value) for value in values]


def _string_mapping(name: str, mapping: Mapping[str, str]) -> dict[str, str]:
    if not isinstance(mapping, Mapping):
        raise TypeError(f"{name} must be a mapping, not {type(mapping).__name__}")
    return {
        _string(f"each key of {name}", key): _string(f"the value of {name}[{key!r}]", value)
        for key, value in mapping.items()
    }


# Keyword arguments that map one to one onto fields of the options JSON, with their checks.
_SETTINGS = {
    "trusted_registries": _string_list,
    "label_schema": _string_mapping,
    "strict_labels": _boolean,
    "disable_ignore_pragma": _boolean,
    "dockerignore": _string,
    "base_config": _json_object,
    "hadolint_config": _string,
    "plimsoll_config": _string,
}
