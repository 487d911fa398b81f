"""Matcher strings with quotes, escapes, commas and braces: we accept exactly what amtool accepts,
and read the same values (checked by routing an alert that carries the value we parsed)."""

from __future__ import annotations

import os

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitoring_as_code.alertmanager.amtool import check_config, routes_test
from monitoring_as_code.alertmanager.matchers import MatcherError, parse_matchers
from monitoring_as_code.alertmanager.routing import receivers_for

pytestmark = pytest.mark.amtool

PIECES = st.sampled_from(['"', "\\", ",", "{", "}", " ", "a", "b", "=", "~", "!", "n", "é", "\t", ".", "*"])
MATCHER = st.builds(
    lambda name, op, value, quoted: f"{name}{op}" + (f'"{value}"' if quoted else value),
    st.sampled_from(["a", "b_c", " a", "a "]),
    st.sampled_from(["=", "!=", "=~", "!~", " = "]),
    st.lists(PIECES, max_size=6).map("".join),
    st.booleans(),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(MATCHER, st.lists(MATCHER, min_size=1, max_size=3).map(", ".join),
                      st.lists(MATCHER, min_size=1, max_size=2).map(lambda ms: "{" + ",".join(ms) + "}")))
def test_same_verdict_and_values_as_amtool(text, amtool, tmp_path):
    env = {**os.environ, "MAC_AMTOOL": amtool}
    config = {"route": {"receiver": "miss", "routes": [{"matchers": [text], "receiver": "hit"}]},
              "receivers": [{"name": "miss"}, {"name": "hit"}]}
    path = tmp_path / "am.yml"
    path.write_text(yaml.safe_dump(config))
    try:
        matchers = parse_matchers(text)
        ours_ok = True
    except MatcherError:
        ours_ok = False
    theirs = check_config(str(path), env)
    assert ours_ok == (theirs is None), (text, theirs)
    if ours_ok and matchers:
        # An alert carrying exactly the values we parsed: both engines must route it alike.
        labels = {m.name: m.value for m in matchers}
        assert receivers_for(config, labels) == routes_test(str(path), labels, env), (text, labels)
