"""``alertmanager/inhibit-self``: an inhibit rule whose source and target matchers both match one
alert. Alertmanager does not let such two-sided alerts inhibit each other, so the rule silently does
less than it says, while alerts of the source's own kind can still be muted by other sources."""

from __future__ import annotations

from monitoring_as_code.checks._alertmanager import example, format_labels, matchers_of
from monitoring_as_code.checks._data import as_list
from monitoring_as_code.checks.base import Check
from monitoring_as_code.core.problem import Severity

NAME = "alertmanager/inhibit-self"


class AlertmanagerInhibitSelfCheck(Check):
    """Inhibit rules with an alert matching both their source and target side."""

    name = NAME
    severity = Severity.WARNING
    kinds = ("alertmanager/config",)

    def check(self, doc, ctx):
        data = doc.data if isinstance(doc.data, dict) else {}
        problems = []
        for i, rule in enumerate(as_list(data.get("inhibit_rules"))):
            if not isinstance(rule, dict):
                continue
            source, target = matchers_of(rule, "source_"), matchers_of(rule, "target_")
            labels = example(source + target)
            if labels is None:
                continue
            equal = as_list(rule.get("equal"))
            problems.append(
                self.problem(
                    doc,
                    ("inhibit_rules", i),
                    f"an alert like {format_labels(labels)} matches both the source and the target side of this"
                    " inhibit rule" + (f" (equal: {', '.join(map(str, equal))} cannot tell it apart from itself)" if equal else "")
                    + ": the rule can mute alerts of its own source's kind",
                    "make the target matchers exclude the source (e.g. source severity=\"critical\", target"
                    ' severity="warning")',
                )
            )
        return problems
