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


def _reference_problems(docs) -> list[tuple[str, tuple, str]]:
    """``rule/duplicate`` as it was: every alert keyed by its normalised expression up front."""
    from monitoring_as_code.checks.rule_duplicate import _normalised
    from monitoring_as_code.prometheus.documents import iter_rules

    first, found = {}, []
    for doc in docs:
        for path, _group, rule in iter_rules(doc):
            if "record" in rule:
                key = ("record", str(rule.get("record")), _labels_key(rule))
            else:
                key = ("alert", str(rule.get("alert")), _labels_key(rule), _normalised(rule.get("expr", "")))
            if key not in first:
                first[key] = (doc, path)
            elif first[key][0] is not doc:
                found.append((doc.file, path, first[key][0].file))
    return found


def test_alert_expressions_compared_only_when_needed_find_the_same_duplicates():
    from monitoring_as_code.checks import all_checks
    from monitoring_as_code.core.document import Document
    from monitoring_as_code.core.project import Project
    from monitoring_as_code.core.target import Context

    check = next(c for c in all_checks() if c.name == "rule/duplicate")
    rng = random.Random(5)
    reported = 0
    for _ in range(60):
        docs = []
        for f in range(rng.randint(1, 4)):
            rules = []
            for _ in range(rng.randint(0, 8)):
                kind = rng.choice(["alert", "alert", "record"])
                rule = {kind: rng.choice(["A", "B", "job:x:rate5m"]), "expr": rng.choice(["x>1", "x > 1", "y>1", 3])}
                if rng.random() < 0.5:
                    rule["labels"] = {"severity": rng.choice(["page", "ticket"])}
                rules.append(rule)
            docs.append(Document(kind="prometheus/rules", data={"groups": [{"name": "g", "rules": rules}]},
                                 file=f"f{f}.yml", name=f"f{f}.yml"))
        ctx = Context(project=Project(root="."), documents=docs)
        problems = check.check_all(ctx)
        expected = _reference_problems(docs)
        reported += len(expected)
        assert len(problems) == len(expected)
        for problem, (file, path, first_file) in zip(problems, expected):
            assert problem.location.file == file
            assert problem.location.object_path.endswith(f"rules[{path[-1]}]")
            assert f"already defined at {first_file}" in problem.message
    assert reported > 30  # the files do repeat rules
