"""``alerts/condition``: an alert fires for every series its expression returns, so an expression
with no condition (no comparison, no ``absent()``, no ``and``/``unless`` filter) always fires."""

from __future__ import annotations

from typing import Any, Callable

from monitoring_as_code.checks._promql import (
    COMPARISONS,
    function_name,
    is_filter,
    metric_name,
    op_name,
    parsed,
    returns_bool,
)
from monitoring_as_code.checks._rules import rule_index
from monitoring_as_code.checks.base import RuleCheck
from monitoring_as_code.core.problem import Severity

NAME = "alerts/condition"
#: series that exist only while something is wrong: reading them is a condition
_CONDITIONAL_SERIES = frozenset({"ALERTS", "ALERTS_FOR_STATE"})

#: answers whether a recorded series is itself filtered (``None``: unknown)
Lookup = Callable[[str], "bool | None"]


def filters(expr: Any, lookup: Lookup, depth: int = 0) -> bool | None:
    """Whether ``expr`` can return nothing while its inputs exist (``None``: cannot tell)."""
    if depth > 64:
        return None
    again = lambda e: filters(e, lookup, depth + 1)  # noqa: E731
    kind = type(expr).__name__
    if kind == "BinaryExpr":
        op = op_name(expr)
        if is_filter(expr) or op in ("and", "unless"):
            return True
        sides = [again(expr.lhs), again(expr.rhs)]
        if op == "or":
            return None if None in sides else all(sides)
        if True in sides:
            return True
        return None if None in sides else False
    if kind == "Call":
        if function_name(expr) in ("absent", "absent_over_time"):
            return True
        return _any(again(a) for a in expr.args)
    if kind in ("AggregateExpr", "ParenExpr", "UnaryExpr", "SubqueryExpr"):
        return again(expr.expr)
    if kind == "MatrixSelector":
        return again(expr.vector_selector)
    if kind == "VectorSelector":
        name = metric_name(expr)
        if name in _CONDITIONAL_SERIES:
            return True
        if name and ":" in name:
            return lookup(name)
        return False
    return False


def _any(results) -> bool | None:
    results = list(results)
    if True in results:
        return True
    return None if None in results else False


def is_constant(expr: Any) -> bool:
    """``vector(1)`` and friends: a deliberate always-firing heartbeat (Watchdog, DeadMansSwitch)."""
    kind = type(expr).__name__
    if kind in ("NumberLiteral", "StringLiteral"):
        return True
    if kind in ("ParenExpr", "UnaryExpr"):
        return is_constant(expr.expr)
    if kind == "Call":
        return function_name(expr) == "vector" and all(is_constant(a) for a in expr.args)
    return False


def _bool_comparison(expr: Any) -> bool:
    kind = type(expr).__name__
    if kind == "ParenExpr":
        return _bool_comparison(expr.expr)
    return kind == "BinaryExpr" and op_name(expr) in COMPARISONS and returns_bool(expr)


class AlertsConditionCheck(RuleCheck):
    """Alert expressions that return a series whatever the values: the alert never resolves."""

    name = NAME
    severity = Severity.BUG
    alerts_only = True

    def check_rule(self, doc, path, group, rule, ctx):
        ast = parsed(str(rule.get("expr", ""))).ast
        if ast is None or is_constant(ast):
            return []
        index = rule_index(ctx)

        def lookup(name: str, seen: frozenset = frozenset()) -> bool | None:
            """Whether the recorded series ``name`` is filtered by its own rule(s)."""
            sites = index.recorded.get(name)
            if not sites or name in seen:
                return None
            seen = seen | {name}
            answers = [filters(parsed(str((s.rule or {}).get("expr", ""))).ast, lambda n: lookup(n, seen)) for s in sites]
            return None if None in answers else all(answers)

        if filters(ast, lookup) is not False:
            return []
        if _bool_comparison(ast):
            message = (
                f"alert {rule.get('alert')!r} compares with `bool`, which returns 0 or 1 for every series instead of"
                " dropping the ones that fail: it always fires"
            )
            hint = "remove `bool` so the comparison filters"
        else:
            message = (
                f"alert {rule.get('alert')!r} has no condition: the expression returns a value for every series, so"
                " the alert fires as long as the series exist"
            )
            hint = "compare the value with a threshold (e.g. `... > 0.05`), or use absent() for missing series"
        return [self.problem(doc, path + ("expr",), message, hint)]
