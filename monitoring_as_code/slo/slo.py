"""An SLO: one objective that drives recording rules, burn-rate alerts, a dashboard and k6 thresholds.

``SLO`` is a plain model; it renders through the targets that already own each output:
:func:`slo_rule_file` gives a :class:`~monitoring_as_code.prometheus.RuleFile` (built, checked by
promtool and tested by the Prometheus target), :func:`slo_rule_tests` its promtool tests,
:func:`~monitoring_as_code.slo.dashboard.error_budget_dashboard` a Grafana dashboard, and
``LoadTest(slos=[...])`` k6 thresholds. Assign them at module level of a definition file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar

import attrs

from monitoring_as_code.core.resource import Resource
from monitoring_as_code.slo.burnrate import PAGE, PERIODS, TICKET, WINDOWS, BurnWindow
from monitoring_as_code.slo.sli import Availability, Latency

#: recorded series, sloth's naming: the SLI error ratio per window, and per-SLO metadata
ERROR_RATIO = "slo:sli_error:ratio_rate{window}"
OBJECTIVE = "slo:objective:ratio"
ERROR_BUDGET = "slo:error_budget:ratio"
PERIOD_ERROR_RATIO = "slo:sli_error:ratio_rate_period"
BUDGET_REMAINING = "slo:period_error_budget_remaining:ratio"
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _check_objective(_instance: Any, _attribute: Any, value: float) -> None:
    if not 0 < value < 100:
        raise ValueError(f"objective is a percentage strictly between 0 and 100 (e.g. 99.9), got {value}")


def _check_window(_instance: Any, _attribute: Any, value: str) -> None:
    if value not in PERIODS:
        raise ValueError(f"window must be one of {', '.join(PERIODS)}, got {value!r}")


def _camel(text: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", text) if part)


@attrs.define(kw_only=True)
class SLO(Resource):
    """A service level objective.

    :param service: the service (also a label of every recorded series and alert)
    :param sli: :class:`~monitoring_as_code.slo.sli.Availability` or :class:`~monitoring_as_code.slo.sli.Latency`
    :param objective: target share of good events in percent, e.g. ``99.9``
    :param window: the SLO period, ``30d`` or ``28d``
    :param name: unique name (default ``<service>-<availability|latency>``); the ``slo`` label
    :param description: what the objective promises, for annotations and the dashboard
    :param labels: extra labels on the alerts (e.g. ``team``)
    :param runbook_url: the runbook the alerts link to
    :param page_severity: severity of fast-burn alerts (routes to PagerDuty and Slack)
    :param ticket_severity: severity of slow-burn alerts (routes to Slack)
    """

    kind: ClassVar[str] = "SLO"
    service: str = attrs.field(validator=attrs.validators.instance_of(str))
    sli: Availability | Latency = attrs.field(validator=attrs.validators.instance_of((Availability, Latency)))
    objective: float = attrs.field(converter=float, validator=_check_objective)
    window: str = attrs.field(default="30d", validator=_check_window)
    name: str = ""
    description: str = ""
    labels: dict[str, str] = attrs.field(factory=dict)
    runbook_url: str | None = None
    page_severity: str = "critical"
    ticket_severity: str = "warning"

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if not self.name:
            self.name = f"{self.service}-{self.sli.kind}"
        if not _NAME.match(self.name):
            raise ValueError(f"SLO name {self.name!r}: use lower-case letters, digits and '-'")

    @property
    def ref(self) -> str:
        return f"SLO/{self.name}"

    @property
    def error_budget(self) -> float:
        """The share of events allowed to be bad, e.g. 0.001 for 99.9%."""
        return round(1 - self.objective / 100, 10)

    @property
    def slo_labels(self) -> dict[str, str]:
        return {"slo": self.name, "service": self.service}

    @property
    def alert_base(self) -> str:
        return _camel(self.name)

    def _selector(self) -> str:
        return f'{{slo="{self.name}"}}'

    def to_json_data(self) -> dict:  # for reference/debugging; outputs come from the helpers below
        return {"name": self.name, "service": self.service, "objective": self.objective, "window": self.window}

    # Recording rules --------------------------------------------------------------------------

    def recording_rules(self) -> list[Any]:
        """The SLI error ratio over every alert window, the objective, and the budget left this period."""
        from monitoring_as_code.prometheus import RecordingRule

        rules = [
            RecordingRule(ERROR_RATIO.format(window=w), self.sli.error_ratio(w), labels=self.slo_labels)
            for w in WINDOWS
        ]
        selector = self._selector()
        rules += [
            RecordingRule(OBJECTIVE, f"vector({self.objective / 100:g})", labels=self.slo_labels),
            RecordingRule(ERROR_BUDGET, f"vector({self.error_budget:g})", labels=self.slo_labels),
            RecordingRule(
                PERIOD_ERROR_RATIO,
                f"avg_over_time({ERROR_RATIO.format(window='5m')}{selector}[{self.window}])",
                labels=self.slo_labels,
            ),
            RecordingRule(
                BUDGET_REMAINING,
                f"1 - {PERIOD_ERROR_RATIO}{selector} / {self.error_budget:g}",
                labels=self.slo_labels,
            ),
        ]
        return rules

    # Alerts -----------------------------------------------------------------------------------

    def _burn_expr(self, windows: Iterable[BurnWindow]) -> str:
        selector = self._selector()
        parts = []
        for w in windows:
            bound = f"({w.factor(self.window):g} * {self.error_budget:g})"
            parts.append(
                f"(\n  {ERROR_RATIO.format(window=w.long)}{selector} > {bound}\n"
                f"  and\n  {ERROR_RATIO.format(window=w.short)}{selector} > {bound}\n)"
            )
        return "\nor\n".join(parts)

    @property
    def alert_name(self) -> str:
        """One name for the page and the ticket: Alertmanager inhibits the ticket (warning) while the
        page (critical) of the same alertname and job fires."""
        return f"{self.alert_base}ErrorBudgetBurn"

    def alert_labels(self, severity: str) -> dict[str, str]:
        return {"severity": severity, **self.slo_labels, **self.labels}

    def alert_annotations(self, fast: bool) -> dict[str, str]:
        windows = PAGE if fast else TICKET
        pace = " or ".join(f"{w.factor(self.window):g}x over {w.long} and {w.short}" for w in windows)
        what = self.description or f"{self.objective:g}% of {self.sli.describe()} over {self.window}"
        annotations = {
            "summary": f"{self.service}: {self.name} error budget burning {'fast' if fast else 'steadily'}",
            "description": (
                f"{self.service} ({{{{ $labels.job }}}}) is spending the error budget of its SLO ({what}) at "
                f"{pace} the sustainable rate; "
                + ("at this pace it is gone within days: act now." if fast else "it will run out before the period ends.")
            ),
        }
        if self.runbook_url:
            annotations["runbook_url"] = self.runbook_url
        return annotations

    def alerting_rules(self) -> list[Any]:
        """Page on a fast burn (critical), ticket on a slow one (warning)."""
        from monitoring_as_code.prometheus import AlertingRule

        return [
            AlertingRule(self.alert_name, self._burn_expr(PAGE), labels=self.alert_labels(self.page_severity),
                         annotations=self.alert_annotations(True)),
            AlertingRule(self.alert_name, self._burn_expr(TICKET), labels=self.alert_labels(self.ticket_severity),
                         annotations=self.alert_annotations(False)),
        ]

    def rule_groups(self) -> list[Any]:
        from monitoring_as_code.prometheus import RuleGroup

        return [
            RuleGroup(f"slo-{self.name}-sli", self.recording_rules()),
            RuleGroup(f"slo-{self.name}-alerts", self.alerting_rules()),
        ]

    # k6 ---------------------------------------------------------------------------------------

    def k6_thresholds(self, latency_metric: str, error_metric: str, tag: str | None) -> list[tuple[str, str, float]]:
        """``[(metric, expression, bound)]`` for a load test (see ``LoadTest(slos=...)``)."""
        metric, expression, bound = self.sli.k6_threshold(self.objective, latency_metric, error_metric)
        if tag:
            metric = f"{metric}{{{tag}:{self.service}}}"
        return [(metric, expression, bound)]


def slo_rule_file(slos: Iterable[SLO], name: str = "slos") -> Any:
    """One rule file with two groups per SLO (SLI recordings, burn-rate alerts)."""
    from monitoring_as_code.prometheus import RuleFile

    slos = list(slos)
    names = [s.name for s in slos]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"SLO names must be unique, repeated: {', '.join(duplicates)}")
    return RuleFile([g for slo in slos for g in slo.rule_groups()], name=name)
