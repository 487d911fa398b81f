"""``rule/record-template``: Prometheus does not expand templates in recording rule labels; a
``{{ $labels.x }}`` there is written literally into every series."""

from __future__ import annotations

from monitoring_as_code.checks.base import RuleCheck
from monitoring_as_code.core.problem import Severity

NAME = "rule/record-template"


class RuleRecordTemplateCheck(RuleCheck):
    """Template syntax in recording rule labels."""

    name = NAME
    severity = Severity.BUG

    def check_rule(self, doc, path, group, rule, ctx):
        labels = rule.get("labels")
        if "record" not in rule or not isinstance(labels, dict):
            return []
        return [
            self.problem(
                doc,
                path + ("labels", key),
                f"label {key!r} of recording rule {rule.get('record')!r} holds a template ({value!r}), which recording"
                " rules do not expand: the series gets this text as its value",
                "compute the label in the expression (label_replace()) or set a literal value",
            )
            for key, value in labels.items()
            if isinstance(value, str) and "{{" in value
        ]
