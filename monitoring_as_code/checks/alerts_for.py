"""``alerts/for``: a threshold alert without ``for`` pages on the first sample over the line."""

from __future__ import annotations

from monitoring_as_code.checks._config import parse_duration
from monitoring_as_code.checks._promql import (
    COMPARISON,
    is_filter,
    mentions,
    parsed,
)
from monitoring_as_code.checks.base import RuleCheck
from monitoring_as_code.core.problem import Severity

NAME = "alerts/for"


def has_threshold(expr: str) -> bool:
    """Whether the expression filters series by comparing them (``> 0.05``, ``== 0``...)."""
    if not mentions(COMPARISON, expr):
        return False
    return any(is_filter(n.expr) for n in parsed(expr).of_kind("BinaryExpr"))


def is_multiwindow(expr: str) -> bool:
    """``long window > X and short window > X`` (multi-window burn-rate alerts): the short window
    already debounces, and a ``for`` would only delay the page."""
    tree = parsed(expr)

    def filters(node) -> bool:
        return any(n.kind == "BinaryExpr" and is_filter(n.expr) for n in tree.subtree(node))

    return any(
        n.name == "and" and all(filters(side) for side in tree.children_of(n))
        for n in tree.of_kind("BinaryExpr")
    )


class AlertsForCheck(RuleCheck):
    """Threshold alerts (a comparison in ``expr``) with no ``for``, or ``for: 0s`` (multi-window
    ``... > X and ... > X`` burn-rate alerts excepted)."""

    name = NAME
    severity = Severity.WARNING
    alerts_only = True

    def check_rule(self, doc, path, group, rule, ctx):
        duration = parse_duration(rule.get("for")) if "for" in rule else None
        if duration and duration.total_seconds() > 0:
            return []
        expr = str(rule.get("expr", ""))
        if not has_threshold(expr) or is_multiwindow(expr):
            return []
        where = path + ("for",) if "for" in rule else path
        return [
            self.problem(
                doc,
                where,
                f"alert {rule.get('alert')!r} compares a value to a threshold but fires on the first evaluation over it"
                " (no `for`): one spike pages someone, and it flaps",
                "add `for: 5m` (a few evaluation intervals) so the condition must hold before it fires",
            )
        ]
