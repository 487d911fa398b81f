"""``alerts/labels``: every alert carries the labels routing needs, with allowed values
(``required_labels``, default ``severity``; ``severities``, default ``critical warning info``)."""

from __future__ import annotations

from monitoring_as_code.checks._config import settings
from monitoring_as_code.checks.base import RuleCheck
from monitoring_as_code.core.problem import Severity

NAME = "alerts/labels"


class AlertsLabelsCheck(RuleCheck):
    """Required labels missing, and a ``severity`` outside the configured set."""

    name = NAME
    severity = Severity.BUG
    kinds = ("prometheus/rules",)  # Loki ruler alerts: the Loki target's loki/rule-severity
    alerts_only = True

    def check_rule(self, doc, path, group, rule, ctx):
        conf = settings(ctx)
        labels = rule.get("labels")
        labels = labels if isinstance(labels, dict) else {}
        problems = []
        alert = rule.get("alert")
        for key in conf.required_labels:
            if key not in labels or not str(labels[key]).strip():
                problems.append(
                    self.problem(
                        doc,
                        path + (("labels",) if labels else ()),
                        f"alert {alert!r} has no `{key}` label",
                        f"add labels.{key}" + (f" (one of: {', '.join(conf.severities)})" if key == "severity" else "")
                        + ": Alertmanager routes on it",
                    )
                )
        severity = labels.get("severity")
        if severity is not None and conf.severities and "{{" not in str(severity) and str(severity) not in conf.severities:
            problems.append(
                self.problem(
                    doc,
                    path + ("labels", "severity"),
                    f"alert {alert!r} has severity {severity!r}, which is not one of: {', '.join(conf.severities)}",
                    "use a configured severity (setup.cfg [monitoring_as_code] severities): routes match only those",
                )
            )
        return problems
