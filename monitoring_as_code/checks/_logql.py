"""LogQL stream selectors (``{app="api", env=~"prod|staging"}``), found without a LogQL parser:
braces outside string literals, with their ``name op "value"`` matchers."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MATCHER = re.compile(r'\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|`[^`]*`)\s*(,|$)')


@dataclass(frozen=True)
class StreamSelector:
    text: str
    matchers: tuple[tuple[str, str, str], ...]


def _string_end(text: str, start: int) -> int:
    quote = text[start]
    i = start + 1
    while i < len(text):
        if quote == '"' and text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            return i + 1
        i += 1
    return len(text)


def stream_selectors(expr: str) -> list[StreamSelector]:
    """Every ``{...}`` selector of a LogQL query (``None`` matchers list when it does not parse)."""
    found = []
    i = 0
    while i < len(expr):
        ch = expr[i]
        if ch in "\"`":
            i = _string_end(expr, i)
            continue
        if ch == "{":
            end = i + 1
            while end < len(expr) and expr[end] != "}":
                end = _string_end(expr, end) if expr[end] in "\"`" else end + 1
            body = expr[i + 1:end]
            found.append(StreamSelector(expr[i:end + 1], _matchers(body)))
            i = end + 1
            continue
        i += 1
    return found


def _matchers(body: str) -> tuple[tuple[str, str, str], ...]:
    out: list[tuple[str, str, str]] = []
    pos = 0
    body = body.strip()
    while pos < len(body):
        match = _MATCHER.match(body, pos)
        if not match:
            return tuple(out)
        raw = match.group(3)
        value = raw[1:-1] if raw.startswith("`") else raw[1:-1].encode().decode("unicode_escape", "ignore")
        out.append((match.group(1), match.group(2), value))
        pos = match.end()
    return tuple(out)


def matches_empty(op: str, value: str) -> bool:
    """Whether a matcher accepts a stream without the label (Loki rejects selectors of only these)."""
    if "$" in value and not value.endswith("$"):
        return False  # a Grafana variable: unknown, assume selective
    if op in ("=", "!="):
        return (value == "") == (op == "=")
    try:
        found = re.fullmatch(value, "") is not None
    except re.error:
        return False
    return found == (op == "=~")
