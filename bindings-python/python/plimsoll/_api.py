"""The functions of the package: argument conversion around the native module."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Mapping
from typing import Any, Literal, Optional, Union

from . import _native
from ._errors import InvalidOptionError
from ._types import ParseResult, Report, Rule

Source = Union[str, bytes, bytearray]
"""A Dockerfile's text, or its bytes, which are decoded as UTF-8. The core library replaces
invalid UTF-8 sequences with U+FFFD and reports them as findings (PL0005)."""

FailureThreshold = Literal["error", "warning", "info", "style", "none"]
"""The severity at or above which a file fails, or ``none`` for never."""

ImageConfig = Union[str, bytes, bytearray]
"""An image config blob or ``docker inspect`` output: JSON text, or its UTF-8 bytes."""

Size = Union[int, str]
"""A byte size: a number of bytes, or text with a unit such as ``"100MB"`` or ``"1GiB"``."""

Fraction = Union[float, str]
"""A fraction from 0 to 1, as a number or as text such as ``"0.9"``."""


def lint(
    source: Source,
    *,
    path: str = "Dockerfile",
    build_args: Optional[Mapping[str, str]] = None,
    target: Optional[str] = None,
    ignore: Iterable[str] = (),
    select: Iterable[str] = (),
    severity: Optional[Mapping[str, str]] = None,
    failure_threshold: Optional[FailureThreshold] = None,
    **settings: Any,
) -> Report:
    """Lint a Dockerfile and return the report.

    ``path`` is the name the report gives the file; nothing is read from it. ``build_args``
    gives values for ARGs, as ``--build-arg`` does. ``target`` names the stage to build, the
    last stage by default. ``ignore`` and ``select`` take rule codes, names or aliases: the
    first turns rules off, and the second, when not empty, runs only the rules it names.
    ``severity`` replaces rules' default severities, keyed by code, name or alias.
    ``failure_threshold`` is the lowest severity that sets ``failed``; when it is ``None``, a
    configuration text's threshold applies, or ``"info"``.

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
    failure_threshold: Optional[FailureThreshold] = None,
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


def lint_image(
    path: Union[str, os.PathLike[str]],
    *,
    image: Optional[str] = None,
    platform: Optional[str] = None,
    max_size: Optional[Size] = None,
    lowest_efficiency: Optional[Fraction] = None,
    highest_wasted_bytes: Optional[Size] = None,
    highest_user_wasted_percent: Optional[Fraction] = None,
    ignore: Iterable[str] = (),
    select: Iterable[str] = (),
    severity: Optional[Mapping[str, str]] = None,
    failure_threshold: FailureThreshold = "info",
) -> Report:
    """Read and lint the image at ``path`` and return the report, whose ``images`` has one entry.

    ``path`` is a ``docker save`` archive, an OCI image layout (a directory or a tar file), or a
    file with an image config blob or ``docker inspect`` output. A file whose first character
    other than blanks is ``{`` or ``[`` is read as a config. ``image`` picks one image of an
    archive that contains several, by tag or as ``"#N"`` (0-based), and ``platform`` picks one
    platform (``"os/arch[/variant]"``) of a multi-platform index. ``max_size`` is the largest
    uncompressed size that passes. ``lowest_efficiency``, ``highest_wasted_bytes`` and
    ``highest_user_wasted_percent`` are dive's thresholds, and ``"disabled"`` turns one off.
    ``ignore``, ``select``, ``severity`` and ``failure_threshold`` are as for ``lint``, and accept
    dockle codes such as ``CIS-DI-0001`` too.

    A failed read raises ``IoError``, an input that is not an image ``InvalidInputError``, and
    unusable options ``InvalidOptionError``.
    """
    options = _image_options_json(
        image=_optional_string("image", image),
        platform=_optional_string("platform", platform),
        max_size=max_size,
        lowest_efficiency=lowest_efficiency,
        highest_wasted_bytes=highest_wasted_bytes,
        highest_user_wasted_percent=highest_user_wasted_percent,
        ignore=ignore,
        select=select,
        severity=severity,
        failure_threshold=failure_threshold,
    )
    return _native.lint_image(path, options)


