"""Matchers, routing and inhibition semantics, as Alertmanager defines them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitoring_as_code.alertmanager.inhibition import muted
from monitoring_as_code.alertmanager.matchers import (
    Matcher,
    MatcherError,
    parse_matcher,
    parse_matchers,
    quote,
)
from monitoring_as_code.alertmanager.regex import regex_error
from monitoring_as_code.alertmanager.routing import (
    parse_label_args,
    receivers_for,
    tree_of,
)


@pytest.mark.parametrize("text, expected", [
    ('severity="critical"', [Matcher("severity", "=", "critical")]),
    ("severity=critical", [Matcher("severity", "=", "critical")]),
    ('{a="1", b!~"x|y"}', [Matcher("a", "=", "1"), Matcher("b", "!~", "x|y")]),
    ('  job =~ "api-.*"  ', [Matcher("job", "=~", "api-.*")]),
    ('msg="a, b", c="d"', [Matcher("msg", "=", "a, b"), Matcher("c", "=", "d")]),
    (r'q="say \"hi\""', [Matcher("q", "=", 'say "hi"')]),
    (r'p="a\\b\nc"', [Matcher("p", "=", "a\\b\nc")]),
    (r'p="a\tb"', [Matcher("p", "=", "a\\tb")]),  # spurious escapes stay literal
    ('team=""', [Matcher("team", "=", "")]),
])
def test_matchers_parse_as_alertmanager(text, expected):
    assert parse_matchers(text) == expected


@pytest.mark.parametrize("text, message", [
    ("1a=b", "bad matcher format"),
    ('a="b', "unescaped double quote"),
    ('a="b"c"', "unescaped double quote"),
    ("a==b", None),  # value '=b': valid, as in Alertmanager
    ('a=~"(?<=x)y"', "invalid regular expression"),
    (r'a=~"(x)\1"', "invalid regular expression"),
])
def test_bad_matchers(text, message):
    if message is None:
        assert parse_matcher(text) == Matcher("a", "=", "=b")
        return
    with pytest.raises(MatcherError, match=message.replace("(", r"\(")):
        parse_matcher(text)


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=20))
def test_quoted_values_round_trip(value):
    assert parse_matcher("x=" + quote(value)).value == value


def test_regexes_are_anchored_and_re2():
    m = Matcher("job", "=~", "api")
    assert m.matches({"job": "api"}) and not m.matches({"job": "api-gateway"}) and not m.matches({"job": "my-api"})
    assert not Matcher("job", "=~", "api$").matches({"job": "api\n"})  # Python's $ would match before \n
    assert Matcher("name", "=~", r"\pL+").matches({"name": "héllo"})  # RE2 classes Python's re lacks
    assert Matcher("name", "=~", "[[:alpha:]]+").matches({"name": "abc"})
    assert regex_error("(?=x)") and regex_error("a++") and regex_error("(?P<n>a)(?P=n)")
    assert regex_error("x|y") is None


def test_missing_label_is_the_empty_string():
    assert Matcher("team", "=", "").matches({})
    assert Matcher("team", "!=", "ops").matches({})
    assert Matcher("team", "=~", ".*").matches({}) and not Matcher("team", "=~", ".+").matches({})
    assert Matcher("team", "!~", ".+").matches({})


CONFIG = {
    "route": {
        "receiver": "default",
        "routes": [
            {"matchers": ['severity="critical"'], "receiver": "pager", "continue": True,
             "routes": [{"matchers": ['team="db"'], "receiver": "db"}]},
            {"matchers": ['severity=~"critical|warning"'], "continue": True},  # inherits "default"
            {"match": {"severity": "warning"}, "receiver": "chat"},
            {"match_re": {"severity": "info|debug"}, "receiver": "log"},
        ],
    },
}


@pytest.mark.parametrize("labels, expected", [
    ({"severity": "critical"}, ["pager", "default"]),
    ({"severity": "critical", "team": "db"}, ["db", "default"]),
    ({"severity": "warning"}, ["default", "chat"]),
    ({"severity": "info"}, ["log"]),
    ({"severity": "xinfo"}, ["default"]),
    ({}, ["default"]),
])
def test_routing(labels, expected):
    assert receivers_for(CONFIG, labels) == expected


def test_tree_inherits_options():
    config = {"route": {"receiver": "r", "group_by": ["alertname"], "group_wait": "10s", "routes": [
        {"receiver": "x", "routes": [{"group_by": ["..."]}, {"group_by": []}]},
    ]}}
    tree = tree_of(config)
    child, grand_all, grand_none = tree.routes[0], tree.routes[0].routes[0], tree.routes[0].routes[1]
    assert child.group_by == ("alertname",) and child.options["group_wait"] == "10s"
    assert child.options["repeat_interval"] == "4h"
    assert grand_all.group_by_all and grand_all.receiver == "x"
    assert grand_none.group_by == () and not grand_none.group_by_all


def test_label_arguments_are_read_as_amtool_reads_them():
    assert parse_label_args(["a=b", 'c="d e"', "f="]) == {"a": "b", "c": "d e", "f": ""}
    with pytest.raises(ValueError, match="key=value"):
        parse_label_args(["a!=b"])


INHIBIT = {
    "route": {"receiver": "r"},
    "inhibit_rules": [
        {"source_matchers": ['severity="critical"'], "target_matchers": ['severity="warning"'],
         "equal": ["alertname", "job"]},
        {"source_match": {"alertname": "NodeDown"}, "target_match_re": {"alertname": ".+"}, "equal": ["node"]},
    ],
}


def test_inhibition():
    crit = {"alertname": "A", "job": "j", "severity": "critical"}
    warn = {"alertname": "A", "job": "j", "severity": "warning"}
    other_job = {"alertname": "A", "job": "k", "severity": "warning"}
    assert muted(INHIBIT, [crit, warn, other_job]) == [False, True, False]
    assert muted(INHIBIT, [warn]) == [False]  # nothing fires to mute it
    # equal labels missing on both sides count as equal
    assert muted(INHIBIT, [{"severity": "critical"}, {"severity": "warning"}]) == [False, True]


def test_an_alert_never_inhibits_itself():
    node_down = {"alertname": "NodeDown", "node": "n1"}
    app = {"alertname": "AppDown", "node": "n1"}
    # NodeDown matches both sides of rule 2: it mutes AppDown but not itself.
    assert muted(INHIBIT, [node_down, app]) == [False, True]
    assert muted(INHIBIT, [node_down]) == [False]
    # Two NodeDowns on one node: each matches both sides, so neither mutes the other.
    assert muted(INHIBIT, [node_down, {**node_down, "x": "2"}]) == [False, False]
