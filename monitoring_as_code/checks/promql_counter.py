"""``promql/counter``: a counter's raw value only says how much happened since the process started;
it resets on restart. Compare or graph its ``rate()``/``increase()``, not the counter itself."""

from __future__ import annotations

import re

from monitoring_as_code.checks._config import settings
from monitoring_as_code.checks._grafana import VARIABLE_TOKEN
from monitoring_as_code.checks._promql import (
    function_name,
    metric_name,
    op_name,
    selectors,
)
from monitoring_as_code.checks.base import QueryCheck
from monitoring_as_code.core.problem import Severity

NAME = "promql/counter"
#: functions under which a raw counter is right: rates, reset counting, or presence/timestamps
_COUNTER_AWARE = frozenset(
    {"rate", "irate", "increase", "resets", "changes", "absent", "absent_over_time", "present_over_time",
     "timestamp", "count_over_time", "histogram_count", "histogram_sum"}
)
_COUNTING_AGGREGATIONS = frozenset({"count", "group", "count_values"})
#: ``_sum``/``_count`` are a histogram's or summary's only after a unit (``_seconds_count``);
#: ``pending_requests_count`` or ``prepared_stmt_count`` are gauges in the wild
_SURE_COUNTER = re.compile(
    r".+(_total|_bucket|_(seconds|milliseconds|microseconds|bytes|duration|latency|size|meters|ratio)_(sum|count))"
)


_COUNTER_SUFFIX = re.compile(r"_(total|bucket|sum|count)\b")


def surely_counter(name: str) -> bool:
    return bool(_SURE_COUNTER.fullmatch(name))


def counter_aware(node) -> bool:
    """Whether a selector sits where its raw value is not used (rate(), count(), `and` filters...)."""
    for parent, step in zip(reversed(node.parents), reversed(node.steps)):
        kind = type(parent).__name__
        if kind == "Call" and function_name(parent) in _COUNTER_AWARE:
            return True
        if kind == "AggregateExpr" and str(parent.op).strip() in _COUNTING_AGGREGATIONS:
            return True
        if kind == "BinaryExpr" and op_name(parent) in ("and", "unless") and step == 1:
            return True
    return False


class PromqlCounterCheck(QueryCheck):
    """Counters (by name: _total, _bucket, and _sum/_count after a unit) read without rate(),
    irate() or increase()."""

    name = NAME
    severity = Severity.WARNING

    def check_query(self, doc, query, ctx):
        if not _COUNTER_SUFFIX.search(query.text):
            return []
        conf = settings(ctx)
        seen: set[str] = set()
        problems = []
        for node in selectors(query.parsed.nodes):
            name = metric_name(node.expr)
            if not name or name in seen or ":" in name or VARIABLE_TOKEN in name:
                continue
            if not surely_counter(name) or conf.is_gauge(name) or counter_aware(node):
                continue
            seen.add(name)
            problems.append(
                self.problem(
                    doc,
                    query.path,
                    f"`{name}` is a counter (by its name) used without rate(), irate() or increase(): its raw value"
                    " only grows and drops to zero when the process restarts",
                    f"use `rate({name}[5m])` (per second) or `increase({name}[1h])` (per window); if it is a gauge,"
                    " list it in setup.cfg `gauge_metrics`",
                )
            )
        return problems
