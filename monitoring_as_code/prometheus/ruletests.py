"""Rule unit tests as Python objects, compiled to promtool test files.

A :class:`RuleTest` is one promtool test group: input series in promtool's expanding
notation, the alerts expected at given evaluation times, and PromQL results expected at
given times. ``mac test`` runs them all through ``promtool test rules``.

The names avoid a ``Test`` prefix so pytest never collects them from users' test modules.
"""

from __future__ import annotations

from typing import Any, ClassVar

import attr

from monitoring_as_code.core.resource import Resource
from monitoring_as_code.prometheus.durations import validate_duration
from monitoring_as_code.prometheus.names import LABEL_HINT, label_name_error
from monitoring_as_code.prometheus.promql import validate_expr
from monitoring_as_code.prometheus.series import HINT as SERIES_HINT
from monitoring_as_code.prometheus.series import series_error, values_error


def _str_map(field: str) -> Any:
    def check(_obj: Any, _attribute: Any, value: Any) -> None:
        if not isinstance(value, dict):
            raise TypeError(f"{field} must be a dict of strings, got {type(value).__name__}")
        for key, text in value.items():
            error = label_name_error(key, "label" if "label" in field else "annotation")
            if error:
                raise ValueError(f"{field}: {error}; {LABEL_HINT}")
            if not isinstance(text, str):
                raise TypeError(f"{field}[{key!r}] must be a string, got {type(text).__name__}")

    return check


def _duration(field: str, optional: bool = False) -> Any:
    def check(_obj: Any, _attribute: Any, value: Any) -> None:
        if value is None and optional:
            return
        if not isinstance(value, str):
            raise TypeError(f"{field} must be a duration string such as '5m', got {value!r}")
        validate_duration(value, field)

    return check


def _list_of(field: str, cls: type) -> Any:
    def check(_obj: Any, _attribute: Any, value: Any) -> None:
        for index, item in enumerate(value):
            if not isinstance(item, cls):
                raise TypeError(f"{field}[{index}] must be a {cls.__name__}, got {type(item).__name__}")

    return check


def _check_series(_obj: Any, _attribute: Any, value: Any) -> None:
    error = series_error(value)
    if error:
        raise ValueError(f"series: {error}")


def _check_values(_obj: Any, _attribute: Any, value: Any) -> None:
    error = values_error(value)
    if error:
        raise ValueError(f"values: {error}; {SERIES_HINT}")


@attr.s(auto_attribs=True, slots=False)
class Series(Resource):
    """One input series of a rule test.

    :param series: the metric and its labels, e.g. ``'up{job="api-gateway"}'``
    :param values: samples, one per ``interval``, in promtool's notation: ``'0+10x5 50+0x5 _ stale'``
    """

    kind: ClassVar[str] = "Series"
    series: str = attr.ib(validator=_check_series)
    values: str = attr.ib(validator=_check_values)

    def to_json_data(self) -> dict[str, Any]:
        return {"series": self.series, "values": self.values}


@attr.s(auto_attribs=True, slots=False)
class ExpectedAlert(Resource):
    """An alert expected to fire, with all its labels (the expression's and the rule's, not ``alertname``) and
    its annotations as rendered.

    :param labels: every label of the alert except ``alertname``, e.g. ``{"job": "api", "severity": "critical"}``
    :param annotations: every annotation, as rendered
    """

    kind: ClassVar[str] = "ExpectedAlert"
    labels: dict[str, str] = attr.ib(factory=dict, validator=_str_map("labels"))
    annotations: dict[str, str] = attr.ib(factory=dict, validator=_str_map("annotations"))

    def to_json_data(self) -> dict[str, Any]:
        return {"exp_labels": dict(self.labels) or None, "exp_annotations": dict(self.annotations) or None}


@attr.s(auto_attribs=True, slots=False)
class AlertExpectation(Resource):
    """The alerts named ``alertname`` firing at ``eval_time``: exactly ``alerts`` (empty: none firing).

    :param eval_time: time since the start of the series, e.g. ``"5m"``
    :param alertname: the alert checked
    :param alerts: the firing alerts expected; pending alerts do not count
    """

    kind: ClassVar[str] = "AlertExpectation"
    eval_time: str = attr.ib(validator=_duration("eval_time"))
    alertname: str = attr.ib(validator=attr.validators.instance_of(str))
    alerts: list[ExpectedAlert] = attr.ib(factory=list, converter=list, validator=_list_of("alerts", ExpectedAlert))

    def to_json_data(self) -> dict[str, Any]:
        return {"eval_time": self.eval_time, "alertname": self.alertname, "exp_alerts": list(self.alerts)}


