"""``promql/counter``: a counter's raw value only says how much happened since the process started;
it resets on restart. Compare or graph its ``rate()``/``increase()``, not the counter itself."""

from __future__ import annotations

import re
from functools import lru_cache

from monitoring_as_code.checks._config import settings
from monitoring_as_code.checks._grafana import VARIABLE_TOKEN
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


@lru_cache(maxsize=4096)
def surely_counter(name: str) -> bool:
    """Whether ``name`` is a counter's by the naming conventions (memoised: a repository reads
    the same few metrics in many expressions)."""
    return bool(_SURE_COUNTER.fullmatch(name))


def counter_aware(node) -> bool:
    """Whether a selector sits where its raw value is not used (rate(), count(), `and` filters...)."""
    parent, step = node.up, node.step
    while parent is not None:
        kind = parent.kind
        if kind == "Call" and parent.name in _COUNTER_AWARE:
            return True
        if kind == "AggregateExpr" and parent.name in _COUNTING_AGGREGATIONS:
            return True
        if kind == "BinaryExpr" and step == 1 and parent.name in ("and", "unless"):
            return True
        parent, step = parent.up, parent.step
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
        for node in query.parsed.of_kind("VectorSelector"):
            name = node.metric
            if not name or name in seen or ":" in name or VARIABLE_TOKEN in name:
                continue
            # cheapest first (each test is pure, so the order does not change the verdict)
            if not surely_counter(name) or counter_aware(node) or conf.is_gauge(name):
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
