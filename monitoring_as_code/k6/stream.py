"""Aggregating k6's ``--out json`` line stream into the statistics thresholds use, in bounded memory.

Each line is ``{"type": "Metric"|"Point", "metric": name, "data": {...}}``. Only the
(sub-)metrics a threshold names are aggregated; a sub-metric ``name{tag:value}`` takes the
points whose tags match. Statistics follow k6's sinks: Trend avg/min/med/max/p(N) (exact, see
:mod:`monitoring_as_code.k6.quantiles`), Rate ``rate`` = non-zero / all, Counter ``count`` = sum
and ``rate`` = sum per second of the run (first to last point), Gauge ``value`` = last value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from monitoring_as_code.k6.quantiles import QuantileSeries
from monitoring_as_code.k6.results import (
    NDJSON,
    Results,
    ResultsError,
    SeriesResult,
    open_results,
)
from monitoring_as_code.k6.thresholds import (
    BUILTIN_METRICS,
    MetricSelector,
    ThresholdError,
    parse_metric_name,
    parse_threshold,
)

_loads: Callable[[str], Any]
try:  # orjson (the `k6` extra) parses 3-5x faster; JSON parsing is most of this reader's time
    from orjson import loads as _loads
except ImportError:  # pragma: no cover - exercised by the tests through monkeypatch
    _loads = json.JSONDecoder().decode
_TIME = re.compile(r'"time"\s*:\s*"([^"]+)"')


class _Series:
    """Running aggregates of one (sub-)metric."""

    def __init__(self, selector: MetricSelector, stats: set[str]) -> None:
        self.selector = selector
        self.stats = set(stats)
        self.count = 0
        self.total = 0.0
        self.nonzero = 0
        self.minimum = float("inf")
        self.maximum = float("-inf")
        self.last = 0.0
        self.quantiles = QuantileSeries() if any(s == "med" or s.startswith("p(") for s in stats) else None

    def add(self, value: float) -> None:
        self.count += 1
        self.total += value
        if value != 0:
            self.nonzero += 1
        self.minimum = min(self.minimum, value)
        self.maximum = max(self.maximum, value)
        self.last = value
        if self.quantiles is not None:
            self.quantiles.add(value)

    def percentiles(self) -> list[float]:
        out = [50.0] if "med" in self.stats else []
        for stat in self.stats:
            if stat.startswith("p("):
                out.append(float(stat[2:-1]))
        return out

    def result(self, metric_type: str, contains: str, seconds: float | None) -> SeriesResult:
        values: dict[str, float] = {}
        if self.count:
            values.update(count=self.total, min=self.minimum, max=self.maximum, avg=self.total / self.count)
            values["rate"] = self.nonzero / self.count
            values["value"] = self.last
            if metric_type == "counter":
                if seconds:
                    values["rate"] = self.total / seconds
                else:
                    del values["rate"]
            if self.quantiles is not None:
                for p in self.percentiles():
                    values[f"p({_p(p)})"] = self.quantiles.percentile(p)
                if "med" in self.stats:
                    values["med"] = self.quantiles.percentile(50.0)
        return SeriesResult(self.selector.key, metric_type, values, contains=contains, samples=self.count)


def _p(p: float) -> str:
    return str(int(p)) if p.is_integer() else repr(p)


def _parse_time(line: str | None) -> datetime | None:
    """The ``time`` of a Point line (read from the text: the last line may be cut short)."""
    match = _TIME.search(line or "")
    if not match:
        return None
    text = match.group(1)
    # k6 writes nanoseconds (Go RFC 3339); Python reads at most microseconds.
    head, dot, rest = text.partition(".")
    if dot:
        digits = "".join(c for c in rest[:9] if c.isdigit())
        zone = rest[len(digits):]
        text = f"{head}.{digits[:6]}{zone}"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _stats_from_thresholds(expressions: list[str]) -> set[str]:
    stats = set()
    for text in expressions:
        try:
            stats.add(parse_threshold(text).stat)
        except ThresholdError:
            continue
    return stats


class _Reader:
    def __init__(self, path: str, wanted: dict[str, tuple[MetricSelector, set[str]]] | None) -> None:
        self.path = path
        self.lazy = wanted is None
        self.by_name: dict[str, list[_Series]] = {}
        self.series: dict[str, _Series] = {}
        self.types: dict[str, str] = {}
        self.contains: dict[str, str] = {}
        self.declared: dict[str, list[str]] = {}
        self.first_point: str | None = None
        self.last_point: str | None = None
        self.points = 0
        self.notes: list[str] = []
        for selector, stats in (wanted or {}).values():
            self._track(selector, stats)

    def _track(self, selector: MetricSelector, stats: set[str]) -> None:
        if selector.key in self.series:
            self.series[selector.key].stats |= stats
            return
        series = _Series(selector, stats)
        self.series[selector.key] = series
        self.by_name.setdefault(selector.name, []).append(series)

    def _pattern(self, names: Iterable[str], metric_lines: bool) -> re.Pattern | None:
        """Lines worth parsing: those naming a tracked metric (and Metric declarations when asked)."""
        alternatives = [f'"{re.escape(name)}"' for name in sorted(names)]
        if metric_lines:
            alternatives.append('"Metric"')
        return re.compile("|".join(alternatives)) if alternatives else None

    def _records(self, names: Iterable[str] | None = None):
        """``(line number, record)`` of the lines worth parsing; others are skipped unparsed.

        With ``names`` None (the first pass) the filter follows the tracked metrics, Metric lines
        are parsed too, and every Point line is counted (the first and last kept for the run's
        duration). JSON parsing is the cost of this reader, so skipping lines is what makes it fast.
        """
        first_pass = names is None
        lazy = first_pass and self.lazy
        pattern = self._pattern(self.by_name if names is None else names, first_pass)
        search = pattern.search if pattern is not None else None
        tracked = len(self.by_name)
        bad: tuple[int, str] | None = None
        points = 0
        complete = ("}\n", "}", "}\r\n")
        with open_results(self.path) as fh:
            for number, line in enumerate(fh, 1):
                if first_pass and '"Point"' in line:
                    points += 1
                    if self.first_point is None:
                        self.first_point = line
                    if line.endswith(complete):  # not a cut-short last line
                        self.last_point = line
                if lazy and len(self.by_name) != tracked:  # a Metric line declared thresholds
                    tracked = len(self.by_name)
                    pattern = self._pattern(self.by_name, True)
                    search = pattern.search if pattern is not None else None
                if bad is not None and line.strip():  # damage with more after it: not just a cut-short end
                    raise ResultsError(f"{self.path}:{bad[0]}: not a JSON line: {bad[1]}", "the file is damaged; re-run k6")
                if search is None or not search(line):
                    # Unparsed lines still get a cheap shape check, so damage is never skipped silently.
                    if not (line.startswith("{") and line.endswith(complete)) and line.strip():
                        bad = (number, "not a JSON object")
                    continue
                try:
                    record = _loads(line)
                except ValueError as exc:
                    bad = (number, str(exc))
                    continue
                if isinstance(record, dict):
                    yield number, record
        if first_pass:
            self.points = points
        if bad is not None and first_pass:
            self.notes.append(f"line {bad[0]} is cut short and was ignored (k6 stopped while writing?)")

    def first_pass(self) -> None:
        for number, record in self._records():
            kind = record.get("type")
            name = record.get("metric")
            data = record.get("data")
            if not isinstance(data, dict):
                continue
            if kind == "Metric":
                self.types[name] = str(data.get("type") or "")
                self.contains[name] = str(data.get("contains") or "")
                declared = [t for t in (data.get("thresholds") or []) if isinstance(t, str)]
                if declared:
                    self.declared[name] = declared
                    if self.lazy:
                        self._track(MetricSelector(name), _stats_from_thresholds(declared))
                continue
            targets = self.by_name.get(name)
            if kind != "Point" or not targets:
                continue
            value = data.get("value")
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ResultsError(f"{self.path}:{number}: point of {name} has no numeric value")
            tags = data.get("tags")
            for series in targets:
                if series.selector.matches(tags):
                    series.add(float(value))

    def more_passes(self) -> int:
        """Re-read the file until every wanted percentile is exact; returns the number of passes."""
        for series in self.series.values():
            if series.quantiles is not None:
                series.quantiles.plan(series.percentiles())
        passes = 0
        while True:
            pending = [(s, s.quantiles) for s in self.series.values() if s.quantiles is not None and s.quantiles.needs_pass()]
            if not pending:
                return passes
            passes += 1
            by_name: dict[str, list[tuple[_Series, QuantileSeries]]] = {}
            for series, quantiles in pending:
                quantiles.start_pass()
                by_name.setdefault(series.selector.name, []).append((series, quantiles))
            for _number, record in self._records(by_name):
                if record.get("type") != "Point":
                    continue
                targets = by_name.get(record.get("metric"))
                data = record.get("data")
                if not targets or not isinstance(data, dict):
                    continue
                for series, quantiles in targets:
                    if series.selector.matches(data.get("tags")):
                        quantiles.feed(float(data["value"]))
            for _series, quantiles in pending:
                quantiles.finish_pass()

    def results(self) -> Results:
        start, end = _parse_time(self.first_point), _parse_time(self.last_point)
        seconds = (end - start).total_seconds() if start and end else None
        results = Results(path=self.path, format=NDJSON, points=self.points, notes=list(self.notes))
        for key, series in self.series.items():
            name = series.selector.name
            # Without its Metric line, a built-in metric's type is still known.
            metric_type = self.types.get(name) or BUILTIN_METRICS.get(name, "")
            results.series[key] = series.result(metric_type, self.contains.get(name, ""), seconds)
        results.thresholds = dict(self.declared)
        return results


def read_points(path: str, wanted: dict[str, tuple[MetricSelector, set[str]]] | None = None) -> Results:
    """Aggregate a ``--out json`` file; with ``wanted`` None, the thresholds its Metric lines declare.

    :param wanted: ``series key -> (selector, statistics)`` to compute
    """
    reader = _Reader(path, wanted)
    reader.first_pass()
    passes = reader.more_passes()
    results = reader.results()
    if passes:
        results.notes.append(f"read the file {passes + 1} times to compute exact percentiles in bounded memory")
    return results


def wanted_for(thresholds: dict[str, list[Any]]) -> dict[str, tuple[MetricSelector, set[str]]]:
    """``series key -> (selector, statistics)`` for a thresholds mapping (unparsable entries skipped)."""
    wanted: dict[str, tuple[MetricSelector, set[str]]] = {}
    for metric, expressions in thresholds.items():
        try:
            selector = parse_metric_name(metric)
        except ThresholdError:
            continue
        stats = _stats_from_thresholds([e for e in expressions if isinstance(e, str)])
        previous = wanted.get(selector.key)
        wanted[selector.key] = (selector, stats | (previous[1] if previous else set()))
    return wanted
