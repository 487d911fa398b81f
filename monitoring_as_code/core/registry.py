"""The targets, built explicitly from this list (no import-time side effects, no singleton).

Each entry is ``module:Class``; modules are imported on first use.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

from monitoring_as_code.core.target import Target

TARGETS: tuple[str, ...] = (
    # Before Prometheus rules: a Loki rule file also has `groups:`; Loki recognises only LogQL ones.
    "monitoring_as_code.loki.target:LokiTarget",
    "monitoring_as_code.promtail.target:PromtailTarget",
    "monitoring_as_code.alloy.target:AlloyTarget",
    "monitoring_as_code.grafana.datasources_target:DatasourcesTarget",
    "monitoring_as_code.prometheus.target:RulesTarget",
    "monitoring_as_code.alertmanager.target:AlertmanagerTarget",
    "monitoring_as_code.prometheus.server_target:ServerConfigTarget",
    "monitoring_as_code.grafana.target:DashboardsTarget",
    "monitoring_as_code.k6.target:K6Target",
    # Keep last: it converts the documents every target above compiled or derived.
    "monitoring_as_code.kubernetes.target:KubernetesTarget",
)


@cache
def all_targets() -> tuple[Target, ...]:
    targets = []
    for spec in TARGETS:
        module, _, cls = spec.partition(":")
        targets.append(getattr(importlib.import_module(module), cls)())
    return tuple(targets)


def target_for(obj: Any) -> Target | None:
    for target in all_targets():
        if target.accepts(obj):
            return target
    return None


def target_of_kind(kind: str) -> Target | None:
    for target in all_targets():
        if kind in target.kinds:
            return target
    return None
