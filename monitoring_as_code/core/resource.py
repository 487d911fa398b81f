"""The resource protocol shared by every target, and where in the user's code a resource was written.

A resource is anything with ``to_json_data()`` (grafanalib's protocol, which we adopt for all
targets). Our own resources also remember the ``file:line`` of the call that built them, so a
problem found later, even in generated YAML, points back at the user's Python line.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from types import FrameType
from typing import Any, ClassVar

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@dataclass(frozen=True)
class SourceLocation:
    """A ``file:line`` in the user's code."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


def _is_ours(filename: str) -> bool:
    # attrs-generated __init__ methods have pseudo file names like "<attrs generated init ...>".
    return filename.startswith((_PACKAGE_DIR, "<"))


def caller_location() -> SourceLocation | None:
    """The first frame outside this package: the user's line that built the object."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not _is_ours(filename) and "/attr/" not in filename and "/attrs/" not in filename:
            return SourceLocation(filename, frame.f_lineno)
        frame = frame.f_back
    return None


class Resource:
    """Base of our resources: a ``kind``, a ``name``, ``to_json_data()`` and a source location.

    Subclasses are attrs classes; this base records the constructor call site in
    ``__attrs_post_init__`` (call ``super().__attrs_post_init__()`` when overriding).
    """

    kind: ClassVar[str] = "Resource"

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_source", caller_location())

    @property
    def source(self) -> SourceLocation | None:
        """Where the user wrote this object (``None`` when built outside user code)."""
        return getattr(self, "_source", None)

    @property
    def ref(self) -> str:
        """``Kind/name``, e.g. ``RuleGroup/service-alerts``."""
        return f"{self.kind}/{getattr(self, 'name', '') or '?'}"

    def to_json_data(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError
