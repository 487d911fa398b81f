"""``promql/histogram-quantile``: ``histogram_quantile()`` over classic histograms needs the
``le`` label of ``_bucket`` series; aggregate it away (or feed it other series) and the quantile
is NaN or empty."""

from __future__ import annotations

from monitoring_as_code.checks._labels import node_labels
from monitoring_as_code.checks._promql import (
    Node,
    Parsed,
    names_in,
    show,
)
from monitoring_as_code.checks._rules import resolver
from monitoring_as_code.checks.base import QueryCheck
from monitoring_as_code.core.problem import Severity

NAME = "promql/histogram-quantile"
_NOT_HISTOGRAM = ("_sum", "_count", "_total")


def _groups_by_le(tree: Parsed, node: Node) -> bool:
    """Whether an aggregation inside groups by ``le`` (the author meant a classic histogram)."""
    for inner in tree.subtree(node):
        modifier = inner.expr.modifier if inner.kind == "AggregateExpr" else None
        if modifier is not None and "le" in modifier.labels and str(modifier.type) == "AggModifierType.By":
            return True
    return False


class PromqlHistogramQuantileCheck(QueryCheck):
    """``le`` aggregated away, or a quantile over series that are not ``_bucket`` series."""

    name = NAME
    severity = Severity.BUG

    def check_query(self, doc, query, ctx):
        if "histogram_quantile" not in query.text:
            return []
        tree = query.parsed
        problems = []
        for node in tree.of_kind("Call"):
            if node.name != "histogram_quantile":
                continue
            kids = tree.children_of(node)
            if len(kids) != 2:
                continue
            arg = kids[1]
            names = names_in(tree.subtree(arg)) - {None}
            classic = any("bucket" in n for n in names)  # native histograms have no `le` to keep
            if classic and not node_labels(tree, arg, resolver(ctx)).may_have("le"):
                problems.append(
                    self.problem(
                        doc,
                        query.path,
                        f"histogram_quantile() over `{show(arg.expr)}`, which drops the `le` label: the quantile is NaN",
                        "keep `le` in the aggregation: `sum by (le, job) (rate(x_bucket[5m]))`",
                    )
                )
                continue
            wrong = sorted(n for n in names if ":" not in n and not n.endswith("_bucket"))
            if wrong and (_groups_by_le(tree, arg) or any(n.endswith(_NOT_HISTOGRAM) for n in wrong)):
                problems.append(
                    self.problem(
                        doc,
                        query.path,
                        f"histogram_quantile() over {', '.join(f'`{n}`' for n in wrong)}, which are not the `_bucket`"
                        " series of a classic histogram",
                        "use the `<name>_bucket` series (or a native histogram without `le`)",
                    )
                )
        return problems
