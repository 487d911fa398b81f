"""Line numbers of paths in block-style YAML, read line by line next to the parsed data.

:class:`~monitoring_as_code.core.yamlsource.Positions` needs the line of every path a problem
points at. Composing PyYAML's node tree gives them for any YAML but costs 1.4 s on a
10,000-rule file; rule files are written in block style (``key: value``, ``- item``), where an
indentation walk finds the same lines in a few tens of milliseconds.

:func:`block_lines` walks the text and the document's data together: every key it reads must
be a key of the data mapping at that place, every ``-`` an index of the data list, and every
container must be read in full. Anything else (anchors, tags, multi-line flow collections,
complex keys, a text that does not match its data) returns ``None``, and the caller composes
with PyYAML as before. The lines are PyYAML's: a mapping child is at its key's line, a list
item at the line where the item starts, the document at its first line.
"""

from __future__ import annotations

import re
from typing import Any

_DOC_MARKER = re.compile(r"^(?:---|\.\.\.)(?=[ \t]|$)")
_BLOCK_SCALAR = re.compile(r"^[|>][-+0-9]*[ \t]*(?:#.*)?$")
_INDICATORS = frozenset("[]{},#&*!|>%@`\"'?:")


class _Unsupported(Exception):
    """The text uses something this walk does not follow; PyYAML composes instead."""


class _Frame:
    __slots__ = ("data", "found", "indent", "is_list", "path")

    def __init__(self, indent: int, data: Any, path: tuple) -> None:
        self.indent = indent
        self.data = data
        self.path = path
        self.found = 0
        self.is_list = isinstance(data, list)


def block_lines(text: str, index: int, data: Any) -> dict[tuple, int] | None:
    """``path -> line`` (1-based) for the ``index``-th non-empty document of ``text``, or ``None``.

    :param text: the YAML stream
    :param index: the document's index among the non-empty documents
    :param data: that document's data, as the loader built it
    """
    if not isinstance(data, (dict, list)) or "\t" in text or _other_line_breaks(text):
        return None
    lines = text.split("\n")
    try:
        start, end = _document_span(lines, index)
        return _Walk(lines, start, end, data, "\r" in text).run()
    except (_Unsupported, IndexError, KeyError, TypeError):
        return None


def _other_line_breaks(text: str) -> bool:
    """Line breaks of YAML other than ``\\n`` and ``\\r\\n`` (a lone ``\\r``, NEL, LS, PS): lines would shift."""
    return text.count("\r") != text.count("\r\n") or any(c in text for c in "\x85\u2028\u2029")


def _document_span(lines: list[str], index: int) -> tuple[int, int]:
    """The line range (0-based, end excluded) of the ``index``-th document that has content."""
    if index == 0 and not any(line[:1] in ("-", ".", "%") and _DOC_MARKER.match(line) or line[:1] == "%"
                              for line in lines if line[:1] in ("-", ".", "%")):
        return 0, len(lines)  # one document: the common case, without a regular expression per line
    spans, start = [], 0
    for number, line in enumerate(lines):
        if _DOC_MARKER.match(line):
            if line.startswith("...") or line[3:].strip() and not line[3:].strip().startswith("#"):
                raise _Unsupported("document end marker or content on the marker line")
            spans.append((start, number))
            start = number + 1
        elif line.startswith("%"):
            raise _Unsupported("directive")
    spans.append((start, len(lines)))
    with_content = [s for s in spans if any(_content(lines[n]) for n in range(*s))]
    return with_content[index]


def _content(line: str) -> str:
    stripped = line.strip()
    return "" if not stripped or stripped.startswith("#") else stripped


