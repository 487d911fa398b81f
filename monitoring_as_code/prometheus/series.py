"""promtool's expanding notation for test input series, checked without promtool.

``values`` is a space-separated list of items: a number (``1``, ``-2.5``, ``1e3``, ``Inf``,
``NaN``), ``_`` (no sample), ``stale`` (a staleness marker), or an expansion:
``a+bxN`` / ``a-bxN`` (N+1 samples from ``a`` stepping ``b``), ``axN`` (``a`` N+1 times),
``_xN`` (N missing samples).
"""

from __future__ import annotations

import re
from typing import Any

_STEP = r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER = rf"[+-]?(?:{_STEP}|[Ii][Nn][Ff]|[Nn][Aa][Nn])"
# promtool also takes `stale` as the start of an expansion.
_ITEM = re.compile(rf"^(?:_|stale|_x\d+|{_NUMBER}|{_NUMBER}x\d+|(?:{_NUMBER}|stale)[+-]{_STEP}x\d+)$")
HINT = (
    "write values in promtool's notation: numbers, `_` (missing), `stale`, `a+bxN` (N+1 samples from a, "
    "step b), `axN`, `_xN`; e.g. '0+10x5 50+0x5 _ stale'"
)


def values_error(values: Any) -> str | None:
    """Why ``values`` is not valid series notation, or ``None``."""
    if isinstance(values, bool) or not isinstance(values, (str, int, float)):
        return f"values must be a string, got {type(values).__name__}"
    text = str(values)
    items = text.split()
    if not items:
        return None
    for item in items:
        if not _ITEM.match(item):
            return f"invalid item {item!r} in series values {text!r}"
    return None


def series_error(series: Any) -> str | None:
    """Why ``series`` is not a series description such as ``up{job="api"}``, or ``None``."""
    if not isinstance(series, str) or not series.strip():
        return "series must be a metric with labels, e.g. 'up{job=\"api\"}'"
    import promql_parser

    try:
        parsed = promql_parser.parse(series)
    except ValueError as exc:
        return f"invalid series {series!r}: {exc}"
    if not isinstance(parsed, promql_parser.VectorSelector) or parsed.offset is not None or parsed.at is not None:
        return f"invalid series {series!r}: expected a metric name and labels only"
    for matcher in parsed.matchers.matchers:
        if str(matcher.op) not in ("MatchOp.Equal", "="):
            return f"invalid series {series!r}: labels must be set with `=`, not {matcher.op}"
    return None
