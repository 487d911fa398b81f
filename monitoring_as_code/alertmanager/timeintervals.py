"""The ranges of Alertmanager time intervals: ``times``, ``weekdays``, ``days_of_month``,
``months``, ``years`` and ``location``, checked as Alertmanager's ``timeinterval`` package parses them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

WEEKDAYS = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_TIME = re.compile(r"^(\d{2}):(\d{2})$")


def _minutes(text: Any) -> int | None:
    found = _TIME.match(text) if isinstance(text, str) else None
    if not found:
        return None
    hours, minutes = int(found.group(1)), int(found.group(2))
    if minutes >= 60 or hours > 24 or (hours == 24 and minutes):
        return None
    return hours * 60 + minutes


def _bound(text: str, names: tuple[str, ...], low: int, high: int) -> int | None:
    text = text.strip().lower()
    if text in names:
        return names.index(text) + (1 if names is MONTHS else 0)
    try:
        value = int(text)
    except ValueError:
        return None
    return value if low <= value <= high else None


def _ranges(items: Any, names: tuple[str, ...], low: int, high: int, what: str, example: str):
    for j, item in enumerate(items if isinstance(items, list) else []):
        parts = str(item).split(":")
        bounds = [_bound(p, names, low, high) for p in parts]
        if len(parts) > 2 or any(b is None for b in bounds) or (what == "days_of_month" and 0 in bounds):
            yield (j,), f"invalid {what} range {item!r}", f"write a value or start:end, e.g. {example}"
        elif len(bounds) == 2 and what != "days_of_month" and bounds[0] > bounds[1]:  # type: ignore[operator]
            yield (j,), f"{what} range {item!r} ends before it starts", f"e.g. {example}"


def range_errors(spec: Any) -> Iterator[tuple[tuple, str, str]]:
    """``(path, message, hint)`` for every invalid range of one ``time_intervals`` item."""
    if not isinstance(spec, dict):
        return
    for j, times in enumerate(spec.get("times") or []):
        if not isinstance(times, dict):
            continue
        start, end = _minutes(times.get("start_time")), _minutes(times.get("end_time"))
        if start is None or end is None:
            yield ("times", j), "times need start_time and end_time as HH:MM (00:00 to 24:00)", "e.g. 09:00 and 17:30"
        elif end <= start:
            yield ("times", j), "end_time must be after start_time", "split a range across midnight in two"
    for key, names, low, high, example in (
        ("weekdays", WEEKDAYS, 99, -1, "monday:friday"),
        ("days_of_month", (), -31, 31, "1:7 or -1 (the last day)"),
        ("months", MONTHS, 1, 12, "january:march or 1:3"),
        ("years", (), 1, 9999, "2025:2026"),
    ):
        for path, message, hint in _ranges(spec.get(key), names, low, high, key, example):
            yield (key, *path), message, hint
    location = spec.get("location")
    if location is not None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(str(location))
        except (ZoneInfoNotFoundError, ValueError):
            yield ("location",), f"unknown time zone {location!r}", "use an IANA name such as Europe/Paris or UTC"
