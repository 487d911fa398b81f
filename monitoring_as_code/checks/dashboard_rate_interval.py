"""``dashboard/rate-interval``: ``rate(x[5m])`` on a dashboard is wrong at some zoom level: over a
long time range Grafana's step outgrows 5m and samples are skipped; with a 15s step and a 1m scrape
interval it can hold a single sample. ``$__rate_interval`` adapts to both."""

from __future__ import annotations

from monitoring_as_code.checks._config import format_duration
from monitoring_as_code.checks._grafana import range_variable
from monitoring_as_code.checks.base import QueryCheck
from monitoring_as_code.core.problem import Severity

NAME = "dashboard/rate-interval"
_FUNCTIONS = frozenset({"rate", "irate"})


class DashboardRateIntervalCheck(QueryCheck):
    """rate()/irate() in dashboard queries over a fixed range or ``$__interval``."""

    name = NAME
    severity = Severity.WARNING
    kinds = ("grafana/dashboard",)

    def check_query(self, doc, query, ctx):
        if "rate" not in query.text:  # no rate( nor irate( call: most queries, told without a regex
            return []
        problems = []
        parsed = query.parsed
        for node in parsed.of_kind("Call"):
            func = node.name
            if func not in _FUNCTIONS:
                continue
            first = parsed.first_child(node)  # the first argument's node: no conversion of the call's args
            if first is None or first.kind != "MatrixSelector":
                continue
            matrix = first.expr
            variable = range_variable(matrix.range)
            if variable in ("__rate_interval", "__range", "variable"):
                continue
            shown = "$__interval" if variable == "__interval" else format_duration(matrix.range)
            problems.append(
                self.problem(
                    doc,
                    query.path,
                    f"{func}() over [{shown}]: "
                    + ("$__interval can be shorter than two scrapes" if variable else "a fixed range skips samples when zoomed out and thins out when zoomed in"),
                    f"use {func}(...[$__rate_interval])",
                )
            )
        return problems
