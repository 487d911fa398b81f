"""A k6 load test's options: scenarios, thresholds (explicit or derived from SLOs), custom metrics.

``LoadTest("load", scenarios=[...], slos=[...])`` compiles to ``build/k6/load.options.json``, the
``options`` object a k6 script uses (``k6 run --config build/k6/load.options.json script.js``, or
``export const options = JSON.parse(open('./build/k6/load.options.json'))`` in the script).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

import attrs

from monitoring_as_code.core.resource import Resource
from monitoring_as_code.k6.durations import format_duration
from monitoring_as_code.k6.scenarios import Scenario
from monitoring_as_code.k6.thresholds import parse_metric_name, parse_threshold

#: k6's default summaryTrendStats; percentiles used by thresholds are added so summaries carry them
DEFAULT_TREND_STATS = ("avg", "min", "med", "max", "p(90)", "p(95)")


@attrs.define(kw_only=True)
class Threshold(Resource):
    """A threshold with k6's abort options; a plain string is enough otherwise.

    :param threshold: the expression, e.g. ``p(95)<500``
    :param abort_on_fail: stop the test as soon as it fails
    :param delay_abort_eval: wait this long into the test before an abort may happen
    """

    kind: ClassVar[str] = "Threshold"
    threshold: str = attrs.field(validator=attrs.validators.instance_of(str))
    abort_on_fail: bool = False
    delay_abort_eval: str | None = attrs.field(default=None, converter=lambda v: None if v is None else format_duration(v))

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        parse_threshold(self.threshold)

    def to_json_data(self) -> Any:
        if not self.abort_on_fail and self.delay_abort_eval is None:
            return self.threshold
        data: dict[str, Any] = {"threshold": self.threshold, "abortOnFail": self.abort_on_fail}
        if self.delay_abort_eval is not None:
            data["delayAbortEval"] = self.delay_abort_eval
        return data


def _expression(item: str | Threshold) -> str:
    return item.threshold if isinstance(item, Threshold) else item


@attrs.define(kw_only=True)
class CustomMetric(Resource):
    """A custom metric the script creates (``new Rate('errors')``), with its thresholds.

    :param name: the metric name used in the script
    :param thresholds: expressions (or :class:`Threshold`) on this metric
    """

    kind: ClassVar[str] = "Metric"
    metric_type: ClassVar[str] = ""
    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    thresholds: list[str | Threshold] = attrs.field(factory=list)

    def to_json_data(self) -> Any:  # declarations are not k6 options; LoadTest reads them
        return {"name": self.name, "type": self.metric_type}


class Counter(CustomMetric):
    """``new Counter(name)``: thresholds on ``count`` or ``rate`` (per second)."""

    metric_type = "counter"


class Gauge(CustomMetric):
    """``new Gauge(name)``: thresholds on ``value`` (the last one)."""

    metric_type = "gauge"


class Rate(CustomMetric):
    """``new Rate(name)``: thresholds on ``rate``, the share of non-zero values."""

    metric_type = "rate"


class Trend(CustomMetric):
    """``new Trend(name)``: thresholds on ``avg``, ``min``, ``med``, ``max``, ``p(N)``."""

    metric_type = "trend"


def _dedupe_thresholds(items: Iterable[tuple[str, str | Threshold]]) -> dict[str, list[str | Threshold]]:
    """Group by metric; a later threshold on the same metric and statistic replaces an earlier one."""
    out: dict[str, list[str | Threshold]] = {}
    for metric, item in items:
        key = parse_metric_name(metric).key
        stat = parse_threshold(_expression(item)).stat
        kept = [t for t in out.get(key, []) if parse_threshold(_expression(t)).stat != stat]
        out[key] = kept + [item]
    return out


@attrs.define(kw_only=True)
class LoadTest(Resource):
    """The options of one k6 test, compiled to ``build/k6/<name>.options.json`` (kind ``k6/options``).

    :param name: file name of the options (letters, digits, ``_``, ``-``)
    :param scenarios: the scenarios (each with its executor)
    :param thresholds: ``metric -> [expression | Threshold]``; they win over thresholds derived from ``slos``
    :param slos: SLOs whose objectives become thresholds (latency -> ``p(N)<ms``, availability -> ``rate<x``)
    :param slo_tag: derive per-service sub-metric thresholds (``http_req_duration{<slo_tag>:<service>}``);
        ``None`` puts every SLO on the whole metric, the strictest objective winning
    :param metrics: custom metrics of the script, with their thresholds
    :param summary_trend_stats: Trend statistics in summaries; default: k6's plus every threshold percentile
    :param extra: further k6 options passed through as written (``{"discardResponseBodies": True}``)
    """

    kind: ClassVar[str] = "LoadTest"
    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    scenarios: list[Scenario] = attrs.field(factory=list)
    thresholds: dict[str, list[str | Threshold]] = attrs.field(factory=dict)
    slos: list[Any] = attrs.field(factory=list)
    slo_tag: str | None = None
    latency_metric: str = "http_req_duration"
    error_metric: str = "http_req_failed"
    metrics: list[CustomMetric] = attrs.field(factory=list)
    summary_trend_stats: list[str] | None = None
    extra: dict[str, Any] = attrs.field(factory=dict)

    def derived_thresholds(self) -> list[tuple[str, str]]:
        """``(metric, expression)`` pairs from the SLOs, strictest first so it wins per statistic."""
        pairs: list[tuple[str, str, float]] = []
        for slo in self.slos:
            pairs.extend(slo.k6_thresholds(self.latency_metric, self.error_metric, self.slo_tag))
        # Sorting by the bound, loosest first, lets the strictest replace the others per metric and stat.
        pairs.sort(key=lambda p: -p[2])
        return [(metric, expression) for metric, expression, _bound in pairs]

    def all_thresholds(self) -> dict[str, list[str | Threshold]]:
        """Derived thresholds, then custom metrics' and explicit ones replacing them per metric and statistic."""
        items: list[tuple[str, str | Threshold]] = list(self.derived_thresholds())
        for metric in self.metrics:
            items.extend((metric.name, t) for t in metric.thresholds)
        for name, values in self.thresholds.items():
            items.extend((name, t) for t in ([values] if isinstance(values, (str, Threshold)) else values))
        return _dedupe_thresholds(items)

    def trend_stats(self, thresholds: dict[str, list[str | Threshold]]) -> list[str]:
        if self.summary_trend_stats is not None:
            return list(self.summary_trend_stats)
        stats = list(DEFAULT_TREND_STATS)
        for values in thresholds.values():
            for item in values:
                stat = parse_threshold(_expression(item)).stat
                if stat.startswith("p(") and stat not in stats:
                    stats.append(stat)
        return stats

    def to_json_data(self) -> dict:
        thresholds = self.all_thresholds()
        data: dict[str, Any] = {
            "scenarios": {s.name: s for s in self.scenarios},
            "thresholds": thresholds,
            "summaryTrendStats": self.trend_stats(thresholds),
        }
        data.update(self.extra)
        return data

    def metric_types(self) -> dict[str, str]:
        """Custom metric name -> type, for checking aggregation methods."""
        return {m.name: m.metric_type for m in self.metrics}
