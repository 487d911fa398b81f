"""``alerts/template-syntax``: template mistakes the Loki ruler only reports at evaluation time (in
its log, with the annotation rendered as an error text): unbalanced ``{{ }}``, undefined variables,
unknown functions, unclosed ``if``/``range``.

Prometheus rule files get the same from the rules target's ``rules/template`` (a full Go template
parse), so this check reads Loki ruler rules only: no finding is reported twice."""

from __future__ import annotations

from monitoring_as_code.checks._templates import mistakes
from monitoring_as_code.checks.base import RuleCheck
from monitoring_as_code.core.problem import Severity

NAME = "alerts/template-syntax"


class AlertsTemplateSyntaxCheck(RuleCheck):
    """Go template mistakes in Loki ruler alert annotations and labels."""

    name = NAME
    severity = Severity.BUG
    kinds = ("loki/rules",)
    alerts_only = True

    def check_rule(self, doc, path, group, rule, ctx):
        problems = []
        for section in ("annotations", "labels"):
            values = rule.get(section)
            if not isinstance(values, dict):
                continue
            for key, value in values.items():
                if not isinstance(value, str):
                    continue
                for mistake in dict.fromkeys(mistakes(value)):
                    problems.append(
                        self.problem(
                            doc,
                            path + (section, key),
                            f"{section}.{key} of alert {rule.get('alert')!r}: {mistake}",
                            "Prometheus variables are $labels, $value, $externalLabels and $externalURL; see"
                            " https://prometheus.io/docs/prometheus/latest/configuration/template_reference/",
                        )
                    )
        return problems
