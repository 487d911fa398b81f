"""``alerts/absent``: an ``absent()`` alert can only carry the labels of its selector's equality
matchers; templating any other label gives an empty string."""

from __future__ import annotations

from monitoring_as_code.checks._labels import absent_labels
from monitoring_as_code.checks._promql import function_name, parsed
from monitoring_as_code.checks._templates import label_refs
from monitoring_as_code.checks.alerts_template import ABSENT, templated_fields
from monitoring_as_code.checks.base import RuleCheck
from monitoring_as_code.core.problem import Severity

NAME = "alerts/absent"


class AlertsAbsentCheck(RuleCheck):
    """Labels templated in an ``absent()``/``absent_over_time()`` alert that absent() cannot carry."""

    name = NAME
    severity = Severity.BUG
    alerts_only = True

    def check_rule(self, doc, path, group, rule, ctx):
        expr = str(rule.get("expr", ""))
        fields = templated_fields(rule) if "absent" in expr else None
        if not fields:
            return []
        calls = [n.expr for n in parsed(expr).of_kind("Call") if n.name in ABSENT]
        if not calls:
            return []
        carried = frozenset().union(*(absent_labels(c).names for c in calls))
        problems = []
        for where, text in fields:
            for label in dict.fromkeys(label_refs(text)):
                if label not in carried:
                    problems.append(
                        self.problem(
                            doc,
                            path + where,
                            f"{where[0]}.{where[1]} of alert {rule.get('alert')!r} uses `$labels.{label}`, but"
                            f" {function_name(calls[0])}() only carries the labels of its equality matchers"
                            f" ({', '.join(sorted(carried)) or 'none here'}); it renders as an empty string",
                            f"match `{label}` with `=` in the selector (e.g. `absent(up{{{label}=\"...\"}})`) or write"
                            " the value literally in the template",
                        )
                    )
        return problems
