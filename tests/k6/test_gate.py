"""The k6 gate's verdicts on passing, failing and incomplete results in all three k6 formats."""

import gzip
import io
import json
import math
import os
import random
import shutil

import pytest

from monitoring_as_code.k6.gate import evaluate
from monitoring_as_code.k6.quantiles import QuantileSeries
from monitoring_as_code.k6.results import (
    HANDLE_SUMMARY,
    NDJSON,
    SUMMARY_EXPORT,
    detect_format,
    load_results,
)
from monitoring_as_code.k6.sample_points import write_points
from monitoring_as_code.k6.stream import wanted_for

DATA = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "k6")
OPTIONS = os.path.join(DATA, "load.options.json")
FILES = {SUMMARY_EXPORT: "{}.summary-export.json", HANDLE_SUMMARY: "{}.handle-summary.json", NDJSON: "{}.out.json"}
CASES = [(fmt, outcome) for fmt in FILES for outcome in ("pass", "fail", "incomplete")]


def read_lines(path):
    with open(path, encoding="utf-8") as fh:
        return fh.read().splitlines()


def k6_percentile(values, p):
    """k6's TrendSink.P, written independently: linear interpolation between sorted values."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    i = p / 100 * (len(ordered) - 1)
    low, high = ordered[math.floor(i)], ordered[math.ceil(i)]
    return low + (high - low) * (i - math.floor(i))


@pytest.mark.parametrize("fmt,outcome", CASES, ids=[f"{o} {f}" for f, o in CASES])
def test_cli_verdict_per_format(mac, fmt, outcome):
    path = os.path.join(DATA, FILES[fmt].format(outcome))
    assert detect_format(path) == fmt
    result = mac(["loadtest", "check", path, "--options", OPTIONS])
    assert result.status == (0 if outcome == "pass" else 1), result.stdout + result.stderr
    assert "METRIC" in result.stdout and "THRESHOLD" in result.stdout
    if outcome == "incomplete":
        assert "missing from the results" in result.stdout
    if outcome == "fail":
        assert result.stdout.count("FAIL") == 4


def test_missing_metric_fails_instead_of_passing_as_zero():
    results = load_results(os.path.join(DATA, "incomplete.summary-export.json"))
    verdicts = {(v.metric, v.threshold): v for v in evaluate({"http_req_failed": ["rate<0.01"]}, results)}
    verdict = verdicts[("http_req_failed", "rate<0.01")]
    assert not verdict.passed and verdict.observed is None


def test_summary_percentile_not_exported_fails_with_hint():
    results = load_results(os.path.join(DATA, "incomplete.handle-summary.json"))
    [verdict] = evaluate({"http_req_duration": ["p(99)<1000"]}, results)
    assert not verdict.passed and "summaryTrendStats" in verdict.note


def test_summary_export_reads_reversed_threshold_booleans_and_rate_value():
    results = load_results(os.path.join(DATA, "fail.summary-export.json"))
    series = results.series["http_req_failed"]
    assert series.metric_type == "rate" and series.values["rate"] == pytest.approx(0.024)
    assert series.k6_verdicts == {"rate<0.01": False}  # stored as `true` = failed


def test_thresholds_default_to_those_recorded_in_the_results(mac):
    result = mac(["loadtest", "check", os.path.join(DATA, "fail.handle-summary.json")])
    assert result.status == 1 and "p(95)<500" in result.stdout


def test_no_thresholds_anywhere_is_a_usage_error(mac, tmp_path):
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"metrics": {"http_reqs": {"count": 3, "rate": 1.0}}}))
    result = mac(["loadtest", "check", str(path)])
    assert result.status == 2 and "no thresholds" in result.stderr


def test_not_a_k6_file_is_a_usage_error(mac, tmp_path):
    path = tmp_path / "r.json"
    path.write_text('{"groups": []}')
    result = mac(["loadtest", "check", str(path), "--threshold", "http_reqs", "count>0"])
    assert result.status == 2 and "not a k6 result" in result.stderr


def test_points_percentiles_equal_k6_definition_on_the_fixture():
    path = os.path.join(DATA, "fail.out.json")
    values = [json.loads(line)["data"]["value"] for line in read_lines(path)
              if '"Point"' in line and '"http_req_duration"' in line]
    results = load_results(path, wanted_for({"http_req_duration": ["p(95)<1", "p(99)<1", "med<1", "avg<1"]}))
    stats = results.series["http_req_duration"].values
    assert stats["p(95)"] == k6_percentile(values, 95)
    assert stats["p(99)"] == k6_percentile(values, 99)
    assert stats["med"] == k6_percentile(values, 50)
    assert stats["avg"] == pytest.approx(sum(values) / len(values))


def test_submetric_thresholds_filter_points_by_tags(tmp_path):
    path = os.path.join(DATA, "fail.out.json")
    login = [json.loads(line)["data"]["value"] for line in read_lines(path)
             if '"Point"' in line and '"http_req_duration"' in line and '"name":"login"' in line]
    results = load_results(path, wanted_for({"http_req_duration{name:login}": ["p(90)<1"]}))
    assert results.series["http_req_duration{name:login}"].values["p(90)"] == k6_percentile(login, 90)


def test_counter_rate_is_per_second_of_the_run():
    results = load_results(os.path.join(DATA, "pass.out.json"), wanted_for({"http_reqs": ["count>0", "rate>0"]}))
    values = results.series["http_reqs"].values
    assert values["count"] == 400 and values["rate"] == pytest.approx(400 / 60, rel=1e-6)


def test_gzip_and_stdin_are_read(mac, tmp_path, monkeypatch):
    source = os.path.join(DATA, "fail.out.json")
    gz = tmp_path / "points.json.gz"
    with open(source, "rb") as fh, gzip.open(gz, "wb") as out:
        shutil.copyfileobj(fh, out)
    assert mac(["loadtest", "check", str(gz), "--options", OPTIONS]).status == 1
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO("\n".join(read_lines(source)).encode())))
    result = mac(["loadtest", "check", "-", "--threshold", "http_req_duration", "p(95)<5000"])
    assert result.status == 0, result.stderr


def test_truncated_last_line_is_a_note_but_a_damaged_middle_line_is_an_error(mac, tmp_path):
    lines = read_lines(os.path.join(DATA, "pass.out.json"))
    cut = tmp_path / "cut.json"
    cut.write_text("\n".join(lines) + "\n" + lines[-1][:20])
    result = mac(["loadtest", "check", str(cut), "--options", OPTIONS])
    assert result.status == 0 and "cut short" in result.stderr
    damaged = tmp_path / "damaged.json"
    damaged.write_text("\n".join(lines[:5] + ["{oops"] + lines[5:]) + "\n")
    result = mac(["loadtest", "check", str(damaged), "--options", OPTIONS])
    assert result.status == 2 and ":6:" in result.stderr


def test_json_output(mac):
    result = mac(["loadtest", "check", os.path.join(DATA, "fail.out.json"), "--options", OPTIONS, "--format", "json"])
    data = json.loads(result.stdout)
    assert data["passed"] is False and data["format"] == NDJSON
    assert {t["metric"] for t in data["thresholds"]} == {"http_req_duration", "http_req_failed", "errors"}


def test_project_load_test_thresholds(mac, repo_root):
    result = mac(["loadtest", "check", os.path.join(DATA, "pass.handle-summary.json"), "--test", "load"], cwd=repo_root)
    # The project's load test also wants the journey's custom Trends, absent from this file.
    assert result.status == 1 and "product_search_duration" in result.stdout
    rows = [line.split() for line in result.stdout.splitlines()]
    assert ["http_req_duration", "p(95)<500", "402.77", "pass"] in rows


@pytest.mark.parametrize("kind", ["lognormal", "repeated integers", "tight cluster", "negative values"])
def test_quantiles_are_exact_past_the_raw_value_cap(kind):
    rng = random.Random(kind)
    values = {
        "lognormal": [rng.lognormvariate(4, 1) for _ in range(30000)],
        "repeated integers": [float(rng.randint(1, 5)) for _ in range(30000)],
        "tight cluster": [100 + rng.random() * 1e-9 for _ in range(3000)],
        "negative values": [rng.gauss(0, 10) for _ in range(30000)],
    }[kind]
    series = QuantileSeries(cap=64)
    for v in values:
        series.add(v)
    percentiles = [0, 50, 90, 95, 99, 99.9, 100]
    series.plan(percentiles)
    while series.needs_pass():
        series.start_pass()
        for v in values:
            series.feed(v)
        series.finish_pass()
    for p in percentiles:
        assert series.percentile(p) == k6_percentile(values, p)


def test_sample_points_writer_matches_documented_line_shape():
    out = io.StringIO()
    write_points(out, 2)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines[0]["type"] == "Metric" and set(lines[0]) == {"type", "data", "metric"}
    point = next(line for line in lines if line["type"] == "Point")
    assert set(point["data"]) == {"time", "value", "tags"}


def test_stdlib_json_parser_gives_the_same_results(monkeypatch):
    """orjson is optional (the `k6` extra): without it the standard library parses the lines."""
    import json as stdlib_json

    from monitoring_as_code.k6 import stream

    wanted = wanted_for({"http_req_duration": ["p(95)<1", "med<1"], "http_req_failed": ["rate<0.01"]})
    path = os.path.join(DATA, "fail.out.json")
    fast = load_results(path, wanted).series
    monkeypatch.setattr(stream, "_loads", stdlib_json.JSONDecoder().decode)
    assert load_results(path, wanted).series == fast


def test_points_without_metric_lines_use_builtin_types(tmp_path):
    """Counter `rate` is per second, not the Rate's non-zero share, even when no Metric line declared it."""
    lines = [line for line in read_lines(os.path.join(DATA, "pass.out.json")) if '"Metric"' not in line]
    path = tmp_path / "points.json"
    path.write_text("\n".join(lines) + "\n")
    results = load_results(str(path), wanted_for({"http_reqs": ["rate>0"], "http_req_failed": ["rate<0.01"]}))
    assert results.series["http_reqs"].values["rate"] == pytest.approx(400 / 60, rel=1e-6)
    assert results.series["http_req_failed"].metric_type == "rate"


def test_damaged_first_line_still_reads_as_a_point_stream(tmp_path):
    path = tmp_path / "points.json"
    path.write_text("{garbage\n" + "\n".join(read_lines(os.path.join(DATA, "pass.out.json"))) + "\n")
    assert detect_format(str(path)) == NDJSON
