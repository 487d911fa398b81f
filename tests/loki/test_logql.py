"""The in-process LogQL parser: Loki's query forms parse; syntax errors name their column and a hint."""

from __future__ import annotations

import pytest

from monitoring_as_code.loki.logql import LogQLSyntaxError, parse

VALID = [
    ('{job="api"}', "log"),
    ('{job="api", env!="dev", pod=~"api-.+", ns!~"kube-.*"}', "log"),
    ('{job="api"} |= "error" != "timeout" |~ `(?i)fail` !~ "debug|trace"', "log"),
    ('{job="api"} |= "a" or "b" |> "<_> error <_>"', "log"),
    ('{job="api"} |= ip("10.0.0.0/8")', "log"),
    ('{job="api"} | json', "log"),
    ('{job="api"} | json status="response.status", method="request.method"', "log"),
    ('{job="api"} | logfmt --strict --keep-empty level, msg="message"'.replace(" level,", ""), "log"),
    ('{job="api"} | regexp `(?P<ip>\\S+) (?P<status>\\d+)`', "log"),
    ('{job="api"} | pattern `<ip> - - <_> "<method> <path> <_>" <status>`', "log"),
    ('{job="api"} | unpack | decolorize', "log"),
    ('{job="api"} | json | status >= 500 and duration > 1.5s or size > 10KiB', "log"),
    ('{job="api"} | logfmt | level="error", method=~"GET|POST" (status=500 or status == 503)', "log"),
    ('{job="api"} | line_format "{{.level}} {{.msg}}" | label_format svc=service, msg="{{.a}}"', "log"),
    ('{job="api"} | drop level, method="GET" | keep job, status', "log"),
    ('{job="api"} # a comment\n  |= "error"', "log"),
    ('count_over_time({job="api"}[5m])', "metric"),
    ('rate({job="api"} |= "error" [1m])', "metric"),
    ('sum(count_over_time({job="api"}[5m] |= "x"))', "metric"),
    ('bytes_rate({job="api"}[5m]) offset 1h'.replace(" offset 1h", ""), "metric"),
    ('bytes_over_time({job="api"}[5m] offset 1h)', "metric"),
    ('absent_over_time({job="api"}[5m])', "metric"),
    ('sum by (job) (rate({job=~"api|web"} |~ `\\bERROR\\b` [5m])) > 0.1', "metric"),
    ('sum without (pod) (rate({job="api"}[5m]))', "metric"),
    ('sum(rate({job="api"}[5m])) by (job)', "metric"),
    ('quantile_over_time(0.99, {job="api"} | logfmt | unwrap duration(latency) | __error__="" [5m]) by (job)',
     "metric"),
    ('avg_over_time({job="api"} | json | unwrap bytes(size) [5m])', "metric"),
    ('rate_counter({job="api"} | logfmt | unwrap requests [5m])', "metric"),
    ('topk(5, sum by (path) (rate({job="api"}[1m])))', "metric"),
    ('sum(rate({job="a"} |= "error" [5m])) / sum(rate({job="a"}[5m])) * 100 > bool 5', "metric"),
    ('sum by (job) (rate({job="a"}[5m])) > on (job) group_left vector(0)', "metric"),
    ('sum by (job) (rate({job="a"}[5m])) or vector(0)', "metric"),
    ('label_replace(rate({job="a"}[5m]), "svc", "$1", "job", "(.*)")', "metric"),
    ('sum(rate(({job="a"} |= "x")[5m]))', "metric"),
    ('-sum(rate({job="a"}[5m])) ^ 2', "metric"),
]


@pytest.mark.parametrize("query,kind", VALID, ids=[q for q, _ in VALID])
def test_valid_queries_parse(query, kind):
    assert parse(query).kind == kind


INVALID = [
    ('{job="api"', 11, "separate matchers with commas"),
    ('{}', 1, 'select streams by label'),
    ('{job=~".*"}', 1, '{job=~".+"}'),
    ('{job=api}', 6, "quoted"),
    ('{job="api"} |= error', 16, "quoted string"),
    ('{job="a"} |= "x', 14, "close the string"),
    ('{job="a"} |= "\\d"', 15, "backquoted raw string"),
    ('{job="a"} | jsn', 13, "did you mean json?"),
    ('{job="a"} | regexp "(\\\\w+)"', 20, "name the groups"),
    ('{job="a"} | pattern "no captures"', 21, "<ip>"),
    ('{job="a"} | status > "500"', 22, "drop the quotes"),
    ('{job="a"} |~ "(?=x)"', 14, "lookaround"),
    ('{job="a"} | line_format "{{.a}"', 25, "close every {{"),
    ('{job="a"}[5m]', 10, "count_over_time"),
    ('count_over_tim({job="a"}[5m])', 1, "did you mean count_over_time?"),
    ('sum(rate({job="a"}))', 19, "[5m]"),
    ('rate({job="a"}[5 m])', 16, "[5m]"),
    ('rate({job="a"}[5x])', 17, "durations"),
    ('sum_over_time({job="a"}[5m])', 1, "unwrap"),
    ('count_over_time({job="a"} | unwrap x [5m])', 1, "sum_over_time"),
    ('sum(rate({job="a"}[5m])) by job', 29, "by (job, service)"),
    ('sum(rate({job="a"}[5m])) >', 27, "count_over_time"),
    ('sum({job="a"})', 5, "range aggregation"),
    ('rate({job="a"}[5m]) by (job)', 21, "sum by"),
    ('quantile_over_time({job="a"} | unwrap x [5m])', 20, "quantile first"),
    ('', 1, 'stream selector'),
]


@pytest.mark.parametrize("query,column,hint", INVALID, ids=[q or "<empty>" for q, _, _ in INVALID])
def test_syntax_errors_name_the_column_and_give_a_hint(query, column, hint):
    with pytest.raises(LogQLSyntaxError) as err:
        parse(query)
    assert err.value.column == column, str(err.value)
    assert hint in err.value.hint, err.value.hint


def test_multi_line_queries_report_line_and_column():
    with pytest.raises(LogQLSyntaxError) as err:
        parse('sum by (job) (\n  rate({job="a"} |= "x" [5m]\n)')
    assert (err.value.line, err.value.column) == (3, 2)


def test_metric_results_know_the_labels_they_keep():
    assert parse('sum by (job, service) (rate({job="a"}[5m])) > 1').labels == {"job", "service"}
    assert parse('sum(rate({job="a"}[5m]))').labels == frozenset()
    assert parse('rate({job="a"}[5m])').labels is None
    assert parse('label_replace(sum by (job) (rate({job="a"}[5m])), "svc", "$1", "job", "(.*)")').labels == {
        "job", "svc"}
