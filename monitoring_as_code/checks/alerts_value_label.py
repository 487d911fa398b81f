"""``alerts/value-label``: ``$value`` in an alert *label* makes a new alert identity whenever the
value changes: the old alert resolves, a new one fires, and every notification repeats."""

from __future__ import annotations

from monitoring_as_code.checks._templates import uses_value
from monitoring_as_code.checks.base import RuleCheck
from monitoring_as_code.core.problem import Severity

NAME = "alerts/value-label"


class AlertsValueLabelCheck(RuleCheck):
    """Alert labels that template ``$value``."""

    name = NAME
    severity = Severity.BUG
    kinds = ("prometheus/rules", "loki/rules")  # Loki ruler alerts go to Alertmanager too
    alerts_only = True

    def check_rule(self, doc, path, group, rule, ctx):
        labels = rule.get("labels")
        if not isinstance(labels, dict):
            return []
        return [
            self.problem(
                doc,
                path + ("labels", key),
                f"label {key!r} of alert {rule.get('alert')!r} templates the alert's value: each new value is a new"
                " alert (resolved + fired again), which breaks grouping, silences and inhibition",
                "move the value into an annotation (e.g. description: \"... {{ $value | humanize }}\")",
            )
            for key, value in labels.items()
            if isinstance(value, str) and uses_value(value)
        ]
