"""The Rust extension module of plimsoll."""

from os import PathLike
from typing import Union

from ._types import ParseResult, Report, Rule

__all__ = [
    "__version__",
    "lint",
    "lint_file",
    "lint_json",
    "parse",
    "rules",
    "parse_json",
    "error_json",
    "lint_image",
    "lint_image_json",
    "lint_image_config",
    "lint_image_config_json",
]

__version__: str

def lint(
    source: Union[str, bytes, bytearray],
    options_json: str = "",
    path: str = "Dockerfile",
) -> Report: ...
def lint_file(
    path: Union[str, bytes, PathLike[str], PathLike[bytes]], options_json: str = ""
) -> Report: ...
def lint_json(
    source: Union[str, bytes, bytearray],
    options_json: str = "",
    path: str = "Dockerfile",
) -> str: ...
def parse(source: Union[str, bytes, bytearray]) -> ParseResult: ...
def rules() -> list[Rule]: ...
def parse_json(source: Union[str, bytes, bytearray]) -> str: ...
def error_json(kind: str, message: str) -> str: ...
def lint_image(
    path: Union[str, bytes, PathLike[str], PathLike[bytes]], options_json: str = ""
) -> Report: ...
def lint_image_json(
    path: Union[str, bytes, PathLike[str], PathLike[bytes]], options_json: str = ""
) -> str: ...
def lint_image_config(
    config: Union[str, bytes, bytearray],
    options_json: str = "",
    name: str = "image.json",
) -> Report: ...
def lint_image_config_json(
    config: Union[str, bytes, bytearray],
    options_json: str = "",
    name: str = "image.json",
) -> str: ...
