"""Random routing trees and inhibit-free configs: our engine and amtool give the same receivers.

Each example is a random tree (nesting, continue, inherited receivers, =, !=, =~, !~ matchers,
legacy match/match_re) checked with random label sets. Examples are few and amtool calls run in
a thread pool so this stays a few seconds.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitoring_as_code.alertmanager.amtool import routes_test
from monitoring_as_code.alertmanager.matchers import Matcher
from monitoring_as_code.alertmanager.routing import receivers_for

pytestmark = pytest.mark.amtool

NAMES = ["a", "b", "severity"]
VALUES = ["", "x", "y", "xy", "critical"]
PATTERNS = ["x", "x|y", ".*", ".+", "x.*", "(?i)X", "[xy]+", "crit.*", ""]
RECEIVERS = ["r0", "r1", "r2", "r3"]

matcher = st.one_of(
    st.builds(Matcher, st.sampled_from(NAMES), st.sampled_from(["=", "!="]), st.sampled_from(VALUES)),
    st.builds(Matcher, st.sampled_from(NAMES), st.sampled_from(["=~", "!~"]), st.sampled_from(PATTERNS)),
)


def route(depth: int):
    children = st.lists(st.deferred(lambda: route(depth + 1)), max_size=3) if depth < 3 else st.just([])
    return st.builds(
        lambda ms, legacy, cont, recv, kids: {
            k: v for k, v in {
                "receiver": recv, "matchers": [str(m) for m in ms] or None,
                "match": legacy or None, "continue": cont or None, "routes": kids or None,
            }.items() if v is not None
        },
        st.lists(matcher, max_size=2),
        st.dictionaries(st.sampled_from(NAMES), st.sampled_from(VALUES[1:]), max_size=1),
        st.booleans(),
        st.one_of(st.none(), st.sampled_from(RECEIVERS)),
        children,
    )


configs = st.builds(
    lambda kids: {"route": {"receiver": "r0", **({"routes": kids} if kids else {})},
                  "receivers": [{"name": r} for r in RECEIVERS]},
    st.lists(route(1), min_size=1, max_size=4),
)
labels = st.dictionaries(st.sampled_from(NAMES), st.sampled_from(VALUES), max_size=3)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(config=configs, label_sets=st.lists(labels, min_size=6, max_size=6))
def test_random_trees_agree_with_amtool(config, label_sets, amtool, tmp_path):
    path = tmp_path / "am.yml"
    path.write_text(yaml.safe_dump(config))
    env = {**os.environ, "MAC_AMTOOL": amtool}
    with ThreadPoolExecutor(max_workers=4) as pool:
        theirs = list(pool.map(lambda ls: routes_test(str(path), ls, env), label_sets))
    ours = [receivers_for(config, ls) for ls in label_sets]
    assert ours == theirs, yaml.safe_dump(config)