@attr.s(auto_attribs=True, slots=False)
class ExpectedSample(Resource):
    """One sample a PromQL expectation must return.

    :param labels: the series, e.g. ``'job:up:sum{job="api"}'`` (``'{job="api"}'`` when the name is dropped)
    :param value: its value
    """

    kind: ClassVar[str] = "ExpectedSample"
    labels: str = attr.ib(validator=attr.validators.instance_of(str))
    value: float = attr.ib(validator=attr.validators.instance_of((int, float)))

    def to_json_data(self) -> dict[str, Any]:
        return {"labels": self.labels, "value": self.value}


@attr.s(auto_attribs=True, slots=False)
class PromqlExpectation(Resource):
    """``expr`` evaluated at ``eval_time`` returns exactly ``samples`` (in any order).

    :param expr: a PromQL expression, typically a recording rule's name or an alert's expression
    :param eval_time: time since the start of the series
    :param samples: the expected samples; empty means an empty result
    """

    kind: ClassVar[str] = "PromqlExpectation"
    expr: str = attr.ib(validator=lambda o, a, v: validate_expr(v, "expr"))
    eval_time: str = attr.ib(validator=_duration("eval_time"))
    samples: list[ExpectedSample] = attr.ib(factory=list, converter=list, validator=_list_of("samples", ExpectedSample))

    def to_json_data(self) -> dict[str, Any]:
        return {"expr": self.expr, "eval_time": self.eval_time, "exp_samples": list(self.samples)}


def _check_rules_ref(_obj: Any, _attribute: Any, value: Any) -> None:
    from monitoring_as_code.prometheus.rules import RuleFile, RuleGroup

    if value is not None and not isinstance(value, (RuleFile, RuleGroup)):
        raise TypeError(f"rules must be the RuleFile or RuleGroup under test, got {type(value).__name__}")


def _check_name(_obj: Any, _attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("name: give the test a name that says what it shows, e.g. 'ServiceDown fires after 1m'")


@attr.s(auto_attribs=True, slots=False)
class RuleTest(Resource):
    """One promtool test group.

    :param name: what the test shows, e.g. ``"HighErrorRate stays silent without traffic"``
    :param input_series: the series loaded before evaluation
    :param alerts: alert expectations
    :param promql: PromQL expectations
    :param interval: time between two samples of ``input_series`` (and rule evaluations)
    :param rules: the RuleFile or RuleGroup under test (default: the rule file of the same definition file)
    :param external_labels: ``$externalLabels`` for templates
    :param external_url: ``$externalURL`` for templates
    """

    kind: ClassVar[str] = "RuleTest"
    name: str = attr.ib(validator=_check_name)
    input_series: list[Series] = attr.ib(converter=list, validator=_list_of("input_series", Series))
    alerts: list[AlertExpectation] = attr.ib(
        factory=list, converter=list, kw_only=True, validator=_list_of("alerts", AlertExpectation)
    )
    promql: list[PromqlExpectation] = attr.ib(
        factory=list, converter=list, kw_only=True, validator=_list_of("promql", PromqlExpectation)
    )
    interval: str = attr.ib(default="1m", kw_only=True, validator=_duration("interval"))
    rules: Any = attr.ib(default=None, kw_only=True, validator=_check_rules_ref, eq=False, repr=False)
    external_labels: dict[str, str] | None = attr.ib(default=None, kw_only=True)
    external_url: str | None = attr.ib(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if not self.alerts and not self.promql:
            raise ValueError(f"test {self.name!r} expects nothing: add alerts=[AlertExpectation(...)] or promql=[...]")

    def to_json_data(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "interval": self.interval,
            "external_labels": self.external_labels,
            "external_url": self.external_url,
            "input_series": list(self.input_series),
            "alert_rule_test": list(self.alerts) or None,
            "promql_expr_test": list(self.promql) or None,
        }
