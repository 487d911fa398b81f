"""``rule/duplicate`` compares labels by a key that is equal exactly when the labels' sorted JSON
(values as ``str()``) is equal, as it always compared them, without writing JSON for string labels."""

from __future__ import annotations

import datetime
import itertools
import json
import random

import pytest

from monitoring_as_code.checks.rule_duplicate import _labels_key

ODD = [
    None,
    {},
    [],
    "severity",
    {"severity": "critical"},
    {"severity": "critical", "team": "platform"},
    {"team": "platform", "severity": "critical"},
    {"severity": 1},
    {"severity": "1"},
    {"severity": 1.0},
    {"severity": True},
    {"severity": "true"},
    {"severity": None},
    {"severity": "null"},
    {1: "a"},
    {"1": "a"},
    {True: "a"},
    {"true": "a"},
    {2: "a", 10: "b"},
    {"2": "a", "10": "b"},
    {"since": datetime.date(2024, 1, 1)},
    {"since": "2024-01-01"},
    {"nested": {"a": "b"}},
    {"nested": '{"a": "b"}'},
    {"list": ["a"]},
    {"é": "ü"},
    {"\\u00e9": "ü"},
    {"a": 'quote " and \\'},
]


def _old_key(labels) -> str:
    return json.dumps(labels if isinstance(labels, dict) else {}, sort_keys=True, default=str)


@pytest.mark.parametrize("a,b", list(itertools.combinations_with_replacement(range(len(ODD)), 2)))
def test_keys_match_exactly_when_the_json_does(a, b):
    left, right = {"labels": ODD[a]}, {"labels": ODD[b]}
    same_json = _old_key(ODD[a]) == _old_key(ODD[b])
    assert (_labels_key(left) == _labels_key(right)) == same_json, (ODD[a], ODD[b])


def test_random_string_labels_match_exactly_when_the_json_does():
    rng = random.Random(3)
    names, values = ["job", "team", "severity", "a", "b"], ["", "x", "y", "critical", "1"]
    label_sets = [
        {name: rng.choice(values) for name in rng.sample(names, rng.randint(0, 4))} for _ in range(300)
    ]
    for left, right in zip(label_sets, label_sets[1:] + label_sets[:1]):
        assert (_labels_key({"labels": left}) == _labels_key({"labels": right})) == (
            _old_key(left) == _old_key(right)
        )
