"""Loki ruler rules as code: alerting and recording rules whose ``expr`` is LogQL.

Compiled to ``build/loki/rules/<tenant>/<name>.yml``, the layout of the ruler's local storage
(``ruler.storage.local.directory``); the tenant is ``fake`` when ``auth_enabled`` is false.
The file format is Prometheus' (``groups``, ``rules``), so alerts route through Alertmanager
like any other: keep ``severity`` and the labels your routes match (``job``) in the result.

Example::

    LokiRuleFile(name="errors", groups=[LokiRuleGroup(name="log-errors", rules=[
        LokiAlertingRule(alert="HighErrorLogRate",
                         expr='sum by (job) (rate({job="api"} |= "ERROR" [5m])) > 1',
                         for_="5m", labels={"severity": "warning"},
                         annotations={"summary": "{{ $labels.job }} logs errors"}),
    ])])
"""

from __future__ import annotations

from typing import Any, ClassVar

import attr

from monitoring_as_code.loki.block import Block


@attr.s(auto_attribs=True, kw_only=True)
class LokiAlertingRule(Block):
    """An alert on a LogQL metric query; ``for_`` is written ``for``."""

    kind: ClassVar[str] = "LokiAlertingRule"

    alert: str
    expr: str
    for_: str | None = None
    keep_firing_for: str | None = None
    labels: dict[str, str] | None = None
    annotations: dict[str, str] | None = None

    @property
    def name(self) -> str:
        return self.alert

    def to_json_data(self) -> dict[str, Any]:
        data = super().to_json_data()
        if "for_" in data:
            data = {("for" if k == "for_" else k): v for k, v in data.items()}
        return data


@attr.s(auto_attribs=True, kw_only=True)
class LokiRecordingRule(Block):
    """A recording rule: the ruler writes the LogQL result as a metric through ``ruler.remote_write``."""

    kind: ClassVar[str] = "LokiRecordingRule"

    record: str
    expr: str
    labels: dict[str, str] | None = None

    @property
    def name(self) -> str:
        return self.record


@attr.s(auto_attribs=True, kw_only=True)
class LokiRuleGroup(Block):
    """A group of rules evaluated together every ``interval`` (default: the ruler's ``evaluation_interval``)."""

    kind: ClassVar[str] = "LokiRuleGroup"

    name: str
    interval: str | None = None
    limit: int | None = None
    rules: list[LokiAlertingRule | LokiRecordingRule] = attr.Factory(list)


@attr.s(auto_attribs=True, kw_only=True)
class LokiRuleFile(Block):
    """One ruler rule file for one tenant.

    :param name: the file name without ``.yml``
    :param tenant: the tenant (``X-Scope-OrgID``); ``fake`` when Loki runs with ``auth_enabled: false``
    """

    kind: ClassVar[str] = "LokiRuleFile"
    not_keys: ClassVar[tuple[str, ...]] = ("name", "tenant")

    name: str
    tenant: str = "fake"
    groups: list[LokiRuleGroup] = attr.Factory(list)

    @property
    def artifact(self) -> str:
        return f"loki/rules/{self.tenant}/{self.name}.yml"
