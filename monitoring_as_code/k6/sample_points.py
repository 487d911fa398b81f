"""Synthetic k6 ``--out json`` streams in k6's documented line format, for tests and benchmarks."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import IO

_START = datetime(2026, 11, 26, 9, 0, 0, tzinfo=UTC)
_METRICS = {
    "http_req_duration": ("trend", "time"),
    "http_req_failed": ("rate", "default"),
    "http_reqs": ("counter", "default"),
    "errors": ("rate", "default"),
}


def _time(seconds: float) -> str:
    moment = _START + timedelta(seconds=seconds)
    # k6 writes nanoseconds; the extra three digits exercise the parser.
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f") + "123+00:00"


def write_points(
    out: IO[str], requests: int, seed: int = 1, median_ms: float = 180.0, error_rate: float = 0.002,
    duration_s: float = 60.0, thresholds: dict[str, list[str]] | None = None, skip: Iterable[str] = (),
) -> None:
    """Write ``requests`` HTTP requests as k6 would: Metric lines, then 3-4 Point lines per request.

    :param median_ms: median of the log-normal request durations
    :param error_rate: share of failed requests (``http_req_failed`` and the custom ``errors`` Rate)
    :param thresholds: thresholds declared in the Metric lines
    :param skip: metrics left out (to make incomplete results)
    """
    rng = random.Random(seed)
    thresholds = thresholds or {}
    declared: set[str] = set()

    def emit(metric: str, when: float, value: float, tags: dict) -> None:
        if metric in skip:
            return
        if metric not in declared:
            declared.add(metric)
            kind, contains = _METRICS[metric]
            out.write(json.dumps({"type": "Metric", "data": {"name": metric, "type": kind, "contains": contains,
                                  "thresholds": thresholds.get(metric, []), "submetrics": None}, "metric": metric},
                                 separators=(",", ":")) + "\n")
        out.write(json.dumps({"metric": metric, "type": "Point",
                              "data": {"time": _time(when), "value": value, "tags": tags}}, separators=(",", ":")) + "\n")

    for i in range(requests):
        when = duration_s * i / max(requests - 1, 1)
        failed = rng.random() < error_rate
        name = ("login", "products", "coupon")[i % 3]
        tags = {"expected_response": "false" if failed else "true", "group": "", "method": "GET", "name": name,
                "proto": "HTTP/1.1", "scenario": "load", "service": ("auth-service", "shopping-service", "shopping-service")[i % 3],
                "status": "500" if failed else "200", "url": f"http://api-gateway:8080/api/v1/{name}"}
        emit("http_reqs", when, 1, tags)
        emit("http_req_duration", when, round(rng.lognormvariate(0, 0.6) * median_ms, 6), tags)
        emit("http_req_failed", when, 1 if failed else 0, tags)
        emit("errors", when, 1 if failed else 0, {"scenario": "load", "group": ""})
