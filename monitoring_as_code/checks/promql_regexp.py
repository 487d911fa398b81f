"""``promql/regexp``: regex matchers that are redundant (``=~".*"`` matches everything, even a
missing label), or fragile (``=~"foo"`` is an equality written as a regex; ``^...$`` anchors are
implied)."""

from __future__ import annotations

import re
from functools import lru_cache

from monitoring_as_code.checks._grafana import VARIABLE_TOKEN
from monitoring_as_code.checks.base import QueryCheck
from monitoring_as_code.core.problem import Severity

NAME = "promql/regexp"
_META = re.compile(r"[.^$*+?()\[\]{}|\\]")
_REGEX_OPS = ("=~", "!~")
_SPACE = " \t\n\r"  # what PromQL skips between tokens
_QUOTES = "\"'`"


def regex_problem(label: str, op: str, value: str) -> tuple[str, str] | None:
    """``(message, hint)`` for one regex matcher, or ``None``. ``op`` is ``=~`` or ``!~``."""
    if VARIABLE_TOKEN in value:
        return None
    if value in (".*", "(.*)", "^.*$") and op == "=~":
        return (
            f'`{label}=~"{value}"` matches every series (also those without `{label}`): it filters nothing',
            "remove the matcher",
        )
    if value in (".*", "(.*)", "^.*$") and op == "!~":
        return (f'`{label}!~"{value}"` matches no series at all', "remove the matcher or fix the regex")
    if value and not _META.search(value):
        equal = "=" if op == "=~" else "!="
        return (
            f'`{label}{op}"{value}"` is a regex without any regex syntax',
            f'use `{label}{equal}"{value}"`: clearer, and faster to evaluate',
        )
    if value.startswith("^") or (value.endswith("$") and not value.endswith("\\$")):
        return (
            f'`{label}{op}"{value}"` has `^`/`$` anchors, but PromQL regexes are always fully anchored',
            "drop the anchors",
        )
    return None


@lru_cache(maxsize=4096)
def _accepted(op: str, value: str) -> bool:
    """Whether :func:`regex_problem` accepts this regex under any label (a repository repeats a
    few regexes, ``"5.."``, ``"api|web"``, thousands of times)."""
    return regex_problem("", op, value) is None


def may_report(text: str) -> bool:
    """Whether a regex matcher of ``text`` may be reported, read from the text alone: ``False``
    only when every ``=~``/``!~`` in it is followed by a string literal without backslashes whose
    regex :func:`regex_problem` accepts.

    A proven superset of the AST walk, and much cheaper (reading a selector's matchers from the
    parser costs more than the whole scan): PromQL writes a regex matcher only as ``=~`` or ``!~``,
    whitespace, then its string, and such a literal is its value; every ``~`` is looked at, so one
    in a string or comment can only send the expression to the walk. Anything else (a comment
    after the operator, an escape) goes to the walk too.
    """
    at = text.find("~")
    while at != -1:
        if at and text[at - 1] in "=!":
            start = at + 1
            while start < len(text) and text[start] in _SPACE:
                start += 1
            quote = text[start:start + 1]
            if not quote or quote not in _QUOTES:
                return True
            end = text.find(quote, start + 1)
            value = text[start + 1:end]
            if end == -1 or (quote != "`" and "\\" in value):
                return True
            if not _accepted(text[at - 1] + "~", value):
                return True
        at = text.find("~", at + 1)
    return False


class PromqlRegexpCheck(QueryCheck):
    """Redundant and fragile regex label matchers."""

    name = NAME
    severity = Severity.WARNING

    def check_query(self, doc, query, ctx):
        if not may_report(query.text):
            return []
        problems = []
        seen = set()
        for node in query.parsed.of_kind("VectorSelector"):
            for matcher in node.matchers():
                if matcher[1] not in _REGEX_OPS or matcher in seen:
                    continue
                seen.add(matcher)
                found = regex_problem(*matcher)
                if found:
                    problems.append(self.problem(doc, query.path, found[0], found[1]))
        return problems
