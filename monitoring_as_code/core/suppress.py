"""Disabling checks: ``# mac: disable=NAME[,NAME]`` on the line at fault, ``# mac: file-disable=NAME``
anywhere in a file, or ``disabled_checks`` in the project configuration.

A name disables itself and, written as a namespace (``alerts``), every check in it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from monitoring_as_code.core.problem import Problem

_COMMENT = re.compile(r"#\s*mac:\s*(disable|file-disable)\s*=\s*([\w/,\s-]+)")


@lru_cache(maxsize=512)
def _directives(path: str) -> tuple[dict[int, set[str]], set[str]]:
    per_line: dict[int, set[str]] = {}
    whole_file: set[str] = set()
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError):
        return per_line, whole_file
    if "mac:" not in text:
        return per_line, whole_file
    for number, line in enumerate(text.splitlines(), 1):
        for kind, names in _COMMENT.findall(line):
            parsed = {n.strip() for n in names.split(",") if n.strip()}
            if kind == "file-disable":
                whole_file |= parsed
            else:
                per_line.setdefault(number, set()).update(parsed)
    return per_line, whole_file


def _matches(check: str, names: set[str]) -> bool:
    return any(check == n or check.startswith(n.rstrip("/") + "/") or n == "all" for n in names)


def is_disabled(problem: Problem, disabled: set[str]) -> bool:
    if _matches(problem.check, disabled):
        return True
    loc = problem.location
    if not loc.file:
        return False
    per_line, whole_file = _directives(loc.file)
    if _matches(problem.check, whole_file):
        return True
    return loc.line is not None and _matches(problem.check, per_line.get(loc.line, set()))


def filter_disabled(problems: list[Problem], disabled: set[str]) -> list[Problem]:
    return [p for p in problems if not is_disabled(p, disabled)]
