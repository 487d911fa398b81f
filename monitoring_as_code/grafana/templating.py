"""Grafana's template variable syntax: finding ``$var`` uses and substituting them in queries.

Grafana recognises ``$var``, ``${var}``, ``${var:format}``, ``${var.field}`` and the older
``[[var]]`` / ``[[var:format]]`` (public/app/features/variables/utils.ts, ``variableRegex``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from types import MappingProxyType
from typing import Any

VARIABLE_RE = re.compile(r"\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}")

#: Variables Grafana defines itself (global variables and data-link/field variables).
BUILTINS = frozenset({
    "__interval", "__interval_ms", "__rate_interval", "__rate_interval_ms", "__range", "__range_s", "__range_ms",
    "__from", "__to", "__timeFilter", "__timeFrom", "__timeTo", "__timezone", "__dashboard", "__org", "__user",
    "__name", "__all_variables", "__url_time_range", "__url", "__auto", "__auto_interval", "__value", "__field",
    "__series", "__data", "__cell", "__searchFilter", "__schema", "__table", "__column", "__time", "__timeGroup",
    "__timeGroupAlias", "__unixEpochFilter", "__unixEpochFrom", "__unixEpochTo", "__interval_s", "timeFilter",
})

#: What each time built-in is replaced by to parse a query (a duration Prometheus accepts).
_DURATIONS = {"__rate_interval": "5m", "__interval": "1m", "__range": "1h", "__auto": "1m", "__auto_interval": "1m"}
#: The duration :func:`substitute` writes for each time built-in (read-only).
BUILTIN_DURATIONS = MappingProxyType(_DURATIONS)
_DURATION_RE = re.compile(r"^(\d+(ms|s|m|h|d|w|y))+$")
#: the only characters that change whether :func:`substitute` is inside a string or a ``[range]``
_QUOTE_OR_BRACKET = re.compile(r"[\"'`\[\]]")
_NUMBERS = {"__range_s": "3600", "__range_ms": "3600000", "__interval_ms": "60000", "__rate_interval_ms": "300000",
            "__interval_s": "60"}


def variable_uses(text: str) -> Iterator[str]:
    """Names of variables used in ``text`` (numbers such as regex back-references ``$1`` are skipped)."""
    if "$" in text or "[[" in text:  # most strings use none: no regex, no memo entry
        yield from used_names(text)


@lru_cache(maxsize=16384)
def used_names(text: str) -> tuple[str, ...]:
    """:func:`variable_uses` as a tuple, memoised (dashboards repeat the same queries and titles):
    for callers that have already seen a ``$`` or ``[[`` in ``text``."""
    found = []
    for plain, brackets, _format, braces, _field, _braces_format in VARIABLE_RE.findall(text):
        name = plain or brackets or braces
        if name and not name.isdigit():
            found.append(name)
    return tuple(found)


def defined_variables(dashboard: dict) -> dict[str, dict]:
    """``name -> variable`` for the dashboard's template variables."""
    templating = dashboard.get("templating")
    items = templating.get("list") if isinstance(templating, dict) else None
    return {v["name"]: v for v in items or () if isinstance(v, dict) and isinstance(v.get("name"), str)}


def current_value(variable: dict | None) -> str | None:
    if not variable:
        return None
    current = variable.get("current")
    value = current.get("value") if isinstance(current, dict) else None
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, (str, int, float)) and str(value) not in ("", "$__all"):
        return str(value)
    if variable.get("type") in ("constant", "custom", "textbox", "interval") and isinstance(variable.get("query"), str):
        first = variable["query"].split(",")[0].strip()
        return first or None
    return None


def substitute(expr: str, variables: dict[str, dict], fallback: str = "x") -> str:
    """``expr`` with each variable replaced by something that parses where it stands.

    Time built-ins become durations (``$__rate_interval`` -> ``5m``); inside quotes any word does;
    inside a range ``[...]`` a duration; elsewhere the variable's current value when it has one,
    else ``fallback`` (callers retry with ``1`` where a number is expected, e.g. ``topk($n, ...)``).

    :param expr: the query text
    :param variables: the dashboard's variables by name
    :param fallback: the replacement for values we cannot know
    """
    if "$" not in expr and "[[" not in expr:
        return expr
    out: list[str] = []
    last = 0
    in_quote: str | None = None
    depth_range = 0
    for match in VARIABLE_RE.finditer(expr):
        before = expr[last:match.start()]
        for ch in _QUOTE_OR_BRACKET.findall(before):  # track whether we are inside a string or a [range]
            if in_quote:
                if ch == in_quote:
                    in_quote = None
            elif ch in "\"'`":
                in_quote = ch
            elif ch == "[":
                depth_range += 1
            elif ch == "]":
                depth_range = max(depth_range - 1, 0)
        out.append(before)
        name = match.group(1) or match.group(2) or match.group(4)
        if name.isdigit():
            out.append(match.group(0))
        elif in_quote:
            out.append("value")
        elif name in _DURATIONS or depth_range or (variables.get(name) or {}).get("type") == "interval":
            value = _DURATIONS.get(name) or current_value(variables.get(name)) or ""
            out.append(value if _DURATION_RE.match(value) else "5m")
        elif name in _NUMBERS:
            out.append(_NUMBERS[name])
        else:
            out.append(current_value(variables.get(name)) or fallback)
        last = match.end()
    out.append(expr[last:])
    return "".join(out)


def strings_of(value: Any) -> list[str]:
    """Every string inside ``value`` (for scanning variable uses in nested JSON), in document order."""
    if isinstance(value, str):
        return [value]
    found: list[str] = []
    stack = [value]
    while stack:  # no generator per nested level: datasource refs and options are small, many dicts
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            stack.extend(reversed(item.values()))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return found
