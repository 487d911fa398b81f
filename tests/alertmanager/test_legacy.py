"""Legacy match/match_re: understood, converted to matchers with the same routing, and existing
YAML turned into model objects that rebuild the same config."""

from __future__ import annotations

import os

import yaml

from monitoring_as_code.alertmanager.inhibition import muted
from monitoring_as_code.alertmanager.legacy import convert, from_data
from monitoring_as_code.alertmanager.routing import receivers_for
from monitoring_as_code.core.encode import to_data

DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "alertmanager")


def _load(name: str) -> dict:
    with open(os.path.join(DATA, name), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


LABEL_SETS = [
    {}, {"severity": "critical"}, {"severity": "critical", "service": "foo1"}, {"severity": "critical", "service": "foo"},
    {"severity": "critical", "service": "files", "owner": "team-a"}, {"service": "mysql", "severity": "warning"},
    {"service": "database"}, {"severity": "warning"}, {"service": "mysql", "severity": "info"},
]


def test_convert_removes_legacy_keys_and_keeps_routing():
    legacy = _load("legacy.yml")
    converted = convert(legacy)
    text = yaml.safe_dump(converted)
    assert "match:" not in text and "match_re:" not in text and "source_match:" not in text
    assert converted["route"]["routes"][0]["matchers"] == ['severity="critical"']
    assert converted["route"]["routes"][1]["matchers"] == ['service=~"database|mysql"', 'severity!="info"']
    for labels in LABEL_SETS:
        assert receivers_for(converted, labels) == receivers_for(legacy, labels), labels
    firing = [{"severity": "critical", "alertname": "A", "cluster": "c"}, {"severity": "info", "alertname": "A", "cluster": "c"}]
    assert muted(converted, firing) == muted(legacy, firing) == [False, True]


def _normalized(node):
    """Matcher lists written one matcher per item (`{a="1", b="2"}` is two matchers)."""
    from monitoring_as_code.alertmanager.matchers import parse_matchers

    if isinstance(node, dict):
        return {k: [str(m) for item in v for m in parse_matchers(item)] if k.endswith("matchers") else _normalized(v)
                for k, v in node.items()}
    if isinstance(node, list):
        return [_normalized(x) for x in node]
    return node


def test_from_data_rebuilds_an_equal_config():
    for name in sorted(os.listdir(DATA)):
        original = _load(name)
        model = from_data(original)
        assert _normalized(to_data(model)) == _normalized(convert(original)), name


def test_from_data_keeps_unmodelled_keys_in_extra():
    model = from_data({"route": {"receiver": "r"}, "receivers": [{"name": "r", "telegram_configs": [{"chat_id": 1}]}]})
    assert model.receivers[0].extra == {"telegram_configs": [{"chat_id": 1}]}


def test_mac_import_alertmanager_round_trips(mac, tmp_path):
    from monitoring_as_code.core.loader import import_file

    for name in sorted(os.listdir(DATA)):
        out = tmp_path / f"{name[:-4]}_imported.py"
        result = mac(["import", "alertmanager", os.path.join(DATA, name), "-o", str(out)], cwd=str(tmp_path))
        assert result.status == 0, result.stderr
        module = import_file(str(out), str(tmp_path))
        assert _normalized(to_data(module.CONFIG)) == _normalized(convert(_load(name))), name


def test_mac_import_rejects_what_is_not_an_alertmanager_config(mac, tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("groups: []\n")
    result = mac(["import", "alertmanager", str(path)], cwd=str(tmp_path))
    assert result.status == 2 and "not an alertmanager.yml" in result.stderr


def test_model_round_trips_through_yaml_for_random_route_trees():
    """Random routing trees: YAML text -> model -> YAML data is the identity, and rendering is deterministic."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from monitoring_as_code.core.encode import dump_yaml

    names = st.sampled_from(["severity", "team", "job"])
    values = st.sampled_from(["critical", 'quo"te', "back\\slash", "multi\nline", "", "é"])
    matchers = st.lists(st.builds(lambda n, op, v: f"{n}{op}" + '"' + v.replace("\\", "\\\\").replace('"', '\\"')
                                  .replace("\n", "\\n") + '"', names, st.sampled_from(["=", "!="]), values), max_size=2)
    route = st.recursive(
        st.fixed_dictionaries({"receiver": st.sampled_from(["a", "b"])}, optional={"matchers": matchers,
                                                                                     "continue": st.just(True)}),
        lambda children: st.fixed_dictionaries(
            {"receiver": st.sampled_from(["a", "b"])}, optional={"matchers": matchers, "routes": st.lists(children, max_size=3)}
        ),
        max_leaves=8,
    )

    @settings(max_examples=50, deadline=None)
    @given(route)
    def check(tree):
        root = {k: v for k, v in tree.items() if k != "matchers"}  # the root route takes every alert
        data = {"route": root, "receivers": [{"name": "a"}, {"name": "b"}]}
        text = dump_yaml(data)
        model = from_data(yaml.safe_load(text))
        assert _normalized(to_data(model)) == _normalized(data)
        assert dump_yaml(to_data(model)) == dump_yaml(to_data(from_data(yaml.safe_load(text))))

    check()
