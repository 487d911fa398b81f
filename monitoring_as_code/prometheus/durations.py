"""Prometheus duration strings (``for``, ``interval``, ``keep_firing_for``, test ``eval_time``...).

The grammar is Prometheus' own (``model.ParseDuration``): units ``y w d h m s ms`` in that
order, each at most once, integers only, or the single string ``0``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_DURATION = re.compile(r"^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?\Z")  # \Z: `$` would also match before a final line break
_UNIT_MS = (365 * 86400_000, 7 * 86400_000, 86400_000, 3600_000, 60_000, 1000, 1)
_MAX_MS = (2**63 - 1) // 1_000_000
HINT = "use a Prometheus duration: an integer and a unit (ms, s, m, h, d, w, y), largest first, e.g. 5m, 1h30m, 0s"


def duration_error(value: Any) -> str | None:
    """Why ``value`` is not a valid Prometheus duration, or ``None`` when it is.

    Non-string scalars are read the way Prometheus' YAML decoder reads them (``0`` is valid,
    ``5`` is not: it has no unit).
    """
    if isinstance(value, str):
        return _text_error(value)
    if isinstance(value, bool):
        return _text_error("true" if value else "false")
    if isinstance(value, (int, float)):
        return _text_error(repr(value))
    return f"expected a duration string, got {type(value).__name__}"


@lru_cache(maxsize=1024)
def _text_error(text: str) -> str | None:
    # Memoised: a project writes the same few durations (`for: 5m`, `interval: 1m`) thousands of times.
    if text == "0":
        return None
    if text == "":
        return "empty duration string"
    match = _DURATION.match(text)
    if not match or not any(match.groups()):
        return f"not a valid duration string: {text!r}"
    if _ms(match) > _MAX_MS:
        return "duration out of range"
    return None


def _ms(match: re.Match) -> int:
    return sum(int(n) * unit for n, unit in zip(match.groups(), _UNIT_MS) if n)


def duration_ms(text: str) -> int:
    """Milliseconds of a valid duration string."""
    if text == "0":
        return 0
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"not a valid duration string: {text!r}")
    return _ms(match)


def validate_duration(value: Any, field: str) -> None:
    """Raise ``ValueError`` naming ``field`` when ``value`` is not a duration (construction-time check)."""
    error = duration_error(value)
    if error:
        raise ValueError(f"{field}: {error}; {HINT}")


def format_duration(ms: int) -> str:
    """The canonical Prometheus form of ``ms`` milliseconds (``5400000`` -> ``1h30m``)."""
    if ms == 0:
        return "0s"
    out = ""
    for unit, size in zip(("y", "w", "d", "h", "m", "s", "ms"), _UNIT_MS):
        count, ms = divmod(ms, size)
        if count:
            out += f"{count}{unit}"
    return out
