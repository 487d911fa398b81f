"""Prometheus rules target (being written)."""

from monitoring_as_code.core.target import Target


class RulesTarget(Target):
    name = "prometheus-rules"
    kinds = ("prometheus/rules", "prometheus/rule-tests")
