"""``promql/rate``: ``rate()``, ``irate()`` and ``increase()`` are for counters. On a gauge they
read every drop as a counter reset and return nonsense; over a subquery of an aggregation they see
the resets of all summed series as drops."""

from __future__ import annotations

from monitoring_as_code.checks._config import settings
from monitoring_as_code.checks._promql import (
    COUNTER_FUNCTIONS,
    RATE_CALL,
    is_counter_name,
    mentions,
    show,
)
from monitoring_as_code.checks.base import QueryCheck
from monitoring_as_code.core.problem import Severity

NAME = "promql/rate"


class PromqlRateCheck(QueryCheck):
    """Counter functions over series that are not counters by name, or over aggregated subqueries."""

    name = NAME
    severity = Severity.WARNING

    def check_query(self, doc, query, ctx):
        if not mentions(RATE_CALL, query.text):
            return []
        conf = settings(ctx)
        tree = query.parsed
        problems = []
        for node in tree.of_kind("Call"):
            func = node.name
            if func not in COUNTER_FUNCTIONS:
                continue
            arg = tree.first_child(node)
            kind = arg.kind if arg is not None else ""
            if kind == "SubqueryExpr" and tree.nodes[arg.index + 1].kind == "AggregateExpr":
                problems.append(
                    self.problem(
                        doc,
                        query.path,
                        f"{func}() over a subquery of an aggregation (`{show(arg.expr)}`): a reset of any summed counter looks"
                        " like a huge drop, so the result spikes",
                        f"apply {func}() to the raw counter first, then aggregate: `sum({func}(x_total[5m]))`",
                        Severity.BUG,
                    )
                )
                continue
            if kind != "MatrixSelector":
                continue
            name = tree.nodes[arg.index + 1].metric
            if not name or ":" in name or is_counter_name(name) or conf.is_counter(name):
                continue
            problems.append(
                self.problem(
                    doc,
                    query.path,
                    f"{func}() on `{name}`, which is not a counter by its name (no _total, _count, _sum or _bucket"
                    " suffix): on a gauge every decrease reads as a counter reset",
                    "use deriv() or delta() for gauges; if it is a counter exported without a suffix, list it in"
                    " setup.cfg `counter_metrics`",
                )
            )
        return problems
