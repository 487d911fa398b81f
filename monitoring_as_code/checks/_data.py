"""Reading user data defensively: a wrong type is the targets' problem to report, never a crash here."""

from __future__ import annotations

from typing import Any


def as_list(value: Any) -> list:
    """``value`` if it is a list, else an empty list."""
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict:
    """``value`` if it is a mapping, else an empty one."""
    return value if isinstance(value, dict) else {}
