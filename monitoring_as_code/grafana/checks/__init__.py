"""Checks on every dashboard, compiled or raw JSON, each reported at a file:line and object path.

=========================== ======================================================================
``dashboard/schema``        the JSON schema of what we emit (``schemas/grafana-dashboard.schema.json``)
``dashboard/uid``           Grafana's uid rules; uids unique across the repo
``dashboard/title``         title not blank, at most 5000 characters
``dashboard/panel-id``      panel ids unique
``dashboard/grid``          gridPos inside 24 columns, panels not overlapping
``dashboard/deprecated-panel`` Angular/retired panel types, with their replacement
``dashboard/promql``        every Prometheus target parses (Grafana variables substituted)
``dashboard/variable``      every ``$var`` used is defined (or a Grafana built-in)
``dashboard/datasource``    every datasource uid exists among the datasource definitions
``dashboard/folder``        one folder uid, one title
``alerts/dashboard-link``   alert annotations linking ``/d/<uid>`` resolve to a dashboard of the repo
=========================== ======================================================================
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from monitoring_as_code.core.document import Document
    from monitoring_as_code.core.problem import Problem
    from monitoring_as_code.core.target import Context


def dashboard_root(doc: Document) -> tuple[tuple, Any]:
    """Where the dashboard model is in ``doc``: the whole document, or ``dashboard`` of an API envelope."""
    data = doc.data
    if isinstance(data, dict) and isinstance(data.get("dashboard"), dict) and isinstance(data.get("meta"), dict):
        return ("dashboard",), data["dashboard"]
    return (), data


def dashboard_panels(doc: Document | None, root: tuple, data: dict) -> list[tuple[tuple, dict]]:
    """``(path, panel)`` of every panel of ``data`` (rows' and legacy rows' panels included), listed once
    per document and run: these checks and the semantic-check catalogue's dashboard checks all read them.

    :param doc: the dashboard's document (``None``: walk without keeping the list)
    """
    from monitoring_as_code.checks._grafana import panel_list, panels

    if doc is None:
        return panel_list(data, root)
    if not root and data is doc.data:
        return panels(doc)  # the catalogue's memo: the same list
    memo = doc.extra.setdefault("grafana.dashboard_panels", {})
    key = (id(data), root)
    if key not in memo:
        memo[key] = (data, panel_list(data, root))  # data kept so the id stays its own
    return memo[key][1]


def panel_label(panel: dict) -> str:
    title = panel.get("title")
    return f'panel "{title}"' if isinstance(title, str) and title else f"panel id {panel.get('id', '?')}"


def check_dashboard(doc: Document, ctx: Context) -> list[Problem]:
    """Every per-dashboard check on one document."""
    from monitoring_as_code.grafana.checks import (
        datasource_refs,
        grid,
        identity,
        queries,
        schema,
        template_vars,
    )

    root, data = dashboard_root(doc)
    problems = schema.check(doc, root, data)
    if not isinstance(data, dict):
        return problems
    elsewhere = catalogued_names()
    problems.extend(grid.check(doc, root, data, ctx, skip=elsewhere))
    for module in (identity, queries, template_vars, datasource_refs):
        if module.NAME not in elsewhere:
            problems.extend(module.check(doc, root, data, ctx))
    return problems


@cache
def catalogued_names() -> frozenset[str]:
    """Names of the checks in ``monitoring_as_code.checks.ALL_CHECKS``.

    The semantic-check catalogue may implement a dashboard check too (``dashboard/variable``...);
    the catalogue's version then runs and ours stays quiet, so no finding is reported twice.
    """
    from monitoring_as_code.checks import all_checks

    return frozenset(check.name for check in all_checks())


def check_across(ctx: Context) -> list[Problem]:
    """Checks over all documents: duplicate uids, folder consistency, alert links to dashboards."""
    from monitoring_as_code.grafana.checks import alert_links, identity

    return identity.check_across(ctx) + alert_links.check(ctx)
