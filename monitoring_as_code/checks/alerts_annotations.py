"""``alerts/annotations``: every alert carries the annotations on-call needs (summary, description,
runbook_url by default; ``required_annotations`` in setup.cfg)."""

from __future__ import annotations

import re

from monitoring_as_code.checks._config import settings
from monitoring_as_code.checks.base import RuleCheck
from monitoring_as_code.core.problem import Severity

NAME = "alerts/annotations"
_URL = re.compile(r"^(https?://|\{\{)")


class AlertsAnnotationsCheck(RuleCheck):
    """Required annotations missing or empty, and a ``runbook_url`` that is not a URL."""

    name = NAME
    # A policy (setup.cfg required_annotations), not a broken monitor: rule files from other
    # projects are valid without our annotations, so this warns; --fail-on warning enforces it.
    severity = Severity.WARNING
    kinds = ("prometheus/rules", "loki/rules")  # Loki ruler alerts go to Alertmanager too
    alerts_only = True

    def check_rule(self, doc, path, group, rule, ctx):
        annotations = rule.get("annotations")
        annotations = annotations if isinstance(annotations, dict) else {}
        problems = []
        alert = rule.get("alert")
        for key in settings(ctx).required_annotations:
            value = annotations.get(key)
            if value is None or not str(value).strip():
                where = path + ("annotations", key) if key in annotations else path + (("annotations",) if annotations else ())
                problems.append(
                    self.problem(
                        doc,
                        where,
                        f"alert {alert!r} has no `{key}` annotation" + (" (it is empty)" if key in annotations else ""),
                        f"add annotations.{key}: the person paged reads it first"
                        + (" (a link to the runbook page for this alert)" if key == "runbook_url" else ""),
                    )
                )
        runbook = annotations.get("runbook_url")
        if isinstance(runbook, str) and runbook.strip() and not _URL.match(runbook.strip()):
            problems.append(
                self.problem(
                    doc,
                    path + ("annotations", "runbook_url"),
                    f"alert {alert!r} has a runbook_url that is not an absolute http(s) URL: {runbook!r}",
                    "use the full link (https://...) so it is clickable in Slack, PagerDuty and email",
                    Severity.WARNING,
                )
            )
        return problems
