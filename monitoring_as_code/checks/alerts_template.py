"""``alerts/template``: annotations and labels that template a label the expression aggregates away
(``{{ $labels.instance }}`` after ``sum by (job)``) render as an empty string."""

from __future__ import annotations

from monitoring_as_code.checks._promql import parsed
from monitoring_as_code.checks._rules import labels_of
from monitoring_as_code.checks._templates import label_refs
from monitoring_as_code.checks.base import RuleCheck
from monitoring_as_code.core.problem import Severity

NAME = "alerts/template"
ABSENT = frozenset({"absent", "absent_over_time"})


def uses_absent(expr: str) -> bool:
    return "absent" in expr and any(n.name in ABSENT for n in parsed(expr).of_kind("Call"))


def templated_fields(rule: dict) -> list[tuple[tuple, str]]:
    """``(path relative to the rule, text)`` of every annotation and label value."""
    found = []
    for section in ("annotations", "labels"):
        values = rule.get(section)
        if isinstance(values, dict):
            for key, value in values.items():
                if isinstance(value, str) and "{{" in value:
                    found.append(((section, key), value))
    return found


class AlertsTemplateCheck(RuleCheck):
    """Template label references the expression's result cannot carry (absent() alerts: alerts/absent)."""

    name = NAME
    # The alert still fires and routes; its text loses a value. Degraded, not broken.
    severity = Severity.WARNING
    alerts_only = True

    def check_rule(self, doc, path, group, rule, ctx):
        fields = templated_fields(rule)
        expr = str(rule.get("expr", ""))
        if not fields or uses_absent(expr):
            return []
        labels = labels_of(ctx, expr)
        if labels is None or not labels.closed:
            return []
        problems = []
        for where, text in fields:
            for label in dict.fromkeys(label_refs(text)):
                if not labels.may_have(label):
                    kept = ", ".join(sorted(labels.names)) or "no labels"
                    problems.append(
                        self.problem(
                            doc,
                            path + where,
                            f"{where[0]}.{where[1]} of alert {rule.get('alert')!r} uses `$labels.{label}`, but the"
                            f" expression's result only carries: {kept}; it renders as an empty string",
                            f"keep `{label}` in the expression (e.g. `by ({', '.join(sorted(labels.names | {label}))})`)"
                            " or stop templating it",
                        )
                    )
        return problems
