"""``dashboard/unit``: a number without a unit ("0.25": seconds? ratio? requests?) is read wrong
at 3 a.m. Time series, stat, gauge and bar gauge panels should say what they show."""

from __future__ import annotations

from monitoring_as_code.checks._data import as_dict, as_list
from monitoring_as_code.checks._grafana import panels
from monitoring_as_code.checks.base import Check
from monitoring_as_code.core.problem import Severity

NAME = "dashboard/unit"
_NUMERIC_PANELS = frozenset({"timeseries", "stat", "gauge", "bargauge", "graph", "singlestat", "trend", "xychart"})


def has_unit(panel: dict) -> bool:
    field_config = as_dict(panel.get("fieldConfig"))
    defaults = as_dict(field_config.get("defaults"))
    if defaults.get("unit") or defaults.get("mappings"):
        return True  # value mappings show text ("UP"/"DOWN"), not a number
    for override in as_list(field_config.get("overrides")):
        for prop in as_list(as_dict(override).get("properties")):
            if isinstance(prop, dict) and prop.get("id") == "unit" and prop.get("value"):
                return True
    if panel.get("format"):  # singlestat
        return True
    axes = panel.get("yaxes")  # graph
    return bool(isinstance(axes, list) and axes and isinstance(axes[0], dict) and axes[0].get("format"))


class DashboardUnitCheck(Check):
    """Numeric panels without a unit (``fieldConfig.defaults.unit``, or an override setting one);
    panels whose values are mapped to text are exempt."""

    name = NAME
    severity = Severity.WARNING
    kinds = ("grafana/dashboard",)

    def check(self, doc, ctx):
        return [
            self.problem(
                doc,
                path,
                f"{panel.get('type')} panel {panel.get('title') or panel.get('id')!r} has no unit",
                'set fieldConfig.defaults.unit (e.g. "s", "percentunit", "reqps", "bytes"; "none" or "short" for plain'
                " counts)",
            )
            for path, panel in panels(doc)
            if panel.get("type") in _NUMERIC_PANELS and panel.get("targets") and not has_unit(panel)
        ]
