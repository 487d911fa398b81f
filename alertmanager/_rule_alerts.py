"""The alerting rules defined under rules/, read from the definitions themselves (never copied
by name), so the route tests cover every alert the rules emit, including future ones."""

from __future__ import annotations

import os

from monitoring_as_code.core.loader import load_definitions, python_files

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _alerting_rules(obj):
    for group in getattr(obj, "groups", None) or [obj]:
        for rule in getattr(group, "rules", None) or []:
            if getattr(rule, "alert", None):
                yield rule


def rule_alerts(rules_dir: str = os.path.join(ROOT, "rules")) -> list:
    """Every AlertingRule of the rule groups and files under ``rules_dir``, in definition order."""
    definitions = load_definitions(
        python_files([rules_dir]) if os.path.isdir(rules_dir) else [], ROOT,
        lambda o: type(o).__name__ in ("RuleGroup", "RuleFile"),
    )
    alerts, seen = [], set()
    for definition in definitions:
        for rule in _alerting_rules(definition.obj):
            if id(rule) not in seen:
                seen.add(id(rule))
                alerts.append(rule)
    return alerts
