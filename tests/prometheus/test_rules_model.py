"""The rule model: validation at construction, serialization, source locations."""

from __future__ import annotations

import pytest

from monitoring_as_code.core.encode import dump_yaml, to_data
from monitoring_as_code.prometheus import (
    AlertExpectation,
    AlertingRule,
    ExpectedAlert,
    ExpectedSample,
    PromqlExpectation,
    RecordingRule,
    RuleFile,
    RuleGroup,
    RuleTest,
    Series,
)


def alert(**kwargs):
    return AlertingRule(kwargs.pop("alert", "A"), kwargs.pop("expr", "up == 0"), **kwargs)


BAD = [
    ("PromQL syntax", lambda: alert(expr="sum(rate(x[5m])"), ValueError, "expr: could not parse expression"),
    ("expression not a string", lambda: alert(expr=1), TypeError, "expr must be a string"),
    ("empty alert name", lambda: alert(alert=""), ValueError, "alert name must not be empty"),
    ("bad duration", lambda: alert(for_="5 min"), ValueError, "for: not a valid duration string"),
    ("fractional duration", lambda: alert(keep_firing_for="1.5h"), ValueError, "keep_firing_for"),
    ("label name", lambda: alert(labels={"team-name": "x"}), ValueError, "invalid label name"),
    ("reserved label", lambda: alert(labels={"__name__": "x"}), ValueError, "reserved"),
    ("label value type", lambda: alert(labels={"priority": 1}), TypeError, "labels['priority'] must be a string"),
    ("annotation template", lambda: alert(annotations={"summary": "{{ $labels.job"}), ValueError, "unclosed action"),
    ("unknown template function", lambda: alert(annotations={"s": "{{ humanise $value }}"}), ValueError, "humanise"),
    ("recording name", lambda: RecordingRule("job requests", "up"), ValueError, "invalid recording rule name"),
    ("group without name", lambda: RuleGroup("", []), ValueError, "needs a name"),
    ("group interval", lambda: RuleGroup("g", [], interval="1m1h"), ValueError, "interval"),
    ("group limit", lambda: RuleGroup("g", [], limit=-1), ValueError, "limit"),
    ("not a rule in a group", lambda: RuleGroup("g", ["up == 0"]), TypeError, "rules[0] must be"),
    ("duplicate group names", lambda: RuleFile([RuleGroup("g", []), RuleGroup("g", [])]), ValueError, "unique"),
    ("file name with extension", lambda: RuleFile([], name="x.yml"), ValueError, "without folder or extension"),
    ("series notation", lambda: Series('up{job="a"}', "1 2 three"), ValueError, "invalid item 'three'"),
    ("series selector", lambda: Series('up{job=~"a"}', "1"), ValueError, "labels must be set with `=`"),
    ("eval time", lambda: AlertExpectation("5", "A"), ValueError, "eval_time"),
    ("test expecting nothing", lambda: RuleTest("t", [Series("up", "1")]), ValueError, "expects nothing"),
    ("promql expectation", lambda: PromqlExpectation("sum(", "1m"), ValueError, "expr"),
]


@pytest.mark.parametrize("make,error,message", [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_objects_are_refused_when_built(make, error, message):
    with pytest.raises(error, match=None) as info:
        make()
    assert message in str(info.value)


def test_rules_render_in_prometheus_key_order_without_empty_fields():
    rule = AlertingRule(
        "ServiceDown", "up == 0", for_="1m", labels={"severity": "critical"}, annotations={"summary": "down"},
    )
    group = RuleGroup("g", [RecordingRule("job:up:sum", "sum by (job) (up)"), rule], interval="30s")
    data = to_data(RuleFile([group]))
    assert data == {
        "groups": [{
            "name": "g",
            "interval": "30s",
            "rules": [
                {"record": "job:up:sum", "expr": "sum by (job) (up)"},
                {"alert": "ServiceDown", "expr": "up == 0", "for": "1m", "labels": {"severity": "critical"},
                 "annotations": {"summary": "down"}},
            ],
        }]
    }
    assert list(data["groups"][0]["rules"][1]) == ["alert", "expr", "for", "labels", "annotations"]


def test_a_triple_quoted_expression_is_dedented_and_written_as_a_block():
    rule = RecordingRule("job:x:rate5m", """
        sum by (job) (
          rate(x_total[5m])
        )
    """)
    assert rule.expr == "sum by (job) (\n  rate(x_total[5m])\n)"
    text = dump_yaml(to_data(RuleFile([RuleGroup("g", [rule])])), header=False)
    assert "expr: |-\n      sum by (job) (\n        rate(x_total[5m])\n      )\n" in text


def test_objects_remember_the_line_that_built_them():
    rule = AlertingRule("A", "up == 0")  # this line
    assert rule.source.file == __file__
    import inspect
    assert rule.source.line == inspect.currentframe().f_lineno - 3


def test_rule_test_renders_promtool_keys():
    test = RuleTest(
        "t", [Series('up{job="a"}', "0x3")],
        alerts=[AlertExpectation("2m", "A", [ExpectedAlert({"job": "a"}, {"summary": "a down"})])],
        promql=[PromqlExpectation("up", "1m", [ExpectedSample('up{job="a"}', 0)])],
    )
    assert to_data(test) == {
        "name": "t",
        "interval": "1m",
        "input_series": [{"series": 'up{job="a"}', "values": "0x3"}],
        "alert_rule_test": [{"eval_time": "2m", "alertname": "A",
                             "exp_alerts": [{"exp_labels": {"job": "a"}, "exp_annotations": {"summary": "a down"}}]}],
        "promql_expr_test": [{"expr": "up", "eval_time": "1m", "exp_samples": [{"labels": 'up{job="a"}', "value": 0}]}],
    }


def test_the_public_names_are_importable_from_the_package():
    from monitoring_as_code import prometheus

    for name in prometheus.__all__:
        assert getattr(prometheus, name).__name__ == name
    assert not any(name.startswith("Test") for name in prometheus.__all__)
