"""``promql/regexp``: regex matchers that are redundant (``=~".*"`` matches everything, even a
missing label), or fragile (``=~"foo"`` is an equality written as a regex; ``^...$`` anchors are
implied)."""

from __future__ import annotations

import re

from monitoring_as_code.checks._grafana import VARIABLE_TOKEN
from monitoring_as_code.checks.base import QueryCheck
from monitoring_as_code.core.problem import Severity

NAME = "promql/regexp"
_META = re.compile(r"[.^$*+?()\[\]{}|\\]")
_REGEX_OPS = ("=~", "!~")


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


class PromqlRegexpCheck(QueryCheck):
    """Redundant and fragile regex label matchers."""

    name = NAME
    severity = Severity.WARNING

    def check_query(self, doc, query, ctx):
        if "=~" not in query.text and "!~" not in query.text:
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
