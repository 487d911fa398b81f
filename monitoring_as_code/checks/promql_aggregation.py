"""``promql/aggregation``: an alert whose expression aggregates away ``job`` (or another label of the
routing policy, ``routing_labels``) lands in the wrong receiver, or in one group with everything.

The ``group_by`` of the route each alert actually takes is the Alertmanager target's
``alertmanager/group-by-label``; this check is the repository-wide policy, with or without an
Alertmanager config in the run."""

from __future__ import annotations

from monitoring_as_code.checks._config import settings
from monitoring_as_code.checks._rules import labels_of
from monitoring_as_code.checks.base import QueryCheck
from monitoring_as_code.core.problem import Severity

NAME = "promql/aggregation"


class PromqlAggregationCheck(QueryCheck):
    """Alert expressions that drop the ``routing_labels`` the rule does not set itself."""

    name = NAME
    severity = Severity.WARNING
    kinds = ("prometheus/rules",)
    alerts_only = True

    def check_query(self, doc, query, ctx):
        conf = settings(ctx)
        static = query.rule.get("labels")
        static = set(static) if isinstance(static, dict) else set()
        labels = labels_of(ctx, query.text)
        if labels is None or not labels.closed:
            return []
        missing = [
            label
            for label in conf.routing_labels
            if label not in static and label not in conf.required_labels and not labels.may_have(label)
        ]
        if not missing:
            return []
        names = ", ".join(f"`{m}`" for m in missing)
        kept = ", ".join(sorted(labels.names)) or "no labels"
        return [
            self.problem(
                doc,
                query.path,
                f"alert {query.rule.get('alert')!r} aggregates away {names}, which the routing policy needs (setup.cfg routing_labels)"
                f" (the result carries: {kept})",
                f"keep it in the aggregation (`by ({', '.join(sorted(labels.names | set(missing)))})`) or set it in"
                " the rule's labels",
            )
        ]
