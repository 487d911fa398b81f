"""The in-process syntax checkers: durations, templates, series notation, names, target versions."""

from __future__ import annotations

import pytest

from monitoring_as_code.core.problem import Severity
from monitoring_as_code.prometheus.dialect import Dialect
from monitoring_as_code.prometheus.durations import (
    duration_error,
    duration_ms,
    format_duration,
)
from monitoring_as_code.prometheus.names import (
    label_name_error,
    metric_name_error,
)
from monitoring_as_code.prometheus.promql import expr_issues
from monitoring_as_code.prometheus.series import series_error, values_error
from monitoring_as_code.prometheus.templates import template_error

V2 = Dialect.parse("2.42")
V3 = Dialect.parse("3.5")


@pytest.mark.parametrize("value,error", [
    ("5m", None), ("1h30m", None), ("0", None), (0, None), ("1y2w3d4h5m6s7ms", None),
    ("5", "not a valid duration string: '5'"), (5, "not a valid duration string: '5'"),
    ("1m1h", "not a valid duration string"), ("1.5h", "not a valid duration string"), ("", "empty duration string"),
    ("-5m", "not a valid duration string"), (True, "'true'"), ([1], "expected a duration string"),
    ("999999999y", "duration out of range"),
])
def test_durations(value, error):
    found = duration_error(value)
    assert (found is None) if error is None else (error in found)


def test_duration_arithmetic_round_trips():
    assert duration_ms("1h30m") == 5_400_000
    assert format_duration(5_400_000) == "1h30m"
    assert format_duration(0) == "0s"


@pytest.mark.parametrize("text,error", [
    ("plain", None),
    ("{{ $labels.job }} at {{ $value | humanizePercentage }}", None),
    ("{{ with $labels.job }}{{ . }}{{ end }}", None),
    ("{{ if eq $labels.severity \"critical\" }}page{{ else if $value }}x{{ else }}y{{ end }}", None),
    ("{{ range $k, $v := $labels }}{{ $k }}={{ $v }}{{ end }}", None),
    ("{{- /* comment */ -}}{{ $externalLabels.cluster }}", None),
    ("{{ printf \"%.2f\" $value }}", None),
    ("{{ $labels.job", "unclosed action"),
    ("{{ $labels.job }", "unclosed action"),
    ("{{ humanise $value }}", "function 'humanise' not defined"),
    ("{{ $label.job }}", "undefined variable '$label'"),
    ("{{ if $value }}x", "unexpected EOF"),
    ("{{ end }}", "unexpected {{end}}"),
    ("{{ else }}", "unexpected {{else}}"),
    ("{{ break }}", "outside {{range}}"),
    ("{{ (printf \"x\" }}", "unclosed left paren"),
    ("{{}}", "missing value for command"),
    ("{{ \"\\q\" }}", "invalid syntax"),
    ("{{ $x := 1 }}{{ $x = 2 }}{{ $x }}", None),
    ("{{ $x := 1 }}{{ $x=2 }}", "bad character U+003D '='"),  # Go: a name ends at a space, `.`, `|`, `:`...
    ("{{ humanize\"x\" }}", "bad character U+0022 '\"'"),
    ("{{ $labels.job`raw` }}", "bad character U+0060 '`'"),
])
def test_templates(text, error):
    found = template_error(text, V2)
    assert (found is None) if error is None else (error in (found or "")), found


def test_template_functions_follow_the_target_version():
    assert "not defined" in template_error("{{ toDuration 1 }}", V2)
    assert template_error("{{ toDuration 1 }}", V3) is None


@pytest.mark.parametrize("values,ok", [
    ("1+0x10", True), ("_ stale 0+10x5 100-1x5", True), ("_x3 1e3 -Inf NaN", True), ("", True),
    ("1 2 three", False), ("0x1F", False), ("1+Infx2", False), ("1,2", False),
])
def test_series_values(values, ok):
    assert (values_error(values) is None) is ok


@pytest.mark.parametrize("series,ok", [
    ('up{job="a"}', True), ("up", True), ('{__name__="up",job="a"}', True),
    ('up{job=~"a"}', False), ("rate(up[5m])", False), ("up offset 5m", False), ("", False),
])
def test_series_descriptions(series, ok):
    assert (series_error(series) is None) is ok


def test_names():
    assert label_name_error("team") is None
    assert "invalid label name" in label_name_error("team-name")
    assert "reserved" in label_name_error("__name__")
    assert label_name_error("__name__", "annotation") is None
    assert metric_name_error("job:http_requests:rate5m") is None
    assert metric_name_error("1abc")


def _checks(expr: str, dialect: Dialect) -> list[tuple[str, str]]:
    return [(issue.check, str(issue.severity)) for issue in expr_issues(expr, dialect)]


@pytest.mark.parametrize("expr,v2,v3", [
    ("sum by (job) (rate(x[5m]))", [], []),
    ("limitk(2, x)", [("promql/version", "bug")], [("promql/experimental", "warning")]),
    ("holt_winters(x[5m], 0.5, 0.5)", [], [("promql/version", "bug")]),
    ("x offset 5", [("promql/version", "bug")], []),
    ('{"my.metric", job="a"}', [("promql/version", "bug")], []),
    ('label_replace(x, "a", "$1", "b", "(.*)")', [], []),
    ('x{a="1" or b="2"}', [("promql/syntax", "bug")], [("promql/syntax", "bug")]),
    ("rate(x)", [("promql/syntax", "bug")], [("promql/syntax", "bug")]),
])
def test_promql_by_target_version(expr, v2, v3):
    assert _checks(expr, V2) == v2
    assert _checks(expr, V3) == v3


def test_a_bad_target_version_is_a_usage_error(project, mac):
    with open(project / "setup.cfg", "a", encoding="utf-8") as fh:
        fh.write("prometheus_version = latest\n")
    (project / "rules" / "x.py").write_text(
        "from monitoring_as_code.prometheus import AlertingRule, RuleFile, RuleGroup\n"
        "x = RuleFile([RuleGroup('g', [AlertingRule('A', 'up == 0')])])\n"
    )
    result = mac(["check"], cwd=str(project))
    assert result.status == 2 and "prometheus_version 'latest'" in result.stderr


def test_severity_ordering_is_respected():
    assert Severity.WARNING < Severity.BUG
