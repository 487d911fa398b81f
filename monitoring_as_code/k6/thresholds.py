"""k6 threshold expressions and metric names, parsed and evaluated as k6 does.

Grammar (k6 ``metrics/thresholds_parser.go``): ``aggregation operator value`` where the
aggregation is ``count``/``rate`` (Counter), ``value`` (Gauge), ``rate`` (Rate) or
``avg``/``min``/``max``/``med``/``p(N)`` (Trend), and the operator one of
``> >= <= < == === !=``. A threshold's metric may select a sub-metric by tags:
``http_req_duration{name:login,method:POST}``.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

#: aggregation methods k6 supports per metric type
METHODS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "counter": ("count", "rate"),
    "gauge": ("value",),
    "rate": ("rate",),
    "trend": ("avg", "min", "med", "max", "p"),
}

#: k6's built-in metrics and their types (custom metrics declare theirs)
BUILTIN_METRICS: dict[str, str] = {
    "vus": "gauge", "vus_max": "gauge", "iterations": "counter", "iteration_duration": "trend",
    "dropped_iterations": "counter", "data_received": "counter", "data_sent": "counter", "checks": "rate",
    "group_duration": "trend", "http_reqs": "counter", "http_req_failed": "rate", "http_req_duration": "trend",
    "http_req_blocked": "trend", "http_req_connecting": "trend", "http_req_tls_handshaking": "trend",
    "http_req_sending": "trend", "http_req_waiting": "trend", "http_req_receiving": "trend",
    "ws_connecting": "trend", "ws_session_duration": "trend", "ws_sessions": "counter", "ws_msgs_sent": "counter",
    "ws_msgs_received": "counter", "ws_ping": "trend", "grpc_req_duration": "trend",
}

# Longer operators first: k6 splits on the first operator of this list found in the text.
_OPERATORS: tuple[tuple[str, Callable[[float, float], bool]], ...] = (
    ("<=", operator.le), ("<", operator.lt), (">=", operator.ge), (">", operator.gt),
    ("===", operator.eq), ("==", operator.eq), ("!=", operator.ne),
)
_OPERATOR_FUNCS = dict(_OPERATORS)
_FLOAT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_METRIC_NAME = re.compile(r"^[\w.-]+$")


class ThresholdError(ValueError):
    """A threshold expression or metric name k6 would reject."""


def format_number(value: float) -> str:
    """``95`` for 95.0, ``99.9`` for 99.9: how k6 names percentiles (Go's ``%g``)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


@dataclass(frozen=True)
class ThresholdExpression:
    """One parsed threshold, e.g. ``p(95)<500``.

    :param source: the text as written
    :param method: ``count``, ``rate``, ``value``, ``avg``, ``min``, ``med``, ``max`` or ``p``
    :param percentile: N of ``p(N)``, else ``None``
    :param operator: the comparison operator
    :param value: the right-hand side
    """

    source: str
    method: str
    percentile: float | None
    operator: str
    value: float

    @property
    def stat(self) -> str:
        """The statistic's name in k6 summaries: ``p(95)``, ``avg``, ``rate``..."""
        if self.method == "p":
            return f"p({format_number(self.percentile or 0.0)})"
        return self.method

    def passes(self, observed: float) -> bool:
        """k6's verdict for ``observed`` (NaN never passes)."""
        if math.isnan(observed):
            return False
        return _OPERATOR_FUNCS[self.operator](observed, self.value)


def parse_threshold(text: str) -> ThresholdExpression:
    """Parse a threshold expression exactly as k6 does.

    :raises ThresholdError: on anything k6 refuses, with the accepted forms in the message
    """
    if not isinstance(text, str):
        raise ThresholdError(f"threshold {text!r} must be a string like 'p(95)<500'")
    for token, _func in _OPERATORS:
        left, found, right = text.partition(token)
        if found:
            break
    else:
        raise ThresholdError(f"threshold {text!r} has no operator: write `aggregation operator value`, e.g. 'p(95)<500'")
    left, right = left.strip(), right.strip()
    if not _FLOAT.match(right):
        raise ThresholdError(f"threshold {text!r}: right-hand side {right!r} is not a number")
    percentile = None
    if left in ("count", "rate", "value", "avg", "min", "med", "max"):
        method = left
    elif left.startswith("p(") and left.endswith(")"):
        method = "p"
        inner = left[2:-1].strip()
        if not _FLOAT.match(inner):
            raise ThresholdError(f"threshold {text!r}: percentile {inner!r} is not a number")
        percentile = float(inner)
        if not 0 <= percentile <= 100:
            raise ThresholdError(f"threshold {text!r}: percentile must be between 0 and 100")
    else:
        raise ThresholdError(
            f"threshold {text!r}: unknown aggregation {left!r}; use count, rate, value, avg, min, med, max or p(N)"
        )
    return ThresholdExpression(text, method, percentile, token, float(right))


def check_method(expression: ThresholdExpression, metric_type: str) -> str | None:
    """Why k6 refuses ``expression`` on a metric of ``metric_type``, or ``None`` when it is supported."""
    methods = METHODS_BY_TYPE.get(metric_type)
    if methods is None or expression.method in methods:
        return None
    supported = ", ".join("p(N)" if m == "p" else m for m in methods)
    return (
        f"unsupported aggregation method {expression.method} on metric of type {metric_type}; "
        f"supported aggregation methods for this metric are: {supported}"
    )


@dataclass(frozen=True)
class MetricSelector:
    """A threshold's metric: a name and, for a sub-metric, the tags a sample must carry.

    :param name: the metric name, e.g. ``http_req_duration``
    :param tags: ``(key, value)`` pairs, sorted
    """

    name: str
    tags: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> str:
        """The name k6 gives the (sub-)metric in summaries: ``http_req_duration{name:login}``."""
        if not self.tags:
            return self.name
        return self.name + "{" + ",".join(f"{k}:{v}" for k, v in self.tags) + "}"

    def matches(self, tags: Mapping[str, Any] | None) -> bool:
        """Whether a sample with ``tags`` belongs to this (sub-)metric."""
        if not self.tags:
            return True
        if not tags:
            return False
        return all(str(tags.get(k)) == v if k in tags else False for k, v in self.tags)


def _unquote(text: str) -> str:
    return text.strip().strip("\"'")


def parse_metric_name(text: str) -> MetricSelector:
    """``http_req_duration{name:login}`` -> MetricSelector; k6's rules for braces and ``key:value`` tags.

    :raises ThresholdError: on a malformed name
    """
    if not isinstance(text, str) or not text.strip():
        raise ThresholdError(f"metric name {text!r} is empty")
    opening, closing = text.find("{"), text.rfind("}")
    if opening == -1 and closing == -1:
        name = text.strip()
        if not _METRIC_NAME.match(name):
            raise ThresholdError(f"metric name {text!r} may only contain letters, digits, '_', '.' and '-'")
        return MetricSelector(name)
    if opening == -1 or closing == -1:
        raise ThresholdError(f"metric {text!r} has an unmatched curly brace")
    if closing != len(text) - 1 or closing < opening:
        raise ThresholdError(f"metric {text!r} must end with the closing curly brace")
    tags = []
    for part in text[opening + 1:closing].split(","):
        key, colon, value = part.partition(":")
        if not colon or not value.strip() or not key.strip():
            raise ThresholdError(f"metric {text!r}: tag expression {part.strip()!r} is malformed; write key:value")
        tags.append((_unquote(key), _unquote(value)))
    return MetricSelector(text[:opening].strip(), tuple(sorted(tags)))