class _Walk:
    def __init__(self, lines: list[str], start: int, end: int, data: Any, carriage_returns: bool) -> None:
        self.lines, self.start, self.end, self.data = lines, start, end, data
        self.carriage_returns = carriage_returns
        self.result: dict[tuple, int] = {}
        self.stack: list[_Frame] = []
        #: a key or ``-`` whose node starts on a later line: (path, data, owner indent, is list item)
        self.pending: tuple[tuple, Any, int, bool] | None = None
        #: lines indented more than this belong to a scalar already read (block or multi-line)
        self.skip_above: int | None = None

    def run(self) -> dict[tuple, int]:
        lines, stack, carriage_returns = self.lines, self.stack, self.carriage_returns
        for number in range(self.start, self.end):
            raw = lines[number]
            if carriage_returns:
                raw = raw.rstrip("\r")
            body = raw.lstrip(" ")
            if not body or body[0] == "#":
                continue
            indent = len(raw) - len(body)
            if self.skip_above is not None:
                if indent > self.skip_above:
                    continue
                self.skip_above = None
            top = stack[-1] if stack else None
            if top is not None and self.pending is None and top.indent == indent and not top.is_list \
                    and body[0] != "-":
                self._key(top, indent, body, number + 1)  # the common case: the next key of a mapping
            else:
                self._line(indent, body, number + 1)
        if self.pending is not None:
            self._resolve_pending_as_scalar()
        while self.stack:
            self._close(self.stack.pop())
        if () not in self.result:
            raise _Unsupported("empty document")
        return self.result

    # -- structure -------------------------------------------------------------------------

    def _line(self, indent: int, body: str, line: int) -> None:
        is_item = body == "-" or body.startswith("- ")
        while self.stack:
            top = self.stack[-1]
            indentless_list_ends = top.indent == indent and top.is_list and not is_item and self._in_map_at(indent)
            if top.indent > indent or indentless_list_ends:
                self._close(self.stack.pop())  # a deeper container, or an indentless list, ends here
            else:
                break
        if self.pending is not None:
            path, data, owner, _item = self.pending
            if indent > owner or (indent == owner and is_item and not _item):
                self.pending = None
                self._node(indent, body, line, path, data, owner)
                return
            self._resolve_pending_as_scalar()
        if not self.stack:
            if self.result:
                raise _Unsupported("content after the document's root node")
            self._node(indent, body, line, (), self.data, -1)
            return
        top = self.stack[-1]
        if top.indent != indent:
            raise _Unsupported("unexpected indentation")
        if top.is_list:
            if not is_item:
                raise _Unsupported("expected a list item")
            self._item(top, indent, body, line)
        else:
            if is_item:
                raise _Unsupported("list item where a key was expected")
            self._key(top, indent, body, line)

    def _in_map_at(self, indent: int) -> bool:
        return len(self.stack) > 1 and not self.stack[-2].is_list and self.stack[-2].indent == indent

    def _node(self, indent: int, body: str, line: int, path: tuple, data: Any, owner: int) -> None:
        """A node starting at column ``indent`` of ``line``: a list, a mapping or a scalar."""
        self.result.setdefault(path, line)
        if body == "-" or body.startswith("- "):
            if not isinstance(data, list):
                raise _Unsupported("a list where the data has none")
            frame = _Frame(indent, data, path)
            self.stack.append(frame)
            self._item(frame, indent, body, line)
        elif self._key_end(body) is not None:
            if not isinstance(data, dict):
                raise _Unsupported("a mapping where the data has none")
            frame = _Frame(indent, data, path)
            self.stack.append(frame)
            self._key(frame, indent, body, line)
        else:
            if isinstance(data, (dict, list)) and not (body.startswith(("[", "{")) and _one_line_flow(body)):
                raise _Unsupported("a scalar where the data has a container")
            self._scalar(body, owner)

    def _item(self, frame: _Frame, indent: int, body: str, line: int) -> None:
        position = frame.found
        frame.found += 1
        path = frame.path + (position,)
        data = frame.data[position]
        rest = body[1:].lstrip(" ")
        if not rest or rest.startswith("#"):
            self.pending = (path, data, indent, True)
            return
        self._node(indent + len(body) - len(rest), rest, line, path, data, indent)

    def _key(self, frame: _Frame, indent: int, body: str, line: int) -> None:
        end = self._key_end(body)
        if end is None:
            raise _Unsupported("expected `key:`")
        key = _key_text(body[:end])
        if key not in frame.data or type(key) is not str:
            raise _Unsupported("a key the data does not have")
        frame.found += 1
        path = frame.path + (key,)
        self.result[path] = line
        rest = body[end + 1:].lstrip(" ")
        if not rest or rest.startswith("#"):
            self.pending = (path, frame.data[key], indent, False)
            return
        value = frame.data[key]
        if isinstance(value, (dict, list)) and not (rest.startswith(("[", "{")) and _one_line_flow(rest)):
            raise _Unsupported("a container on the key's line")  # `key: - a` is invalid; `key: {a: 1`... multi-line
        self._scalar(rest, indent)

    @staticmethod
    def _key_end(body: str) -> int | None:
        """The index of the ``:`` that ends a simple key on this line, if the line is ``key: ...``."""
        if body[0] in "'\"":
            close = body.find(body[0], 1)
            if close < 0 or "\\" in body[:close] or (body[0] == "'" and body[close + 1:close + 2] == "'"):
                return None
            end = close + 1
            return end if body[end:end + 1] == ":" and body[end + 1:end + 2] in ("", " ") else None
        if body[0] in _INDICATORS and not (body[0] in "?:" and body[1:2] not in ("", " ")):
            return None
        at = body.find(": ")
        if at < 0:
            at = len(body) - 1 if body.endswith(":") else -1
        if at <= 0 or " #" in body[:at]:
            return None
        return at

    def _scalar(self, body: str, owner: int) -> None:
        if body[0] in "&*!":
            raise _Unsupported("anchor, alias or tag")
        if body[0] in "[{" and not _one_line_flow(body):
            raise _Unsupported("multi-line flow collection")
        if body[0] in "?%@`":
            raise _Unsupported("reserved indicator")
        # Block scalars, multi-line plain or quoted scalars: their lines are more indented.
        self.skip_above = owner if owner >= 0 else None
        if owner < 0 and _BLOCK_SCALAR.match(body):
            raise _Unsupported("a block scalar as the document")

    def _resolve_pending_as_scalar(self) -> None:
        """A key or ``-`` with nothing more indented after it: its value is empty (null)."""
        assert self.pending is not None
        _path, data, _owner, _item = self.pending
        self.pending = None
        if data is not None:
            raise _Unsupported("an empty node where the data has a value")

    def _close(self, frame: _Frame) -> None:
        if frame.found != len(frame.data):
            raise _Unsupported("the text and the data differ")


def _key_text(raw: str) -> str:
    raw = raw.rstrip(" ")
    if raw[:1] == '"':
        return raw[1:-1]
    if raw[:1] == "'":
        return raw[1:-1]
    return raw


def _one_line_flow(body: str) -> bool:
    """Whether a flow collection opened at the start of ``body`` closes on the same line."""
    depth, quote = 0, ""
    for position, char in enumerate(body):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                rest = body[position + 1:].strip()
                return not rest or rest.startswith("#")
        elif char == "#" and body[position - 1:position] == " ":
            return False
    return False
