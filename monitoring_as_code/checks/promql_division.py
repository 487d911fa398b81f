"""``promql/division``: in an alert, ``a / b > X`` fires on ``+Inf`` when ``b`` drops to zero while
``a`` does not: an alert about a ratio pages for the absence of traffic. Guard the denominator
(``b > 0``, ``clamp_min(b, 1)``) or filter with ``and``.

Reported only where zero is plausible: the denominator is a rate of traffic (``rate()``,
``increase()``...; limits and capacities such as ``max_connections`` are never zero), and the
numerator does not count a subset of the same events (``errors_total{code=~"5.."} / errors_total``,
``x_failed_total / x_total``), where a zero denominator gives 0/0 = NaN, which never fires."""

from __future__ import annotations

from collections.abc import Iterator

from monitoring_as_code.checks._labels import is_scalar_node
from monitoring_as_code.checks._promql import (
    Node,
    Parsed,
    is_filter_node,
    show,
)
from monitoring_as_code.checks.base import QueryCheck
from monitoring_as_code.core.problem import Severity

NAME = "promql/division"
_UPWARD = {">": "lhs", ">=": "lhs", "!=": "lhs", "<": "rhs", "<=": "rhs"}
#: functions and aggregations that keep +Inf as +Inf
_KEEPS_INF_AGGREGATIONS = frozenset({"sum", "max", "min", "avg", "quantile", "topk", "bottomk"})
_KEEPS_INF = frozenset({"abs", "max_over_time", "avg_over_time", "min_over_time", "last_over_time", "sum_over_time",
                        "quantile_over_time", "round", "ceil", "floor", "sort", "sort_desc", "label_replace", "label_join"})
_GUARDS = frozenset({"clamp_min", "clamp", "clamp_max"})
_TRAFFIC = frozenset({"rate", "irate", "increase", "delta", "idelta"})


def _unwrap(tree: Parsed, node: Node) -> Node:
    while node.kind == "ParenExpr":
        node = tree.nodes[node.index + 1]
    return node


def divisions(tree: Parsed, node: Node) -> Iterator[Node]:
    """Divisions whose +Inf reaches ``node``'s value unchanged in sign."""
    node = _unwrap(tree, node)
    kind = node.kind
    if kind == "AggregateExpr" and node.name in _KEEPS_INF_AGGREGATIONS:
        yield from divisions(tree, tree.children_of(node)[-1])
    elif kind == "Call" and node.name in _KEEPS_INF:
        for kid in tree.children_of(node):
            if not is_scalar_node(tree.nodes, kid):
                yield from divisions(tree, kid)
    elif kind == "SubqueryExpr":
        yield from divisions(tree, tree.nodes[node.index + 1])
    elif kind == "BinaryExpr":
        op = node.name
        lhs, rhs = tree.operands(node)
        if op == "/" and not is_scalar_node(tree.nodes, rhs):
            yield node
        elif op in ("*", "+") or (op == "-" and is_scalar_node(tree.nodes, rhs)):
            for kid in (lhs, rhs):
                if not is_scalar_node(tree.nodes, kid):
                    yield from divisions(tree, kid)


def guarded(tree: Parsed, denominator: Node) -> bool:
    """Whether a denominator cannot be zero: a filter, clamp_min(), or a constant."""
    for node in tree.subtree(denominator):
        kind = node.kind
        if kind == "BinaryExpr" and is_filter_node(node):
            return True
        if kind == "Call" and node.name in _GUARDS:
            return True
    return is_scalar_node(tree.nodes, denominator)


def traffic(tree: Parsed, denominator: Node) -> bool:
    """Whether the denominator measures traffic (and so is 0 when there is none)."""
    for node in tree.subtree(denominator):
        if node.kind == "Call" and node.name in _TRAFFIC:
            return True
    return False


def _stem(name: str) -> str:
    return name.removesuffix("_total")


def subset_ratio(tree: Parsed, division: Node) -> bool:
    """``errors / requests`` where every numerator series counts a subset of the denominator's events
    (same metric, or a name extending it: ``x_failed_total`` of ``x_total``): a zero denominator
    gives 0/0 = NaN, which never fires."""
    numerator, denominator = tree.operands(division)
    top, bottom = set(), set()
    for selector in tree.of_kind("VectorSelector"):  # a few selectors, not every node of both sides
        if numerator.index <= selector.index < numerator.end:
            top.add(selector.metric)
        elif denominator.index <= selector.index < denominator.end:
            bottom.add(selector.metric)
    if not top or not all(top):  # a numerator selector without a metric name
        return False
    stems = tuple({_stem(name) for name in bottom if name})
    return all(_stem(name).startswith(stems) for name in top)


class PromqlDivisionCheck(QueryCheck):
    """Alert ratios compared upward (``>``) whose traffic denominator can be zero."""

    name = NAME
    severity = Severity.WARNING
    kinds = ("prometheus/rules",)
    alerts_only = True

    def check_query(self, doc, query, ctx):
        if "/" not in query.text:
            return []
        tree = query.parsed
        root = _unwrap(tree, tree.root())
        if root.kind != "BinaryExpr" or root.name not in _UPWARD or not is_filter_node(root):
            return []
        for node in tree.of_kind("BinaryExpr"):
            if node.name in ("and", "unless"):
                return []
        lhs, rhs = tree.operands(root)
        side, threshold = (lhs, rhs) if _UPWARD[root.name] == "lhs" else (rhs, lhs)
        if not is_scalar_node(tree.nodes, threshold):
            return []
        problems = []
        for division in divisions(tree, side):
            denominator = tree.operands(division)[1]
            if not traffic(tree, denominator) or guarded(tree, denominator) or subset_ratio(tree, division):
                continue
            problems.append(
                self.problem(
                    doc,
                    query.path,
                    f"alert {query.rule.get('alert')!r} divides by `{show(denominator.expr)}`: when it is 0 the ratio is"
                    f" +Inf and the `{root.name} {show(threshold.expr)}` threshold fires with no data behind it",
                    "guard the denominator: `/ (... > 0)` or `/ clamp_min(..., 1)`, or add `and <denominator> > 0`",
                )
            )
        return problems
