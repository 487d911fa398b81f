"""The run fingerprint lists the recording rules exactly as ``iter_rules`` walks a rule document."""

from __future__ import annotations

import pytest

from monitoring_as_code.checks._context import _recordings
from monitoring_as_code.core.document import Document
from monitoring_as_code.prometheus.documents import iter_rules

SHAPES = [
    {"groups": [{"name": "a", "rules": [{"record": "a:b:c", "expr": "x", "labels": {"t": "p"}}, {"alert": "A", "expr": "y"}]}]},
    {"kind": "PrometheusRule", "spec": {"groups": [{"rules": [{"record": "r", "expr": 1}]}]}},
    {"kind": "PrometheusRule", "groups": [{"rules": [{"record": "ignored"}]}]},
    {"groups": [None, "text", {"rules": None}, {"rules": "x"}, {"rules": [None, 3, {"record": None}, {"expr": "z"}]}]},
    {"groups": {"not": "a list"}},
    [],
    None,
]


@pytest.mark.parametrize("data", SHAPES)
def test_recordings_are_the_recording_rules_iter_rules_lists(data):
    doc = Document(kind="prometheus/rules", data=data, file="rules.yml", name="rules.yml")
    expected = [(r.get("record"), r.get("expr"), r.get("labels")) for _p, _g, r in iter_rules(doc) if "record" in r]
    assert _recordings(doc) == expected


def test_the_fingerprint_is_the_same_for_equal_data_however_it_was_built():
    """Read by yaml-rs, by PyYAML, or loaded back from the check cache (marshal): the same rules give
    the same fingerprint, else every cached run would check its files again."""
    import marshal
    import sys

    import yaml
    import yaml_rs

    from monitoring_as_code.checks._context import run_fingerprint
    from monitoring_as_code.core.project import Project
    from monitoring_as_code.core.target import Context

    text = (
        "groups:\n  - name: g\n    rules:\n"
        "      - record: job:x:rate5m\n        expr: sum by (job) (rate(x[5m]))\n        labels: {team: a, n: '1'}\n"
        "      - record: job:y:rate5m\n        expr: sum by (job) (rate(y[5m]))\n        labels: {team: a, tier: 1.5}\n"
    )
    fresh = yaml_rs.loads(text)
    interned = marshal.loads(marshal.dumps(fresh))  # as the cache gives it back: shared, interned strings
    interned["groups"][0]["rules"][1]["labels"]["team"] = sys.intern("a")

    def fingerprint(data) -> str:
        doc = Document(kind="prometheus/rules", data=data, file="r.yml", name="r.yml")
        return run_fingerprint(Context(project=Project(root="."), documents=[doc]))

    assert fingerprint(fresh) == fingerprint(yaml.safe_load(text)) == fingerprint(interned)
    changed = yaml_rs.loads(text.replace("team: a, n", "team: b, n"))
    assert fingerprint(changed) != fingerprint(fresh)
