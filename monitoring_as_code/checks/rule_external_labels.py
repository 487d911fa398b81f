"""``rule/external-labels``: a rule label named like one of Prometheus's ``external_labels`` wins
over it, so alerts and remote-written series no longer say which Prometheus (cluster, replica)
they come from, and HA deduplication breaks."""

from __future__ import annotations

from monitoring_as_code.checks._config import settings
from monitoring_as_code.checks.base import RuleCheck
from monitoring_as_code.core.problem import Severity

NAME = "rule/external-labels"


class RuleExternalLabelsCheck(RuleCheck):
    """Rule labels that collide with ``global.external_labels`` (or setup.cfg ``external_labels``)."""

    name = NAME
    severity = Severity.WARNING

    def check(self, doc, ctx):
        if not settings(ctx).external_labels:
            return []  # nothing to collide with: no rule to read
        return super().check(doc, ctx)

    def check_rule(self, doc, path, group, rule, ctx):
        external = settings(ctx).external_labels
        labels = rule.get("labels")
        if not external or not isinstance(labels, dict):
            return []
        return [
            self.problem(
                doc,
                path + ("labels", key),
                f"label {key!r} of {'alert' if 'alert' in rule else 'recording rule'}"
                f" {rule.get('alert') or rule.get('record')!r} collides with the external label"
                f" {key}={external[key]!r} of Prometheus: the rule's value replaces it",
                "rename the label (external labels identify the Prometheus, not the rule)",
            )
            for key in labels
            if key in external
        ]