def lint_image_config(
    config: ImageConfig,
    *,
    name: str = "image.json",
    max_size: Optional[Size] = None,
    lowest_efficiency: Optional[Fraction] = None,
    highest_wasted_bytes: Optional[Size] = None,
    highest_user_wasted_percent: Optional[Fraction] = None,
    ignore: Iterable[str] = (),
    select: Iterable[str] = (),
    severity: Optional[Mapping[str, str]] = None,
    failure_threshold: FailureThreshold = "info",
) -> Report:
    """Lint an image config blob or ``docker inspect`` output and return the report.

    Nothing is read from disk. ``name`` is the name the report gives the image. The options are
    those of ``lint_image``. The size and dive options have no effect, because a config has no
    layers to measure. A config that is not valid JSON, or not an image
    config, raises ``InvalidInputError``.
    """
    options = _image_options_json(
        image=None,
        platform=None,
        max_size=max_size,
        lowest_efficiency=lowest_efficiency,
        highest_wasted_bytes=highest_wasted_bytes,
        highest_user_wasted_percent=highest_user_wasted_percent,
        ignore=ignore,
        select=select,
        severity=severity,
        failure_threshold=failure_threshold,
    )
    return _native.lint_image_config(config, options, _string("name", name))


def lint_image_json(path: Union[str, os.PathLike[str]], options_json: str = "{}") -> str:
    """Read and lint the image at ``path`` with options given as JSON and return the JSON report.

    The options JSON has the fields of ``lint_image``'s keyword arguments. Errors raise the same
    exceptions as ``lint_image``.
    """
    return _native.lint_image_json(path, _string("options_json", options_json))


def lint_image_config_json(
    config: ImageConfig, options_json: str = "{}", *, name: str = "image.json"
) -> str:
    """Lint an image config with options given as JSON and return the JSON report, which is the
    exact text that the core library and the other bindings write."""
    return _native.lint_image_config_json(
        config, _string("options_json", options_json), _string("name", name)
    )


def version() -> str:
    """Return the version of plimsoll, which is the same for the library and every binding."""
    return _native.__version__


def _options_json(
    build_args: Optional[Mapping[str, str]],
    target: Optional[str],
    ignore: Iterable[str],
    select: Iterable[str],
    severity: Optional[Mapping[str, str]],
    failure_threshold: Optional[str],
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
    # An explicit "info" is passed on too: it must win over a configuration text's threshold.
    if failure_threshold is not None:
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


def _image_options_json(
    *,
    image: Optional[str],
    platform: Optional[str],
    max_size: Optional[Size],
    lowest_efficiency: Optional[Fraction],
    highest_wasted_bytes: Optional[Size],
    highest_user_wasted_percent: Optional[Fraction],
    ignore: Iterable[str],
    select: Iterable[str],
    severity: Optional[Mapping[str, str]],
    failure_threshold: str,
) -> str:
    """Convert the keyword arguments of the image functions to the core's image options JSON.

    As for ``_options_json``, only the types are checked here, and the core checks the values.
    """
    options: dict[str, Any] = {}
    if image is not None:
        options["image"] = image
    if platform is not None:
        options["platform"] = platform
    for key, value in (
        ("max_size", max_size),
        ("lowest_efficiency", lowest_efficiency),
        ("highest_wasted_bytes", highest_wasted_bytes),
        ("highest_user_wasted_percent", highest_user_wasted_percent),
    ):
        if value is not None:
            options[key] = _number_or_text(key, value)
    if ignore:
        options["ignore"] = _string_list("ignore", ignore)
    if select:
        options["select"] = _string_list("select", select)
    if severity is not None:
        options["severity"] = _string_mapping("severity", severity)
    if failure_threshold != "info":
        options["failure_threshold"] = _string("failure_threshold", failure_threshold)
    return json.dumps(options) if options else ""


def _optional_string(name: str, value: object) -> Optional[str]:
    return None if value is None else _string(name, value)


def _number_or_text(name: str, value: object) -> Union[int, float, str]:
    # bool is a subclass of int, but `max_size=True` is a mistake, not one byte.
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        # JSON has no NaN or infinity: json.dumps would write `NaN`, and the core would report
        # a JSON syntax error at a column the caller never wrote.
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidOptionError(f"`{name}`: invalid value {value}: expected a finite number")
        return value
    raise TypeError(f"{name} must be a number or a str, not {type(value).__name__}")


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
