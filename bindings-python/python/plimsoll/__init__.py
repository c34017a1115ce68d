"""plimsoll: a Dockerfile linter.

``lint`` and ``lint_file`` return a ``Report`` of findings, ``parse`` returns the
instructions as BuildKit reads them, and ``rules`` lists the rules. ``lint_json`` returns the
JSON report that the CLI and every other binding write, byte for byte. The work is done by the
Rust library, without holding the GIL, so threads can lint in parallel.
"""

from ._api import (
    FailureThreshold,
    Source,
    lint,
    lint_file,
    lint_json,
    parse,
    parse_json,
    rules,
    version,
)
from ._errors import (
    InternalError,
    InvalidInputError,
    InvalidOptionError,
    IoError,
    PlimsollError,
)
from ._native import __version__
from ._types import (
    Applicability,
    Diagnostic,
    Edit,
    FileMetadata,
    FileReport,
    Fix,
    Heredoc,
    Instruction,
    ParseResult,
    Position,
    Report,
    Rule,
    Severity,
    Stage,
    Tool,
)

__all__ = [
    "Applicability",
    "Diagnostic",
    "Edit",
    "FailureThreshold",
    "FileMetadata",
    "FileReport",
    "Fix",
    "Heredoc",
    "Instruction",
    "InternalError",
    "InvalidInputError",
    "InvalidOptionError",
    "IoError",
    "ParseResult",
    "PlimsollError",
    "Position",
    "Report",
    "Rule",
    "Severity",
    "Source",
    "Stage",
    "Tool",
    "__version__",
    "lint",
    "lint_file",
    "lint_json",
    "parse",
    "parse_json",
    "rules",
    "version",
]
