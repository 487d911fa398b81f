"""The error-budget dashboard: for each SLO, budget left, SLI over the period, burn rates, SLI over time.

It reads only the series the SLO's recording rules store, so it stays cheap however long the
period, and uses the Grafana target's helpers (``dashboard``, ``Row``, ``stat``, ``timeseries``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from monitoring_as_code.slo.burnrate import PAGE
from monitoring_as_code.slo.slo import (
    BUDGET_REMAINING,
    ERROR_BUDGET,
    ERROR_RATIO,
    OBJECTIVE,
    PERIOD_ERROR_RATIO,
    SLO,
)


def slo_panels(slo: SLO) -> Any:
    """A row of four panels for one SLO."""
    from monitoring_as_code.grafana import Row, prometheus_target, stat, timeseries

    selector = f'{{slo="{slo.name}"}}'
    budget = f"{slo.error_budget:g}"
    per_budget = f" / on (slo) group_left () {ERROR_BUDGET}{selector}"
    objective = slo.objective / 100
    fast, slow = PAGE[0].factor(slo.window), PAGE[1].factor(slo.window)
    return Row(f"{slo.name}: {slo.objective:g}% over {slo.window}", [
        stat("Error budget left", f"{BUDGET_REMAINING}{selector}", legend="{{job}}", unit="percentunit",
             thresholds=[(None, "red"), (0.25, "orange"), (0.5, "green")], size=(6, 6),
             description=f"Share of the {slo.window} error budget ({budget} of events) not yet spent."),
        stat(f"SLI over {slo.window}", f"1 - {PERIOD_ERROR_RATIO}{selector}", legend="{{job}}", unit="percentunit",
             thresholds=[(None, "red"), (objective, "green")], size=(6, 6),
             description=f"Objective: {slo.objective:g}% of {slo.sli.describe()}."),
        timeseries("Burn rate",
                   prometheus_target(f"{ERROR_RATIO.format(window='1h')}{selector}{per_budget}", "1h {{job}}"),
                   prometheus_target(f"{ERROR_RATIO.format(window='6h')}{selector}{per_budget}", "6h {{job}}"),
                   unit="x", min_value=0, thresholds=[(None, "green"), (slow, "orange"), (fast, "red")], size=(12, 6),
                   description=f"1x spends exactly the budget over {slo.window}; pages at {fast:g}x (1h) and {slow:g}x (6h)."),
        timeseries("SLI over time", prometheus_target(f"1 - {ERROR_RATIO.format(window='5m')}{selector}", "{{job}}"),
                   prometheus_target(f"{OBJECTIVE}{selector}", "objective"),
                   unit="percentunit", max_value=1, thresholds=[(None, "red"), (objective, "green")], size=(24, 6),
                   description=f"Share of {slo.sli.describe()} over 5 minutes, and the objective."),
    ])


def error_budget_dashboard(
    slos: Iterable[SLO], title: str = "SLOs and error budgets", uid: str = "slo-error-budgets",
    folder: Any = None, tags: Iterable[str] = ("slo",), links: Iterable[dict] = (),
) -> Any:
    """One dashboard with a row per SLO.

    :param slos: the SLOs
    :param title: dashboard title
    :param uid: dashboard uid (at most 40 characters)
    :param folder: Grafana folder
    :param tags: dashboard tags
    :param links: dashboard links
    """
    from monitoring_as_code.grafana import dashboard

    if len(uid) > 40:
        raise ValueError(f"dashboard uid {uid!r} is {len(uid)} characters; Grafana allows at most 40")
    slos = list(slos)
    return dashboard(
        title, [slo_panels(s) for s in slos], uid=uid, folder=folder, tags=tags, links=links, time_from="now-7d",
        description="Error budgets of " + ", ".join(s.name for s in slos) + ": budget left, SLI, burn rates.",
    )
