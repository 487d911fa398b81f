"""Durations as Loki, Promtail and Alloy read them.

Loki decodes some keys with Go's ``time.ParseDuration`` (``1.5h``, ``300ms``, ``2h45m``) and
others with Prometheus' ``model.ParseDuration``, which also knows ``d``, ``w`` and ``y``. We
accept the union, so a valid config is never flagged, and reject what both refuse
(``7days``, ``1 h``, a bare ``5``), as Loki does with ``unknown unit "days" in duration "7days"``.
"""

from __future__ import annotations

import re
from typing import Any

_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800,
          "y": 31536000}
_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)([a-zµ]+)")
HINT = "write a number and a unit (ms, s, m, h, d, w), e.g. 30s, 5m, 24h, 168h, 1h30m"


def parse_seconds(value: Any) -> float:
    """The duration in seconds; raises ``ValueError`` with Loki's wording when it is not one.

    :param value: a YAML scalar (``0`` and ``"0"`` are valid, other bare numbers are not)
    """
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        # ValueError, not TypeError: callers report any bad YAML value the same way.
        raise ValueError(f"expected a duration string, got {type(value).__name__}")  # noqa: TRY004
    text = str(value).strip() if isinstance(value, str) else repr(value)
    if text in ("0", "0.0"):
        return 0.0
    sign = -1.0 if text.startswith("-") else 1.0
    body = text.lstrip("+-")
    if not body:
        raise ValueError(f"invalid duration {text!r}")
    pos, total = 0, 0.0
    while pos < len(body):
        match = _PART.match(body, pos)
        if not match:
            if re.fullmatch(r"\d+(\.\d+)?", body[pos:]):
                raise ValueError(f"missing unit in duration {text!r}")
            raise ValueError(f"invalid duration {text!r}")
        number, unit = match.groups()
        if unit not in _UNITS:
            raise ValueError(f"unknown unit {unit!r} in duration {text!r}")
        total += float(number) * _UNITS[unit]
        pos = match.end()
    return sign * total


def duration_error(value: Any) -> str | None:
    """Why ``value`` is not a duration, or ``None`` when it is one."""
    try:
        parse_seconds(value)
    except ValueError as exc:
        return str(exc)
    return None


def go_duration(seconds: float) -> str:
    """Go's ``time.Duration.String()``: ``10m0s``, ``1h0m0s``, ``500ms``, ``0s`` (how Alloy prints durations)."""
    nanos = round(seconds * 1e9)
    if nanos == 0:
        return "0s"
    sign = "-" if nanos < 0 else ""
    nanos = abs(nanos)
    if nanos < 1_000_000_000:
        for unit, size in (("ms", 1_000_000), ("µs", 1_000), ("ns", 1)):
            if nanos >= size:
                return sign + _trim(nanos / size) + unit
    hours, rest = divmod(nanos, 3600 * 10**9)
    minutes, rest = divmod(rest, 60 * 10**9)
    secs = _trim(rest / 1e9)
    if hours:
        return f"{sign}{hours}h{minutes}m{secs}s"
    if minutes:
        return f"{sign}{minutes}m{secs}s"
    return f"{sign}{secs}s"


def _trim(number: float) -> str:
    text = f"{number:.9f}".rstrip("0").rstrip(".")
    return text or "0"
