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
