"""``alerts/condition``: an alert fires for every series its expression returns, so an expression
with no condition (no comparison, no ``absent()``, no ``and``/``unless`` filter) always fires."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from monitoring_as_code.checks._promql import (
    COMPARISONS,
    Node,
    Parsed,
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


def filters(tree: Parsed, node: Node, lookup: Lookup) -> bool | None:
    """Whether ``node`` can return nothing while its inputs exist (``None``: cannot tell)."""
    kind = node.kind
    if kind == "BinaryExpr":
        if node.name in ("and", "unless") or (node.name in COMPARISONS and not returns_bool(node.expr)):
            return True  # a filter: a comparison without `bool`, or a set operator that drops series
        sides = [filters(tree, kid, lookup) for kid in tree.children_of(node)]
        if node.name == "or":
            return None if None in sides else all(sides)
        return _any(sides)
    if kind == "Call":
        if node.name in ("absent", "absent_over_time"):
            return True
        return _any(filters(tree, kid, lookup) for kid in tree.children_of(node))
    if kind in ("AggregateExpr", "ParenExpr", "UnaryExpr", "SubqueryExpr", "MatrixSelector"):
        return filters(tree, tree.children_of(node)[-1], lookup)
    if kind == "VectorSelector":
        name = node.metric
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


def is_constant(tree: Parsed, node: Node) -> bool:
    """``vector(1)`` and friends: a deliberate always-firing heartbeat (Watchdog, DeadMansSwitch)."""
    kind = node.kind
    if kind in ("NumberLiteral", "StringLiteral"):
        return True
    if kind in ("ParenExpr", "UnaryExpr"):
        return is_constant(tree, tree.nodes[node.index + 1])
    if kind == "Call":
        return node.name == "vector" and all(is_constant(tree, arg) for arg in tree.children_of(node))
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
        tree = parsed(str(rule.get("expr", "")))
        if tree.ast is None or is_constant(tree, tree.root()):
            return []
        index = rule_index(ctx)

        def lookup(name: str, seen: frozenset = frozenset()) -> bool | None:
            """Whether the recorded series ``name`` is filtered by its own rule(s)."""
            sites = index.recorded.get(name)
            if not sites or name in seen:
                return None
            seen = seen | {name}
            trees = [parsed(str((s.rule or {}).get("expr", ""))) for s in sites]
            answers = [filters(t, t.root(), lambda n: lookup(n, seen)) if t.ast is not None else None for t in trees]
            return None if None in answers else all(answers)

        if filters(tree, tree.root(), lookup) is not False:
            return []
        if _bool_comparison(tree.ast):
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
