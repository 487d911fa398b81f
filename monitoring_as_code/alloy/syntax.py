"""Writing Alloy configuration text, formatted as ``alloy fmt`` (and the converter) writes it.

Values are Python data: ``str`` (quoted), ``bool``, numbers, ``list`` (inline, or ``[{...}, {...}]``
for objects), ``dict`` (an object: keys sorted, ``=`` aligned), :class:`Expr` (written verbatim,
e.g. ``loki.write.default.receiver``) and :class:`Concat` (``array.concat(...)``). A body is a list
of :class:`Attr` and :class:`Block`. Formatting rules: tabs; a blank line before a block that is
not first in its body; attributes aligned on ``=`` in runs that a block, or a multi-line value
(which belongs to the run it ends), breaks; an empty block is ``name { }``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Expr:
    """An Alloy expression written as is (a component reference)."""

    text: str


@dataclass(frozen=True)
class Concat:
    """``array.concat(a, b, ...)`` of target lists."""

    items: tuple[Any, ...]


@dataclass
class Attr:
    name: str
    value: Any


@dataclass
class Block:
    """``name "label" { body }`` (no label for nested blocks such as ``stage.json``)."""

    name: str
    label: str | None = None
    body: list[Any] = field(default_factory=list)


def identifier(text: str) -> str:
    """``text`` as an Alloy identifier (component label): invalid characters become ``_``."""
    out = re.sub(r"[^A-Za-z0-9_]", "_", text)
    return "_" + out if out[:1].isdigit() or not out else out


def quote(text: str) -> str:
    """A double-quoted Alloy string (Go escapes)."""
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def value(val: Any, indent: int) -> str:
    """The text of a value.

    :param val: a str, bool, number, list, dict, :class:`Expr` or :class:`Concat`
    :param indent: the nesting level of the line the value starts on
    """
    pad = "\t" * indent
    if isinstance(val, Expr):
        return val.text
    if isinstance(val, bool):
        return "true" if val else "false"
    if isinstance(val, (int, float)):
        return repr(val)
    if isinstance(val, str):
        return quote(val)
    if val is None:
        return "null"
    if isinstance(val, Concat):
        items = "".join(f"{pad}\t{value(item, indent + 1)},\n" for item in val.items)
        return f"array.concat(\n{items}{pad})"
    if isinstance(val, dict):
        if not val:
            return "{}"
        return "{\n" + _object_lines(val, indent + 1) + pad + "}"
    if isinstance(val, (list, tuple)):
        if val and all(isinstance(v, dict) for v in val):
            objects = ["{\n" + _object_lines(v, indent + 1) + pad + "}" for v in val]
            return "[" + ", ".join(objects) + "]"
        return "[" + ", ".join(value(v, indent) for v in val) + "]"
    raise TypeError(f"cannot write {type(val).__name__} as an Alloy value")


def _key(key: str) -> str:
    return key if _IDENT.match(key) else quote(key)


def _object_lines(obj: dict, indent: int) -> str:
    pad = "\t" * indent
    keys = sorted(obj)
    width = max(len(_key(k)) for k in keys)
    return "".join(f"{pad}{_key(k).ljust(width)} = {value(obj[k], indent)},\n" for k in keys)


def body(items: list[Any], indent: int) -> str:
    """The lines of a block body at nesting ``indent``."""
    pad = "\t" * indent
    lines: list[str] = []
    run: list[Attr] = []

    def flush() -> None:
        if run:
            width = max(len(a.name) for a in run)
            lines.extend(f"{pad}{a.name.ljust(width)} = {value(a.value, indent)}\n" for a in run)
            run.clear()

    for n, item in enumerate(items):
        if isinstance(item, Block):
            flush()
            if n:
                lines.append("\n")
            lines.append(block(item, indent))
        else:
            run.append(item)
            if "\n" in value(item.value, indent):
                flush()
    flush()
    return "".join(lines)


def block(blk: Block, indent: int = 0) -> str:
    pad = "\t" * indent
    head = f"{blk.name} {quote(blk.label)}" if blk.label is not None else blk.name
    if not blk.body:
        return f"{pad}{head} {{ }}\n"
    return f"{pad}{head} {{\n{body(blk.body, indent + 1)}{pad}}}\n"


def render(blocks: list[Block]) -> str:
    """A whole Alloy file: top-level components separated by blank lines.

    :param blocks: the components, in file order
    """
    return "\n".join(block(b) for b in blocks)
