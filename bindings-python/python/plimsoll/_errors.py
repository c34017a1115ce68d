"""The exceptions that plimsoll raises.

Findings are never exceptions: a Dockerfile with syntax errors still gives a report. An
exception means that the input or the options could not be used at all.
"""

from __future__ import annotations

import os
from typing import Any, ClassVar, Optional

from . import _native


class PlimsollError(Exception):
    """Base class of every plimsoll exception.

    ``kind`` is a stable string that names the class of error, as in the ``{"error": {"kind",
    "message"}}`` JSON of the other plimsoll bindings. Each subclass sets it.
    """

    kind: ClassVar[str]
    message: str

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message,))

    def to_json(self) -> str:
        """Return ``{"error": {"kind", "message"}}`` as the core library writes it."""
        return _native.error_json(self.kind, self.message)


class InvalidOptionError(PlimsollError, ValueError):
    """An option is not valid: an unknown rule code, stage, severity or option name."""

    kind = "invalid_option"


class InvalidInputError(PlimsollError, ValueError):
    """The input cannot be used, such as a ``str`` with lone surrogates."""

    kind = "invalid_input"


class IoError(PlimsollError, OSError):
    """Reading a file failed.

    It is also an ``OSError``, so ``except OSError`` catches it as it catches the errors of
    ``open``. ``errno`` and ``strerror`` are those of the operating system, or ``None`` when
    the failure has no error number, and ``filename`` is the path as the caller passed it.
    """

    kind = "io"

    def __init__(self, message: str, errno: Optional[int] = None, filename: Any = None) -> None:
        super().__init__(message)
        self.errno = errno
        self.strerror = None if errno is None else os.strerror(errno)
        self.filename = filename

    def __reduce__(self) -> tuple[Any, ...]:
        # OSError's own __reduce__ passes (errno, strerror, filename), which this __init__
        # does not take.
        return (type(self), (self.message, self.errno, self.filename))


class InternalError(PlimsollError):
    """A bug in plimsoll, such as a panic in the Rust code. Please report it."""

    kind = "internal"
