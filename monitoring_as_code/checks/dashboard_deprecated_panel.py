"""``dashboard/deprecated-panel``: Angular panels (graph, singlestat, table-old and the old plugin
panels) are removed in Grafana 11/12: dashboards using them stop rendering after an upgrade.

A warning on raw JSON given to ``mac check`` (an exported dashboard still renders on the Grafana it
came from), a bug on dashboards we compile: our output must only hold panels current Grafana renders,
so ``mac build`` refuses a grafanalib ``Graph`` or ``SingleStat``."""

from __future__ import annotations

from monitoring_as_code.checks._grafana import panels
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
    "flant-statusmap-panel": "status-history",
    "grafana-clock-panel": "text",
}


class DashboardDeprecatedPanelCheck(Check):
    """Panels of removed/deprecated Angular types: a bug in compiled output, a warning in raw JSON."""

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
                Severity.BUG if doc.compiled else None,
            )
            for path, panel in panels(doc)
            if panel.get("type") in REPLACEMENTS
        ]
