"""``promql/range``: ``rate()`` and friends need at least two samples in their range, and four
scrape intervals to survive a missed scrape. A shorter range returns nothing or jumps around."""

from __future__ import annotations

from monitoring_as_code.checks._config import format_duration, settings
from monitoring_as_code.checks._grafana import range_variable
from monitoring_as_code.checks._promql import (
    RATE_LIKE_CALL,
    RATE_LIKE_FUNCTIONS,
    mentions,
)
from monitoring_as_code.checks.base import QueryCheck
from monitoring_as_code.core.problem import Severity

NAME = "promql/range"
_LONGEST = "checks.range.longest_scrape"


def longest_scrape_seconds(ctx) -> float:
    """The longest scrape interval a selector may have (the default or a job's), in seconds, at
    least the ``1e-9`` the ratio below divides by; kept with the run."""
    longest = ctx.extra.get(_LONGEST)
    if longest is None:
        conf = settings(ctx)
        longest = ctx.extra[_LONGEST] = max(
            max([conf.scrape_interval, *conf.job_scrape_intervals.values()]).total_seconds(), 1e-9
        )
    return longest


class PromqlRangeCheck(QueryCheck):
    """Ranges of rate-like functions under four scrape intervals (under two: ``bug``)."""

    name = NAME
    severity = Severity.WARNING

    def check_query(self, doc, query, ctx):
        if not mentions(RATE_LIKE_CALL, query.text):
            return []
        conf = settings(ctx)
        enough = 4 * longest_scrape_seconds(ctx)
        tree = query.parsed
        problems = []
        for node in tree.of_kind("Call"):
            func = node.name
            if func not in RATE_LIKE_FUNCTIONS:
                continue
            arg = tree.first_child(node)
            if arg is None or arg.kind != "MatrixSelector":
                continue
            window = arg.expr.range
            if window.total_seconds() >= enough:
                continue  # four scrapes of any job: the job (a read of every matcher) cannot matter
            if range_variable(window) is not None:
                continue
            job = tree.first_child(arg).equality("job")
            scrape = conf.scrape_interval_for(job)
            ratio = window.total_seconds() / max(scrape.total_seconds(), 1e-9)
            if ratio >= 4:
                continue
            shown = format_duration(window)
            source = f"job {job!r}" if job and job in conf.job_scrape_intervals else "the default"
            if ratio < 2:
                message = (
                    f"{func}() over [{shown}] holds fewer than two samples at {source} scrape interval"
                    f" ({format_duration(scrape)}): it returns nothing"
                )
                # Certain only when the interval is configured: rule files from elsewhere are
                # often written for 15s or 30s scrapes, and then [1m] is fine.
                known = conf.scrape_interval_known or (job is not None and job in conf.job_scrape_intervals)
                severity = Severity.BUG if known else Severity.WARNING
            else:
                message = (
                    f"{func}() over [{shown}] is under four scrape intervals ({source}: {format_duration(scrape)}):"
                    " one missed scrape leaves too few samples and the result gaps or jumps"
                )
                severity = None
            problems.append(
                self.problem(
                    doc,
                    query.path,
                    message,
                    f"use a range of at least {format_duration(scrape * 4)}"
                    + (" (or $__rate_interval on dashboards)" if query.is_dashboard else ""),
                    severity,
                )
            )
        return problems
