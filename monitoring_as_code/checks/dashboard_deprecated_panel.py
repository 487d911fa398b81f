"""``dashboard/deprecated-panel``: Angular panels (graph, singlestat, table-old and the old plugin
panels) are removed in Grafana 11/12: dashboards using them stop rendering after an upgrade."""

from __future__ import annotations

from monitoring_as_code.checks._grafana import iter_panels
from monitoring_as_code.checks.base import Check
from monitoring_as_code.core.problem import Severity

NAME = "dashboard/deprecated-panel"
REPLACEMENTS = {
    "graph": "timeseries",
    "singlestat": "stat",
    "grafana-singlestat-panel": "stat",
    "table-old": "table",
    "grafana-piechart-panel": "piechart",
    "grafana-worldmap-panel": "geomap",
    "grafana-polystat-panel": "stat or polystat (React version)",
    "natel-discrete-panel": "state-timeline",
    "michaeldmoore-annunciator-panel": "stat",
    "heatmap-old": "heatmap",
}


class DashboardDeprecatedPanelCheck(Check):
    """Panels of removed/deprecated Angular types."""

    name = NAME
    severity = Severity.WARNING
    kinds = ("grafana/dashboard",)

    def check(self, doc, ctx):
        return [
            self.problem(
                doc,
                path + ("type",),
                f"panel {panel.get('title') or panel.get('id')!r} uses the deprecated {panel['type']!r} panel type,"
                " which recent Grafana versions no longer render",
                f"use the {REPLACEMENTS[panel['type']]!r} panel",
            )
            for path, panel in iter_panels(doc.data)
            if panel.get("type") in REPLACEMENTS
        ]
