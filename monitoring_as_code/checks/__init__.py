"""The catalogue of semantic checks: one module per check, listed in ``ALL_CHECKS``.

Each check module defines a subclass of :class:`monitoring_as_code.checks.base.Check`. They run
on Documents, so Python definitions and raw YAML/JSON files are checked alike.
"""

from __future__ import annotations

import importlib
from functools import cache

from monitoring_as_code.checks.base import Check

#: ``module:Class`` of every check, in report order.
ALL_CHECKS: tuple[str, ...] = (
    "alerts_absent:AlertsAbsentCheck",
    "alerts_annotations:AlertsAnnotationsCheck",
    "alerts_condition:AlertsConditionCheck",
    "alerts_for:AlertsForCheck",
    "alerts_for_interval:AlertsForIntervalCheck",
    "alerts_labels:AlertsLabelsCheck",
    "alerts_template:AlertsTemplateCheck",
    "alerts_template_syntax:AlertsTemplateSyntaxCheck",
    "alerts_value_label:AlertsValueLabelCheck",
    "promql_aggregation:PromqlAggregationCheck",
    "promql_counter:PromqlCounterCheck",
    "promql_division:PromqlDivisionCheck",
    "promql_histogram_quantile:PromqlHistogramQuantileCheck",
    "promql_range:PromqlRangeCheck",
    "promql_rate:PromqlRateCheck",
    "promql_regexp:PromqlRegexpCheck",
    "rule_duplicate:RuleDuplicateCheck",
    "rule_external_labels:RuleExternalLabelsCheck",
    "rule_missing:RuleMissingCheck",
    "rule_name:RuleNameCheck",
    "rule_record_template:RuleRecordTemplateCheck",
    "rule_unused:RuleUnusedCheck",
    "dashboard_datasource_name:DashboardDatasourceNameCheck",
    "dashboard_deprecated_panel:DashboardDeprecatedPanelCheck",
    "dashboard_rate_interval:DashboardRateIntervalCheck",
    "dashboard_recording_rule:DashboardRecordingRuleCheck",
    "dashboard_unit:DashboardUnitCheck",
    "alertmanager_inhibit_self:AlertmanagerInhibitSelfCheck",
    "alertmanager_severity_receiver:AlertmanagerSeverityReceiverCheck",
    "alertmanager_unreachable_route:AlertmanagerUnreachableRouteCheck",
    "logql_selector:LogqlSelectorCheck",
    "promtail_labels:PromtailLabelsCheck",
)


@cache
def all_checks() -> tuple[Check, ...]:
    checks = []
    for spec in ALL_CHECKS:
        module, _, cls = spec.partition(":")
        checks.append(getattr(importlib.import_module(f"monitoring_as_code.checks.{module}"), cls)())
    return tuple(checks)
