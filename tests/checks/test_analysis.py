"""The helpers the checks stand on: PromQL output labels, Go template reading, Grafana variables,
Alertmanager matchers and LogQL selectors."""

import pytest

from monitoring_as_code.checks._alertmanager import example, matchers_of, parse_matcher
from monitoring_as_code.checks._grafana import range_variable, substitute
from monitoring_as_code.checks._labels import output_labels
from monitoring_as_code.checks._logql import matches_empty, stream_selectors
from monitoring_as_code.checks._promql import parsed
from monitoring_as_code.checks._templates import label_refs, mistakes

LABELS = [
    ("sum by (job) (rate(x_total[5m])) > 1", True, {"job"}),
    ("sum(x)", True, set()),
    ("sum without (instance) (x)", False, {"instance"}),
    ("rate(x_total[5m]) > 1", False, set()),
    ("a / on (job) b", True, {"job"}),
    ("sum by (job, instance) (a) / ignoring (instance) sum by (job) (b)", True, {"job"}),
    ("sum by (job) (a) * on (job) group_left (team) info", True, {"job", "team"}),
    ("info * on (job) group_right (team) sum by (job) (a)", True, {"job", "team"}),
    ("sum by (job) (a) / sum by (job, pod) (b)", True, {"job"}),
    ("sum by (a) (x) or sum by (b) (y)", True, {"a", "b"}),
    ("sum by (a) (x) and on () y", True, {"a"}),
    ('label_replace(sum by (a) (x), "b", "$1", "a", "(.*)")', True, {"a", "b"}),
    ("histogram_quantile(0.9, sum by (le, job) (rate(x_bucket[5m])))", True, {"job"}),
    ('absent(up{job="a", instance=~"b.*"})', True, {"job"}),
    ("topk(3, sum by (job) (x))", True, {"job"}),
    ('count_values("version", build_info)', True, {"version"}),
    ("max_over_time(sum by (job) (x)[1h:])", True, {"job"}),
    ("vector(1)", True, set()),
    ("unknown_function(x)", False, set()),
    ('x{foo=""}', False, {"foo"}),
]


@pytest.mark.parametrize("expr,closed,names", LABELS, ids=[c[0] for c in LABELS])
def test_output_labels(expr, closed, names):
    labels = output_labels(parsed(expr).ast)
    assert (labels.closed, set(labels.names)) == (closed, names)


def test_recorded_series_resolve_to_their_rule_labels():
    from monitoring_as_code.checks._labels import LabelSet

    known = {"job:x:rate5m": LabelSet(True, frozenset({"job"}))}
    labels = output_labels(parsed("job:x:rate5m > 1").ast, known.get)
    assert labels == LabelSet(True, frozenset({"job"}))


def test_template_reading():
    assert label_refs('{{ $labels.job }} {{ .Labels.pod }} {{ index $labels "instance" }} {{ $value }}') == ["job", "pod", "instance"]
    assert mistakes("{{ $labels.job }} is {{ $value | humanizePercentage }}") == []
    assert mistakes("{{ $label.job }}") == ["undefined variable `$label` (did you mean `$labels`?)"]
    assert mistakes("{{ if $value }}x") == ["an `if`, `range` or `with` is not closed by `{{ end }}`"]
    assert mistakes("{{ $value | humanise }}") == ["unknown template function `humanise`"]
    assert mistakes("{{ $labels.job }") == ["unbalanced `{{`/`}}`: an action is not closed (or closed twice)"]


def test_grafana_substitution():
    text = substitute('rate(x{job=~"$job", pod="${pod:regex}"}[$__rate_interval] offset $off) / [[scale]]')
    assert "__mac_var__" in text and "$" not in text and "[[" not in text
    call = parsed(text).of_kind("MatrixSelector")[0].expr
    assert range_variable(call.range) == "__rate_interval"
    assert range_variable(parsed(substitute("rate(x[5m])")).of_kind("MatrixSelector")[0].expr.range) is None


def test_alertmanager_matchers():
    assert str(parse_matcher('severity=~"warning|critical"')) == 'severity=~"warning|critical"'
    route = {"match": {"a": "1"}, "match_re": {"b": "x|y"}, "matchers": ["c!=2", 'd="q"']}
    assert [str(m) for m in matchers_of(route)] == ['a="1"', 'b=~"x|y"', 'c!="2"', 'd="q"']
    assert example(matchers_of({"matchers": ["severity=critical", 'severity=~"critical|warning"']})) == {"severity": "critical"}
    assert example(matchers_of({"matchers": ["severity=critical", "severity=warning"]})) is None


def test_logql_selectors():
    [selector] = stream_selectors('sum(rate({app="api", env=~"prod|stg"} |= "{not a selector}" [5m]))')
    assert selector.matchers == (("app", "=", "api"), ("env", "=~", "prod|stg"))
    assert matches_empty("=~", ".*") and not matches_empty("=~", ".+") and matches_empty("=", "")
