"""Helpers for the check tests (imported by the test modules of this folder)."""

from __future__ import annotations


def where(problems) -> list[tuple[str | None, int | None]]:
    """``(object_path, line)`` of each problem, in report order."""
    return [(p.location.object_path, p.location.line) for p in problems]


def rules(body: str, interval: str = "") -> str:
    """A one-group rule file around rule entries written at column 0 (``- alert: ...``)."""
    head = "groups:\n  - name: g\n" + (f"    interval: {interval}\n" if interval else "") + "    rules:\n"
    return head + "".join(f"      {line}\n" if line else "\n" for line in body.strip("\n").splitlines())
