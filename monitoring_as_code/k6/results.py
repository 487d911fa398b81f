"""k6 result files: which of the three formats a file is, and its metrics as statistics.

* ``k6 run --summary-export=FILE``: ``{"metrics": {name: {"avg": .., "p(95)": .., "thresholds": {expr: failed}}}}``
  (the legacy export: a Rate's value is under ``value``, and a threshold's boolean is *true when it failed*).
* ``handleSummary(data)`` returning ``JSON.stringify(data)``: ``{"metrics": {name: {"type", "contains",
  "values": {..}, "thresholds": {expr: {"ok": bool}}}}}``.
* ``k6 run --out json=FILE`` (optionally ``.gz``): one JSON object a line, ``Metric`` declarations and
  ``Point`` samples, aggregated here (see :mod:`monitoring_as_code.k6.stream`).
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from typing import IO, Any

from monitoring_as_code.errors import UsageError
from monitoring_as_code.k6.thresholds import (
    MetricSelector,
    ThresholdError,
    format_number,
    parse_metric_name,
)

SUMMARY_EXPORT = "summary-export"
HANDLE_SUMMARY = "handleSummary"
NDJSON = "out-json"
FORMAT_NAMES = {
    SUMMARY_EXPORT: "k6 --summary-export JSON",
    HANDLE_SUMMARY: "handleSummary() JSON",
    NDJSON: "k6 --out json lines",
}
_PERCENTILE_KEY = re.compile(r"^p\(\s*([0-9.]+)\s*\)$")


class ResultsError(UsageError):
    """The results file can't be read as any k6 format."""


@dataclass
class SeriesResult:
    """The statistics of one (sub-)metric.

    :param key: ``http_req_duration`` or ``http_req_duration{name:login}``
    :param metric_type: ``trend``, ``rate``, ``counter``, ``gauge`` or ``""`` when unknown
    :param values: statistic -> value (``avg``, ``p(95)``, ``rate``, ``count``, ``value``...)
    :param k6_verdicts: threshold -> passed, as k6 recorded it in the file (summaries only)
    :param samples: the number of samples, when known
    """

    key: str
    metric_type: str = ""
    values: dict[str, float] = field(default_factory=dict)
    k6_verdicts: dict[str, bool] = field(default_factory=dict)
    contains: str = ""
    samples: int | None = None


@dataclass
class Results:
    """What a results file says about its metrics."""

    path: str
    format: str
    series: dict[str, SeriesResult] = field(default_factory=dict)
    #: thresholds the file itself declares (metric key -> expressions), used when none are given
    thresholds: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    points: int = 0

    def find(self, selector: MetricSelector) -> SeriesResult | None:
        return self.series.get(selector.key)


def open_results(path: str) -> IO[str]:
    """A text stream of ``path``, transparently gunzipped (k6 writes ``--out json=x.gz`` compressed)."""
    try:
        with open(path, "rb") as probe:
            magic = probe.read(2)
        if magic == b"\x1f\x8b":
            return gzip.open(path, "rt", encoding="utf-8")
        return open(path, encoding="utf-8")
    except OSError as exc:
        raise ResultsError(f"{path}: {exc.strerror or exc}", "pass the file k6 wrote") from None


def detect_format(path: str) -> str:
    """``summary-export``, ``handleSummary`` or ``out-json`` from the file's content."""
    lines: list[str] = []
    with open_results(path) as fh:
        try:
            # A few lines decide: a damaged first line must not make us load a huge stream whole.
            while len(lines) < 5:
                line = fh.readline()
                if not line:
                    break
                if line.strip():
                    lines.append(line)
        except (UnicodeDecodeError, OSError) as exc:
            raise ResultsError(f"{path}: not a text file ({exc})") from None
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and record.get("type") in ("Metric", "Point") and "metric" in record:
            return NDJSON
    data = _load_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("metrics"), dict):
        raise ResultsError(
            f"{path}: not a k6 result (no `metrics` object and no Metric/Point lines)",
            "use k6 run --summary-export=FILE, --out json=FILE, or a handleSummary returning JSON.stringify(data)",
        )
    if any(isinstance(m, dict) and isinstance(m.get("values"), dict) for m in data["metrics"].values()):
        return HANDLE_SUMMARY
    return SUMMARY_EXPORT


def _load_json(path: str) -> Any:
    with open_results(path) as fh:
        try:
            return json.load(fh)
        except ValueError as exc:
            raise ResultsError(f"{path}: invalid JSON: {exc}", "was the file cut short? re-run k6") from None


def canonical_stat(name: str) -> str:
    """``p(95.0)`` -> ``p(95)``; other statistic names unchanged."""
    match = _PERCENTILE_KEY.match(name.strip())
    return f"p({format_number(float(match.group(1)))})" if match else name.strip()


def _infer_type(values: dict[str, Any]) -> str:
    if "passes" in values and "fails" in values:
        return "rate"
    if "avg" in values or "med" in values or any(_PERCENTILE_KEY.match(k) for k in values):
        return "trend"
    if "count" in values:
        return "counter"
    if "value" in values:
        return "gauge"
    return ""


def _series_key(name: str) -> str:
    try:
        return parse_metric_name(name).key
    except ThresholdError:
        return name


def read_summary(path: str, fmt: str) -> Results:
    """Parse a ``--summary-export`` or ``handleSummary`` JSON file."""
    data = _load_json(path)
    results = Results(path=path, format=fmt)
    for name, metric in data["metrics"].items():
        if not isinstance(metric, dict):
            continue
        key = _series_key(name)
        if fmt == HANDLE_SUMMARY:
            raw_values = metric.get("values") or {}
            metric_type = str(metric.get("type") or _infer_type(raw_values))
            verdicts = {t: bool(v.get("ok")) for t, v in (metric.get("thresholds") or {}).items() if isinstance(v, dict)}
        else:
            raw_values = {k: v for k, v in metric.items() if k != "thresholds"}
            metric_type = _infer_type(raw_values)
            # The legacy export stores `true` for a threshold that FAILED (k6 issue #1498).
            verdicts = {t: not bool(failed) for t, failed in (metric.get("thresholds") or {}).items()}
            if metric_type == "rate" and "value" in raw_values:
                raw_values = {**raw_values, "rate": raw_values["value"]}
        values = {canonical_stat(k): float(v) for k, v in raw_values.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
        samples = None
        if metric_type == "rate" and "passes" in values and "fails" in values:
            samples = int(values["passes"] + values["fails"])
        results.series[key] = SeriesResult(key, metric_type, values, verdicts, str(metric.get("contains") or ""), samples)
        if verdicts:
            results.thresholds[key] = list(verdicts)
    return results


def load_results(path: str, wanted: dict[str, tuple[MetricSelector, set[str]]] | None = None) -> Results:
    """Read ``path`` in whichever k6 format it is; for ``--out json``, aggregate what ``wanted`` asks."""
    fmt = detect_format(path)
    if fmt == NDJSON:
        from monitoring_as_code.k6.stream import read_points

        return read_points(path, wanted)
    return read_summary(path, fmt)
