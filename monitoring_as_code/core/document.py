"""A Document is one configuration as plain data, wherever it came from.

Compiled Python definitions and raw YAML/JSON files given to ``mac check`` both become
Documents, so every check runs on both alike and reports the same kind of location.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from monitoring_as_code.core.encode import Path, format_path
from monitoring_as_code.core.problem import Location, Problem, Severity
from monitoring_as_code.core.resource import SourceLocation
from monitoring_as_code.core.yamlsource import Positions


def display_path(path: str) -> str:
    """A path relative to the working directory when it is below it, else as given."""
    return _display_path(path, os.getcwd())


@lru_cache(maxsize=4096)
def _display_path(path: str, cwd: str) -> str:
    # Cached: every located problem asks, thousands of times per file on large inputs.
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


@dataclass
class Document:
    """One configuration document.

    :param kind: ``target/kind``, e.g. ``prometheus/rules``, ``alertmanager/config``, ``grafana/dashboard``
    :param data: the document as plain data (what is written out, or what was read)
    :param file: the file the user edits: a Python definition or the raw file
    :param name: a short name (rule file name, dashboard uid...)
    :param ref: the resource reference, e.g. ``RuleFile/services``
    :param artifact: the output path relative to the build directory, for compiled documents
    :param text: the raw text (raw files) or the rendered artifact (compiled documents)
    :param index: the document's index in a multi-document YAML stream
    :param python_locations: ``path -> SourceLocation`` for compiled documents
    :param source_object: the Python object it was compiled from, if any
    :param line: the line of the whole object in ``file`` (default for paths with no better line)
    """

    kind: str
    data: Any
    file: str
    name: str = ""
    ref: str = ""
    artifact: str | None = None
    text: str | None = None
    index: int = 0
    python_locations: dict[Path, SourceLocation] = field(default_factory=dict)
    source_object: Any = None
    line: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    _positions: Positions | None = field(default=None, repr=False)

    @property
    def compiled(self) -> bool:
        return self.artifact is not None

    def _text_line(self, path: Path) -> int | None:
        if self.text is None:
            return None
        if self._positions is None:
            self._positions = Positions(self.text, self.index, self.data)
        return self._positions.line(path)

    def locate(self, path: Path = ()) -> Location:
        """The location of ``path`` inside this document, in the user's file and in the artifact."""
        path = tuple(path)
        if self.compiled:
            file, line = self.file, self.line
            for n in range(len(path), -1, -1):
                source = self.python_locations.get(path[:n])
                if source is not None:
                    file, line = source.file, source.line
                    break
            return Location(
                file=display_path(file),
                line=line,
                artifact=self.artifact,
                artifact_line=self._text_line(path),
                object_path=format_path(path) or None,
                ref=self.ref or None,
            )
        return Location(
            file=display_path(self.file),
            line=self._text_line(path) or self.line,
            object_path=format_path(path) or None,
            ref=self.ref or None,
        )

    def problem(
        self,
        path: Path,
        check: str,
        message: str,
        hint: str = "",
        severity: Severity = Severity.BUG,
        details: str = "",
    ) -> Problem:
        """A Problem located at ``path`` in this document."""
        return Problem(severity, check, message, hint, self.locate(path), details)


@dataclass
class DocumentPart(Document):
    """A run of items of a list in a larger document, validated apart from the rest (in another
    process: see :mod:`.parallel`). Its ``data`` holds only those items, at the same place, so
    every check reads it like a whole document; :meth:`locate` answers for the whole document,
    so problems name the real file, line and path.

    :param whole: the document this is a part of
    :param list_path: where the list is, e.g. ``("groups",)``
    :param offset: the index in the whole list of the part's first item
    """

    whole: Document | None = None
    list_path: Path = ()
    offset: int = 0

    @classmethod
    def of(cls, whole: Document, list_path: Path, start: int, stop: int) -> DocumentPart:
        """The items ``[start, stop)`` of the list at ``list_path`` (a path of mapping keys)."""
        items = whole.data
        for key in list_path:
            items = items[key]
        part = _replaced(whole.data, tuple(list_path), items[start:stop])
        return cls(
            kind=whole.kind, data=part, file=whole.file, name=whole.name, ref=whole.ref, artifact=whole.artifact,
            text=whole.text, index=whole.index, python_locations=whole.python_locations,
            source_object=whole.source_object, line=whole.line, whole=whole, list_path=tuple(list_path), offset=start,
        )

    def whole_path(self, path: Path) -> Path:
        """``path`` in the part as a path in the whole document."""
        path = tuple(path)
        n = len(self.list_path)
        if len(path) > n and path[:n] == self.list_path:
            return path[:n] + (path[n] + self.offset,) + path[n + 1:]
        return path

    def locate(self, path: Path = ()) -> Location:
        assert self.whole is not None
        return self.whole.locate(self.whole_path(path))


def _replaced(node: Any, keys: Path, value: Any) -> Any:
    """``node`` with the item at ``keys`` (mapping keys) replaced, the mappings on the way copied."""
    if not keys:
        return value
    return {**node, keys[0]: _replaced(node[keys[0]], keys[1:], value)}
