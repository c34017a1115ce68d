"""The result objects of plimsoll.

The native module builds them from the core library's results. Field names, field order and
meanings are those of the JSON report (schema version 1), so ``Report.to_json()`` writes the
core's bytes again. Sequences are tuples, so every object is immutable and can be hashed.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any, Literal, Optional, Union

Severity = Literal["error", "warning", "info", "style"]
"""The severity of a finding. The values are listed from most to least severe."""

Applicability = Literal["safe", "unsafe", "display-only"]
"""Whether a fix keeps the build's meaning (``safe``), changes it so that a person should
review it (``unsafe``), or is only a suggestion to show (``display-only``)."""


@dataclass(frozen=True)
class Position:
    """A place in the source text."""

    line: int
    """1-based line. A line ends at ``\\n``, and a ``\\r`` before it belongs to the line."""
    column: int
    """1-based column, counted in Unicode code points."""
    offset: int
    """UTF-8 byte offset from the start of the decoded text."""


@dataclass(frozen=True)
class Edit:
    """A replacement of the source range ``[start, end)``."""

    start: Position
    end: Position
    replacement: str


@dataclass(frozen=True)
class Fix:
    """A fix for a finding: edits to apply together, or not at all."""

    message: str
    applicability: Applicability
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class Diagnostic:
    """A finding of a rule or of the parser, over the range ``[start, end)``."""

    code: str
    """Rule code, such as ``DL3007`` or ``PL0002``."""
    name: str
    """Rule name in kebab-case, such as ``latest-base-image``."""
    severity: Severity
    message: str
    start: Position
    end: Position
    fix: Optional[Fix]


@dataclass(frozen=True)
class Stage:
    """A build stage of a Dockerfile."""

    index: int
    name: Optional[str]
    """Lower-cased stage name, or ``None`` for a stage without ``AS name``."""
    base: str
    """The base image after build-argument expansion, or the name of the stage it builds on."""
    line: int
    """Line of the stage's FROM instruction."""
    reachable: bool
    """Whether building the target stage builds this stage."""


@dataclass(frozen=True)
class FileMetadata:
    """Facts about a file that plimsoll read: size, lines, instructions and stages."""

    bytes: int
    """Size of the input in bytes."""
    lines: int
    """Number of line feeds, plus one if the last line has none."""
    instructions: int
    stages: tuple[Stage, ...]
    target_stage: Optional[int]
    """Index of the stage that is built, or ``None`` when the file has no stages."""


@dataclass(frozen=True)
class FileReport:
    """The findings of one file."""

    path: str
    failed: bool
    """Whether a finding is at or above the failure threshold."""
    metadata: FileMetadata
    diagnostics: tuple[Diagnostic, ...]
    """Findings ordered by start offset, then code."""


@dataclass(frozen=True)
class WholeImageLocation:
    """The image as a whole, such as its size or its reference."""

    kind: Literal["image"]


@dataclass(frozen=True)
class ConfigLocation:
    """A key of the container configuration, such as ``User``, ``Env`` or ``Labels``."""

    kind: Literal["config"]
    key: str
    entry: Optional[str]
    """The entry of the key concerned, such as an environment variable's name, or ``None``."""


@dataclass(frozen=True)
class HistoryLocation:
    """An entry of the configuration's ``history`` array."""

    kind: Literal["history"]
    index: int
    """0-based, as in the array."""


@dataclass(frozen=True)
class LayerLocation:
    """A layer of the image."""

    kind: Literal["layer"]
    index: int
    """1-based, lowest first."""


@dataclass(frozen=True)
class FileLocation:
    """A path in the final filesystem."""

    kind: Literal["file"]
    path: str
    layer: int
    """1-based layer that the file comes from."""


ImageLocation = Union[
    WholeImageLocation, ConfigLocation, HistoryLocation, LayerLocation, FileLocation
]
"""The place in an image that a finding is about. The ``kind`` field names the variant."""


@dataclass(frozen=True)
class ImageFinding:
    """A finding of an image rule."""

    code: str
    """Rule code, such as ``PL3001``."""
    name: str
    """Rule name in kebab-case, such as ``root-image-user``."""
    severity: Severity
    message: str
    location: ImageLocation


@dataclass(frozen=True)
class Layer:
    """A layer of an image. Sizes and counts are ``None`` when only the config was read."""

    index: int
    """1-based, lowest first."""
    history_index: Optional[int]
    """0-based index of the history entry that made the layer."""
    created_by: Optional[str]
    compressed_size: Optional[int]
    uncompressed_size: Optional[int]
    files: Optional[int]
    """Number of regular files in the layer."""
    wasted_bytes: Optional[int]
    """Bytes of this layer's regular files that later layers hide."""


@dataclass(frozen=True)
class WastedPath:
    """A copy of a file that a later layer hides."""

    path: str
    layer: int
    """1-based layer that contains the hidden copy."""
    size: int
    reason: str
    """``overwritten``, ``deleted`` (by a whiteout) or ``hidden`` (by an opaque whiteout)."""
    by_layer: int
    """1-based layer that hides it."""


@dataclass(frozen=True)
class Dive:
    """dive's figures, computed with dive's formulas."""

    efficiency: float
    """Efficiency score from 0 to 1."""
    wasted_bytes: int
    user_wasted_percent: Optional[float]
    """A fraction, or ``None`` for an image of one layer."""
    image_size: int
    user_size: int


@dataclass(frozen=True)
class ImageMetadata:
    """Facts about an image. Sizes are ``None`` when only the configuration was read."""

    reference: Optional[str]
    """The normalised reference the image was selected or tagged by."""
    config_digest: Optional[str]
    """``sha256:`` digest of the config blob, which is the image ID."""
    os: Optional[str]
    architecture: Optional[str]
    config_only: bool
    """Whether only the configuration was read, so there are no file or size facts."""
    compressed_size: Optional[int]
    uncompressed_size: Optional[int]
    layers: tuple[Layer, ...]
    wasted_bytes: Optional[int]
    """Bytes of files that later layers overwrite, delete or hide, the visible copy excluded."""
    wasted_files: Optional[int]
    largest_wasted: tuple[WastedPath, ...]
    """The largest hidden copies, at most 10, largest first."""
    dive: Optional[Dive]


@dataclass(frozen=True)
class ImageReport:
    """The findings and facts of one image."""

    path: str
    """The archive, layout or config file as the caller named it."""
    failed: bool
    """Whether a finding is at or above the failure threshold."""
    metadata: ImageMetadata
    findings: tuple[ImageFinding, ...]
    """Findings ordered by location, then code."""


@dataclass(frozen=True)
class Tool:
    """Name and version of the program that wrote a report."""

    name: str
    version: str


@dataclass(frozen=True)
class Report:
    """The report of a lint run."""

    version: int
    """Version of the report's schema, not of plimsoll."""
    tool: Tool
    files: tuple[FileReport, ...]
    images: tuple[ImageReport, ...] = ()
    """The linted images; empty in the reports of Dockerfiles."""

    def to_dict(self) -> dict[str, Any]:
        """Return the report as the dictionaries, lists and values of its JSON form."""
        report = dataclasses.asdict(self)
        # The core leaves `images` out of reports without images.
        if not report["images"]:
            del report["images"]
        return report

    def to_json(self) -> str:
        """Return the JSON report, byte for byte as the core library and the CLI write it."""
        # With these settings the json module escapes exactly the characters that serde_json
        # escapes (quote, backslash and C0 controls), and writes the same indentation.
        # NOTE: dive's floats may differ in exponent form: Python writes 1e-05 where the core
        # writes 1e-5. Both read back as the same number.
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)


@dataclass(frozen=True)
class Heredoc:
    """A heredoc of an instruction, such as ``<<EOF``."""

    name: str
    file_descriptor: int
    content: str


@dataclass(frozen=True)
class Instruction:
    """One instruction as BuildKit's parser reads it, in BuildKit's field names."""

    cmd: str
    """The keyword as written, such as ``RUN`` or ``from``."""
    sub_cmd: Optional[str]
    """The keyword of the instruction that ONBUILD wraps, otherwise ``None``."""
    json: bool
    """Whether the arguments are in JSON (exec) form."""
    original: str
    """The logical line, followed for heredocs by each body and its delimiter."""
    start_line: int
    end_line: int
    flags: tuple[str, ...]
    """Flags as written, such as ``--platform=linux/amd64``."""
    value: tuple[str, ...]
    heredocs: tuple[Heredoc, ...]
    start_offset: int
    """UTF-8 byte offset of the instruction's start in the decoded text."""
    end_offset: int


@dataclass(frozen=True)
class ParseResult:
    """The instructions of a Dockerfile and the diagnostics of parsing it."""

    version: int
    """Version of the report's schema, which positions and diagnostics follow."""
    instructions: tuple[Instruction, ...]
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class Rule:
    """A lint rule and its documentation."""

    code: str
    name: str
    aliases: tuple[str, ...]
    """Other names accepted wherever a code is, such as BuildKit check names."""
    severity: Severity
    """The default severity."""
    fixable: bool
    """Whether the rule's findings can come with a fix."""
    documentation: str
    """Markdown."""
