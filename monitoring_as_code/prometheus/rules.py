"""Prometheus rules as Python objects: alerting and recording rules, groups and rule files.

Every object checks itself when built (a ``ValueError``/``TypeError`` at the user's line) and
renders with ``to_json_data()`` to exactly the keys Prometheus reads, in its customary order.
"""

from __future__ import annotations

import textwrap
from typing import Any, ClassVar

import attr

from monitoring_as_code.core.resource import Resource
from monitoring_as_code.prometheus.durations import validate_duration
from monitoring_as_code.prometheus.names import (
    LABEL_HINT,
    METRIC_HINT,
    label_name_error,
    metric_name_error,
)
from monitoring_as_code.prometheus.promql import validate_expr
from monitoring_as_code.prometheus.templates import validate_template


def _normalize_expr(expr: Any) -> Any:
    """A triple-quoted expression starting on its own line loses its common indent and outer blank lines."""
    if isinstance(expr, str) and expr.startswith("\n"):
        return textwrap.dedent(expr).strip()
    return expr


def _check_str(field: str, value: Any) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{field} must be a string, got {type(value).__name__} {value!r}")


def _check_duration(field: str) -> Any:
    def check(_obj: Any, _attribute: Any, value: Any) -> None:
        if value is not None:
            _check_str(field, value)
            validate_duration(value, field)

    return check


def _check_mapping(field: str, what: str, templates: bool) -> Any:
    def check(_obj: Any, _attribute: Any, value: Any) -> None:
        if not isinstance(value, dict):
            raise TypeError(f"{field} must be a dict of strings, got {type(value).__name__}")
        for key, text in value.items():
            error = label_name_error(key, what)
            if error:
                raise ValueError(f"{field}: {error}; {LABEL_HINT}")
            _check_str(f"{field}[{key!r}]", text)
            if templates:
                validate_template(text, f"{field}[{key!r}]")

    return check


def _check_expr(_obj: Any, _attribute: Any, value: Any) -> None:
    _check_str("expr", value)
    validate_expr(value)


@attr.s(auto_attribs=True, slots=False, eq=True)
class AlertingRule(Resource):
    """An alerting rule.

    :param alert: the alert's name (``alertname``), e.g. ``ServiceDown``
    :param expr: the PromQL expression; every series it returns is a pending or firing alert
    :param for_: how long the expression must be true before the alert fires (``for:``), e.g. ``"5m"``
    :param keep_firing_for: how long the alert keeps firing after the expression stops returning it
    :param labels: labels added to the alert (may use templates), e.g. ``{"severity": "critical"}``
    :param annotations: ``summary``, ``description``, ``runbook_url``... (Go templates:
        ``{{ $labels.job }}``, ``{{ $value | humanize }}``)
    """

    kind: ClassVar[str] = "AlertingRule"

    alert: str = attr.ib(validator=lambda o, a, v: _check_alert_name(v))
    expr: str = attr.ib(converter=_normalize_expr, validator=_check_expr)
    for_: str | None = attr.ib(default=None, kw_only=True, validator=_check_duration("for"))
    keep_firing_for: str | None = attr.ib(default=None, kw_only=True, validator=_check_duration("keep_firing_for"))
    labels: dict[str, str] = attr.ib(factory=dict, kw_only=True, validator=_check_mapping("labels", "label", True))
    annotations: dict[str, str] = attr.ib(
        factory=dict, kw_only=True, validator=_check_mapping("annotations", "annotation", True)
    )

    @property
    def name(self) -> str:
        return self.alert

    def to_json_data(self) -> dict[str, Any]:
        return {
            "alert": self.alert,
            "expr": self.expr,
            "for": self.for_,
            "keep_firing_for": self.keep_firing_for,
            "labels": dict(self.labels) or None,
            "annotations": dict(self.annotations) or None,
        }


def _check_alert_name(value: Any) -> None:
    _check_str("alert", value)
    if not value.strip():
        raise ValueError("alert: the alert name must not be empty; name it in CamelCase, e.g. ServiceDown")


def _check_record(_obj: Any, _attribute: Any, value: Any) -> None:
    _check_str("record", value)
    error = metric_name_error(value)
    if error:
        raise ValueError(f"record: {error}; {METRIC_HINT}")


