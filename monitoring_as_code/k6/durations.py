"""k6 durations: Go duration strings (``1m30s``, ``500ms``) plus k6's ``d`` unit, or milliseconds as numbers.

k6 reads every duration option (``duration``, ``startTime``, ``gracefulStop``, stage durations...)
with its extended parser: a Go ``time.ParseDuration`` string that may also use days (``1d12h``),
or a plain JSON number meaning milliseconds.
"""

from __future__ import annotations

import re
from datetime import timedelta

_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d)")
_WHOLE = re.compile(r"^(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h|d))+$")


class DurationError(ValueError):
    """Not a duration k6 accepts."""


def parse_duration(value: object) -> float:
    """Seconds for a k6 duration: a string like ``1m30s``/``2d``, a number of milliseconds, or a timedelta.

    :raises DurationError: with a message that shows the accepted syntax
    """
    if isinstance(value, bool):
        raise DurationError(f"{value!r} is not a duration")
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, (int, float)):
        return float(value) / 1000.0
    if not isinstance(value, str):
        raise DurationError(f"{value!r} is not a duration")
    text = value.strip()
    if text in ("0", "-0"):
        return 0.0
    sign = -1.0 if text.startswith("-") else 1.0
    body = text.lstrip("+-")
    if not _WHOLE.match(body):
        raise DurationError(
            f"{value!r} is not a duration: use a number and a unit (ns, us, ms, s, m, h, d), e.g. '30s', '1m30s', '2h'"
        )
    return sign * sum(float(number) * _UNITS[unit] for number, unit in _PART.findall(body))


def format_duration(value: object) -> str:
    """The canonical k6 string of a duration given as a string, a timedelta, or seconds (int/float)."""
    if isinstance(value, str):
        parse_duration(value)  # validates
        return value.strip()
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
    else:
        raise DurationError(f"{value!r} is not a duration")
    if seconds < 0:
        raise DurationError(f"{value!r}: a duration can't be negative")
    milliseconds = round(seconds * 1000)
    if milliseconds == 0:
        return "0s"
    out = ""
    for unit, size in (("h", 3_600_000), ("m", 60_000), ("s", 1000)):
        count, milliseconds = divmod(milliseconds, size)
        if count:
            out += f"{count}{unit}"
    if milliseconds:
        out += f"{milliseconds}ms"
    return out
