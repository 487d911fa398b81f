"""``promql/division``: in an alert, ``a / b > X`` fires on ``+Inf`` when ``b`` drops to zero while
``a`` does not: an alert about a ratio pages for the absence of traffic. Guard the denominator
(``b > 0``, ``clamp_min(b, 1)``) or filter with ``and``.

Reported only where zero is plausible: the denominator is a rate of traffic (``rate()``,
``increase()``...; limits and capacities such as ``max_connections`` are never zero), and the
numerator does not count a subset of the same events (``errors_total{code=~"5.."} / errors_total``,
``x_failed_total / x_total``), where a zero denominator gives 0/0 = NaN, which never fires."""

from __future__ import annotations

from typing import Any, Iterator

from monitoring_as_code.checks._labels import is_scalar
from monitoring_as_code.checks._promql import function_name, is_filter, metric_name, op_name, parsed, selectors, show
from monitoring_as_code.checks.base import QueryCheck
from monitoring_as_code.core.problem import Severity

NAME = "promql/division"
_UPWARD = {">": "lhs", ">=": "lhs", "!=": "lhs", "<": "rhs", "<=": "rhs"}
#: functions and aggregations that keep +Inf as +Inf
_KEEPS_INF = frozenset({"abs", "max_over_time", "avg_over_time", "min_over_time", "last_over_time", "sum_over_time",
                        "quantile_over_time", "round", "ceil", "floor", "sort", "sort_desc", "label_replace", "label_join"})
_GUARDS = frozenset({"clamp_min", "clamp", "clamp_max"})
_TRAFFIC = frozenset({"rate", "irate", "increase", "delta", "idelta"})


def _unwrap(expr: Any) -> Any:
    while type(expr).__name__ == "ParenExpr":
        expr = expr.expr
    return expr


def divisions(expr: Any) -> Iterator[Any]:
    """Divisions whose +Inf reaches ``expr``'s value unchanged in sign."""
    expr = _unwrap(expr)
    kind = type(expr).__name__
    if kind == "AggregateExpr" and str(expr.op).strip() in ("sum", "max", "min", "avg", "quantile", "topk", "bottomk"):
        yield from divisions(expr.expr)
    elif kind == "Call" and function_name(expr) in _KEEPS_INF:
        for arg in expr.args:
            if not is_scalar(arg):
                yield from divisions(arg)
    elif kind == "SubqueryExpr":
        yield from divisions(expr.expr)
    elif kind == "BinaryExpr":
        op = op_name(expr)
        if op == "/" and not is_scalar(expr.rhs):
            yield expr
        elif op in ("*", "+") or (op == "-" and is_scalar(expr.rhs)):
            for side in (expr.lhs, expr.rhs):
                if not is_scalar(side):
                    yield from divisions(side)


def guarded(denominator: Any) -> bool:
    """Whether a denominator cannot be zero: a filter, clamp_min(), or a constant."""
    for node in parsed(str(denominator)).nodes:
        if node.kind == "BinaryExpr" and is_filter(node.expr):
            return True
        if node.kind == "Call" and function_name(node.expr) in _GUARDS:
            return True
    return is_scalar(denominator)


def traffic(denominator: Any) -> bool:
    """Whether the denominator measures traffic (and so is 0 when there is none)."""
    return any(n.kind == "Call" and function_name(n.expr) in _TRAFFIC for n in parsed(str(denominator)).nodes)


def _stem(name: str) -> str:
    return name[: -len("_total")] if name.endswith("_total") else name


def subset_ratio(division: Any) -> bool:
    """``errors / requests`` where every numerator series counts a subset of the denominator's events
    (same metric, or a name extending it: ``x_failed_total`` of ``x_total``): a zero denominator
    gives 0/0 = NaN, which never fires."""
    top = {metric_name(n.expr) for n in selectors(parsed(str(division.lhs)).nodes)}
    bottom = {_stem(n) for n in (metric_name(n.expr) for n in selectors(parsed(str(division.rhs)).nodes)) if n}
    if not top or None in top:
        return False
    return all(any(_stem(name).startswith(b) for b in bottom) for name in top)


class PromqlDivisionCheck(QueryCheck):
    """Alert ratios compared upward (``>``) whose traffic denominator can be zero."""

    name = NAME
    severity = Severity.WARNING
    kinds = ("prometheus/rules",)
    alerts_only = True

    def check_query(self, doc, query, ctx):
        root = _unwrap(query.parsed.ast)
        if type(root).__name__ != "BinaryExpr" or not is_filter(root) or op_name(root) not in _UPWARD:
            return []
        if any(n.kind == "BinaryExpr" and op_name(n.expr) in ("and", "unless") for n in query.parsed.nodes):
            return []
        upward = _UPWARD[op_name(root)] == "lhs"
        side, threshold = (root.lhs, root.rhs) if upward else (root.rhs, root.lhs)
        if not is_scalar(threshold):
            return []
        problems = []
        for division in divisions(side):
            if not traffic(division.rhs) or guarded(division.rhs) or subset_ratio(division):
                continue
            problems.append(
                self.problem(
                    doc,
                    query.path,
                    f"alert {query.rule.get('alert')!r} divides by `{show(division.rhs)}`: when it is 0 the ratio is +Inf"
                    f" and the `{op_name(root)} {show(threshold)}` threshold fires with no data behind it",
                    "guard the denominator: `/ (... > 0)` or `/ clamp_min(..., 1)`, or add `and <denominator> > 0`",
                )
            )
        return problems