@attr.s(auto_attribs=True, slots=False, eq=True)
class RecordingRule(Resource):
    """A recording rule: stores the result of ``expr`` as new series named ``record``.

    :param record: the new metric name, by convention ``level:metric:operations``
        (``job:http_server_requests_seconds_count:rate5m``)
    :param expr: the PromQL expression
    :param labels: labels added to every stored series (no templates)
    """

    kind: ClassVar[str] = "RecordingRule"

    record: str = attr.ib(validator=_check_record)
    expr: str = attr.ib(converter=_normalize_expr, validator=_check_expr)
    labels: dict[str, str] = attr.ib(factory=dict, kw_only=True, validator=_check_mapping("labels", "label", False))

    @property
    def name(self) -> str:
        return self.record

    def to_json_data(self) -> dict[str, Any]:
        return {"record": self.record, "expr": self.expr, "labels": dict(self.labels) or None}


Rule = AlertingRule | RecordingRule


def _check_rules(_obj: Any, _attribute: Any, value: Any) -> None:
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"rules must be a list of AlertingRule/RecordingRule, got {type(value).__name__}")
    # Duplicate rules are reported by `mac check` (a warning, as promtool's lint), not refused here.
    for index, rule in enumerate(value):
        if not isinstance(rule, (AlertingRule, RecordingRule)):
            raise TypeError(f"rules[{index}] must be an AlertingRule or RecordingRule, got {type(rule).__name__}")


def _check_group_name(_obj: Any, _attribute: Any, value: Any) -> None:
    _check_str("name", value)
    if not value.strip():
        raise ValueError("name: a rule group needs a name, e.g. 'service-alerts'")


def _check_limit(_obj: Any, _attribute: Any, value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise ValueError(f"limit must be a non-negative integer (0: no limit), got {value!r}")


@attr.s(auto_attribs=True, slots=False, eq=True)
class RuleGroup(Resource):
    """A group of rules evaluated together, in order, every ``interval``.

    :param name: the group's name, unique in its rule file
    :param rules: the rules, evaluated in this order
    :param interval: evaluation interval (default: Prometheus' ``evaluation_interval``)
    :param limit: the most alerts or series one evaluation may produce (0: no limit)
    :param query_offset: evaluate that much in the past (Prometheus 2.53+)
    """

    kind: ClassVar[str] = "RuleGroup"

    name: str = attr.ib(validator=_check_group_name)
    rules: list[Rule] = attr.ib(converter=list, validator=_check_rules)
    interval: str | None = attr.ib(default=None, kw_only=True, validator=_check_duration("interval"))
    limit: int | None = attr.ib(default=None, kw_only=True, validator=_check_limit)
    query_offset: str | None = attr.ib(default=None, kw_only=True, validator=_check_duration("query_offset"))

    def to_json_data(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "interval": self.interval,
            "limit": self.limit,
            "query_offset": self.query_offset,
            "rules": list(self.rules),
        }


def _check_groups(_obj: Any, _attribute: Any, value: Any) -> None:
    names: dict[str, int] = {}
    for index, group in enumerate(value):
        if not isinstance(group, RuleGroup):
            raise TypeError(f"groups[{index}] must be a RuleGroup, got {type(group).__name__}")
        if group.name in names:
            raise ValueError(
                f"groups[{index}]: group name {group.name!r} is already used by groups[{names[group.name]}]; "
                "group names must be unique in a rule file"
            )
        names[group.name] = index


def _check_file_name(_obj: Any, _attribute: Any, value: Any) -> None:
    if value is not None:
        _check_str("name", value)
        if not value or "/" in value or value.startswith(".") or value.endswith((".yml", ".yaml")):
            raise ValueError(
                f"name {value!r}: give the rule file's base name without folder or extension, e.g. 'services'"
            )


@attr.s(auto_attribs=True, slots=False, eq=True)
class RuleFile(Resource):
    """A rule file: written to ``build/prometheus/rules/<name>.yml``.

    :param groups: the groups, in order
    :param name: the file's base name (default: the definition file's name, e.g. ``services``)
    """

    kind: ClassVar[str] = "RuleFile"

    groups: list[RuleGroup] = attr.ib(converter=list, validator=_check_groups)
    name: str | None = attr.ib(default=None, kw_only=True, validator=_check_file_name)

    def to_json_data(self) -> dict[str, Any]:
        return {"groups": list(self.groups)}
