"""The load-test gate: evaluate thresholds against k6 results, one row per threshold.

Unlike a script that reads ``metrics.get(name, {}).get('p(95)', 0)``, a metric or statistic
missing from the results FAILS: a test that never produced ``http_req_duration`` proves nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from monitoring_as_code.k6.results import NDJSON, Results
from monitoring_as_code.k6.thresholds import (
    ThresholdError,
    check_method,
    parse_metric_name,
    parse_threshold,
)


@dataclass
class Verdict:
    """One threshold's outcome.

    :param metric: the (sub-)metric as written in the options
    :param threshold: the expression
    :param observed: the value compared, ``None`` when missing
    :param passed: the verdict
    :param note: why it failed without a value, or where k6's own verdict differs
    """

    metric: str
    threshold: str
    observed: float | None
    passed: bool
    note: str = ""


def threshold_texts(items: Any) -> list[str]:
    """Expressions of a k6 ``thresholds`` entry: strings or ``{"threshold": ...}`` objects."""
    items = items if isinstance(items, list) else [items]
    out = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("threshold")
        if isinstance(item, str):
            out.append(item)
    return out


def evaluate(thresholds: dict[str, Any], results: Results) -> list[Verdict]:
    """Every threshold of ``thresholds`` (k6's ``metric -> [expressions]``) against ``results``."""
    verdicts = []
    for metric, items in thresholds.items():
        for text in threshold_texts(items):
            verdicts.append(_evaluate_one(metric, text, results))
    return verdicts


def _evaluate_one(metric: str, text: str, results: Results) -> Verdict:
    try:
        selector = parse_metric_name(metric)
        expression = parse_threshold(text)
    except ThresholdError as exc:
        return Verdict(metric, text, None, False, f"invalid: {exc}")
    series = results.find(selector)
    if series is None or (series.samples == 0 and not series.values):
        hint = "no point matches these tags" if selector.tags else "the test never recorded it"
        return Verdict(metric, text, None, False, f"missing from the results ({hint})")
    if series.metric_type:
        why = check_method(expression, series.metric_type)
        if why:
            return Verdict(metric, text, None, False, why)
    observed = series.values.get(expression.stat)
    if observed is None:
        if expression.stat.startswith("p(") and results.format != NDJSON:
            note = f"{expression.stat} missing from the results: add it to summaryTrendStats (or --summary-trend-stats)"
        else:
            note = f"{expression.stat} missing from the results"
        return Verdict(metric, text, None, False, note)
    passed = expression.passes(observed)
    note = ""
    k6_said = series.k6_verdicts.get(text)
    if k6_said is not None and k6_said != passed:
        note = f"the file says k6 recorded {'pass' if k6_said else 'fail'}"
    return Verdict(metric, text, observed, passed, note)


def _format_value(value: float | None) -> str:
    if value is None:
        return "-"
    if value != 0 and (abs(value) >= 1e7 or abs(value) < 1e-4):
        return f"{value:.4g}"
    return f"{value:.4f}".rstrip("0").rstrip(".") if not float(value).is_integer() else str(int(value))


def render_table(verdicts: list[Verdict]) -> str:
    """A plain-text table: metric, threshold, value, result (and a note when there is one)."""
    rows = [("METRIC", "THRESHOLD", "VALUE", "RESULT")]
    rows += [(v.metric, v.threshold, _format_value(v.observed), "pass" if v.passed else "FAIL") for v in verdicts]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = []
    for index, row in enumerate(rows):
        line = "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
        note = verdicts[index - 1].note if index else ""
        lines.append(f"{line}  ({note})" if note else line)
    return "\n".join(lines) + "\n"


def render_json(verdicts: list[Verdict], results: Results) -> str:
    data = {
        "results": results.path,
        "format": results.format,
        "passed": all(v.passed for v in verdicts),
        "thresholds": [
            {"metric": v.metric, "threshold": v.threshold, "value": v.observed, "passed": v.passed, "note": v.note or None}
            for v in verdicts
        ],
        "notes": results.notes,
    }
    return json.dumps(data, indent=2) + "\n"
