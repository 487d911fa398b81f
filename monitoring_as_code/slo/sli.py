"""Service level indicators: what share of events is bad, as a PromQL error ratio over a window.

* :class:`Availability`: bad events over all events, from counters (``errors``/``total``, or
  ``good``/``total``).
* :class:`Latency`: requests slower than a threshold over all requests, from a histogram's
  ``_bucket{le="<threshold>"}`` and ``_count``.

Both aggregate ``by (job)`` (configurable) so the recorded ratios, and the alerts built on
them, keep the ``job`` label Alertmanager groups by.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import attrs

_MATCHER = re.compile(r'(\w+)\s*=\s*"((?:[^"\\]|\\.)*)"')
_SERIES = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*\{.*\}$|^[a-zA-Z_:][a-zA-Z0-9_:]*$")


def _by(labels: tuple[str, ...]) -> str:
    return f"sum by ({', '.join(labels)})" if labels else "sum"


def _selector_or_error(_instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not _SERIES.match(value.strip())):
        raise ValueError(f"{attribute.name} must be a series selector such as "
                         f"'http_server_requests_seconds_count{{job=\"api-gateway\"}}', got {value!r}")


def _tuple(value: Any) -> tuple[str, ...]:
    return tuple(value)


@attrs.define(kw_only=True)
class Availability:
    """The share of failed events: ``errors / total`` (or ``1 - good / total``).

    :param total: selector of all events, e.g. ``http_server_requests_seconds_count{job="api-gateway"}``
    :param errors: selector of bad events, e.g. ``...{job="api-gateway",status=~"5.."}``
    :param good: selector of good events (instead of ``errors``)
    :param by: labels kept in the ratio (``job`` for Alertmanager grouping)
    :param test_series: a concrete good and a concrete bad series (promtool notation) used to
        generate the SLO's unit tests, e.g. ``('m{job="a",status="200"}', 'm{job="a",status="500"}')``
    """

    kind: ClassVar[str] = "availability"
    total: str = attrs.field(validator=_selector_or_error)
    errors: str | None = attrs.field(default=None, validator=_selector_or_error)
    good: str | None = attrs.field(default=None, validator=_selector_or_error)
    by: tuple[str, ...] = attrs.field(default=("job",), converter=_tuple)
    test_series: tuple[str, str] | None = None

    def __attrs_post_init__(self) -> None:
        if (self.errors is None) == (self.good is None):
            raise ValueError("Availability needs exactly one of errors= (bad events) or good= (good events)")

    def error_ratio(self, window: str) -> str:
        """PromQL: the share of bad events over ``window``."""
        total = f"{_by(self.by)} (rate({self.total}[{window}]))"
        if self.errors is not None:
            # Error series often appear only after the first error: count 0 until then.
            return f"(\n  {_by(self.by)} (rate({self.errors}[{window}]))\n  or\n  {total} * 0\n)\n/\n{total}"
        return f"1 - (\n  {_by(self.by)} (rate({self.good}[{window}]))\n  /\n  {total}\n)"

    def describe(self) -> str:
        return "requests that succeed"

    def k6_threshold(self, objective: float, latency_metric: str, error_metric: str) -> tuple[str, str, float]:
        """``(metric, expression, bound)``: the error share a load test may show."""
        bound = round(1 - objective / 100, 10)
        return error_metric, f"rate<{bound:g}", bound


def _le(seconds: float) -> str:
    # Micrometer and most Java clients write bucket bounds as Java doubles: 0.5, 1.0.
    return repr(float(seconds))


@attrs.define(kw_only=True)
class Latency:
    """The share of requests slower than ``threshold_seconds``, from a Prometheus histogram.

    :param metric: the histogram's base name, e.g. ``http_server_requests_seconds``
    :param threshold_seconds: the latency target; a bucket with exactly this bound must exist
    :param selector: label matchers, e.g. ``job="api-gateway"``
    :param le: the bucket's ``le`` label as the client writes it (default: ``0.5``, ``1.0``...)
    :param by: labels kept in the ratio
    :param test_labels: labels of the series in generated unit tests (default: the selector's ``=`` matchers)
    """

    kind: ClassVar[str] = "latency"
    metric: str = attrs.field(validator=attrs.validators.instance_of(str))
    threshold_seconds: float = attrs.field(converter=float)
    selector: str = ""
    le: str | None = None
    by: tuple[str, ...] = attrs.field(default=("job",), converter=_tuple)
    test_labels: dict[str, str] | None = None

    def __attrs_post_init__(self) -> None:
        if self.threshold_seconds <= 0:
            raise ValueError(f"threshold_seconds must be positive, got {self.threshold_seconds}")

    @property
    def bucket_le(self) -> str:
        return self.le or _le(self.threshold_seconds)

    def _matchers(self, *extra: str) -> str:
        parts = [p for p in (self.selector.strip(), *extra) if p]
        return "{" + ",".join(parts) + "}"

    def error_ratio(self, window: str) -> str:
        le = 'le="' + self.bucket_le + '"'
        fast = f"{_by(self.by)} (rate({self.metric}_bucket{self._matchers(le)}[{window}]))"
        total = f"{_by(self.by)} (rate({self.metric}_count{self._matchers()}[{window}]))"
        return f"1 - (\n  {fast}\n  /\n  {total}\n)"

    def labels_for_tests(self) -> dict[str, str]:
        if self.test_labels is not None:
            return dict(self.test_labels)
        return {k: v for k, v in _MATCHER.findall(self.selector)}

    def describe(self) -> str:
        return f"requests faster than {self.threshold_seconds * 1000:g}ms"

    def k6_threshold(self, objective: float, latency_metric: str, error_metric: str) -> tuple[str, str, float]:
        milliseconds = round(self.threshold_seconds * 1000, 6)
        return latency_metric, f"p({objective:g})<{milliseconds:g}", milliseconds
