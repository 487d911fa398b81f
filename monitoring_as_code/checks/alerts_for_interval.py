"""``alerts/for-interval``: a ``for`` shorter than the group's evaluation interval is rounded up to
it: the alert waits a whole interval anyway, and the YAML says something it does not do."""

from __future__ import annotations

from monitoring_as_code.checks._config import format_duration, parse_duration, settings
from monitoring_as_code.checks.base import RuleCheck
from monitoring_as_code.core.problem import Severity

NAME = "alerts/for-interval"


class AlertsForIntervalCheck(RuleCheck):
    """``for`` (and ``keep_firing_for``) above zero but below the evaluation interval."""

    name = NAME
    severity = Severity.WARNING
    kinds = ("prometheus/rules", "loki/rules")  # Loki ruler alerts go to Alertmanager too
    alerts_only = True

    def check_rule(self, doc, path, group, rule, ctx):
        interval = parse_duration(group.get("interval")) or settings(ctx).evaluation_interval
        problems = []
        for key in ("for", "keep_firing_for"):
            duration = parse_duration(rule.get(key))
            if duration and 0 < duration.total_seconds() < interval.total_seconds():
                problems.append(
                    self.problem(
                        doc,
                        path + (key,),
                        f"alert {rule.get('alert')!r} has `{key}: {rule.get(key)}`, shorter than the group's evaluation"
                        f" interval ({format_duration(interval)}): it takes effect as {format_duration(interval)}",
                        f"use `{key}: {format_duration(interval)}` or more, or evaluate the group more often (`interval:`)",
                    )
                )
        return problems
