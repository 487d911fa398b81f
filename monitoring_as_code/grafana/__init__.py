"""Grafana: dashboards as code, their checks, import from JSON, and publishing over the HTTP API.

Names are resolved lazily (PEP 562) so ``import monitoring_as_code.grafana.target`` stays cheap:
``mac check`` imports every target, and grafanalib, requests and jsonschema must load only when
a verb needs them.
"""

from __future__ import annotations

from monitoring_as_code.core.lazy import lazy_exports

_EXPORTS = {
    "Folder": "monitoring_as_code.grafana.model",
    "DashboardDefinition": "monitoring_as_code.grafana.model",
    "dashboard": "monitoring_as_code.grafana.model",
    "GENERAL_FOLDER_UID": "monitoring_as_code.grafana.model",
    "auto_grid": "monitoring_as_code.grafana.layout",
    "Row": "monitoring_as_code.grafana.layout",
    "stable_uid": "monitoring_as_code.grafana.uid",
    "red_panels": "monitoring_as_code.grafana.panels",
    "use_panels": "monitoring_as_code.grafana.panels",
    "timeseries": "monitoring_as_code.grafana.panels",
    "stat": "monitoring_as_code.grafana.panels",
    "gauge": "monitoring_as_code.grafana.panels",
    "bargauge": "monitoring_as_code.grafana.panels",
    "table": "monitoring_as_code.grafana.panels",
    "logs": "monitoring_as_code.grafana.panels",
    "prometheus_target": "monitoring_as_code.grafana.panels",
    "loki_target": "monitoring_as_code.grafana.panels",
    "job_variable": "monitoring_as_code.grafana.variables",
    "instance_variable": "monitoring_as_code.grafana.variables",
    "datasource_variable": "monitoring_as_code.grafana.variables",
    "query_variable": "monitoring_as_code.grafana.variables",
    "GrafanaClient": "monitoring_as_code.grafana.client",
}

__all__ = [
    "GENERAL_FOLDER_UID",
    "DashboardDefinition",
    "Folder",
    "GrafanaClient",
    "Row",
    "auto_grid",
    "bargauge",
    "dashboard",
    "datasource_variable",
    "gauge",
    "instance_variable",
    "job_variable",
    "logs",
    "loki_target",
    "prometheus_target",
    "query_variable",
    "red_panels",
    "stable_uid",
    "stat",
    "table",
    "timeseries",
    "use_panels",
]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
