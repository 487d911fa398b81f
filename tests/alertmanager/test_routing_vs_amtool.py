"""Our routing engine answers exactly as `amtool config routes test` on every valid config of the
tests (tests/data/alertmanager/*.yml and Portal Universe), for chosen and random label sets.

amtool takes one alert per process (~12 ms), so calls run in a small thread pool and the random
label sets are bounded per config to keep the suite fast.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitoring_as_code.alertmanager.amtool import routes_test
from monitoring_as_code.alertmanager.routing import receivers_for, tree_of

pytestmark = pytest.mark.amtool

DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "alertmanager")
VALID_CONFIGS = sorted(os.path.join(DATA, f) for f in os.listdir(DATA) if f.endswith(".yml"))

# Values the configs' matchers care about, plus noise: hits, near misses and empty values.
VALUES = st.sampled_from([
    "", "1", "2", "x", "xy", "critical", "warning", "info", "Critical", "db", "storage", "frontend", "front",
    "dev", "prod", "eu-west-1", "us-east-1", "us-west-2", "api-gateway", "api-", "Watchdog", "foo1", "baz",
    "files", "team-a", "mysql", "database", "a.b", "axb", "/api/v2/x", "/api/v/x", 'say "hi"', "a\\b", "é",
])
LABELS = st.dictionaries(
    st.sampled_from(["severity", "team", "env", "region", "service", "alertname", "label", "a", "b", "c", "q",
                     "path", "dot", "owner", "cluster"]),
    VALUES, max_size=6,
)

CHOSEN = [
    {}, {"severity": "critical"}, {"severity": "critical", "team": "db"}, {"severity": "critical", "team": ""},
    {"severity": "critical", "team": "frontend", "env": "dev"}, {"severity": "warning", "service": "api-gateway"},
    {"env": "prod", "region": "eu-west-1"}, {"env": "prod", "region": "us-west-2"}, {"alertname": "Watchdog"},
    {"label": "x"}, {"env": "x"}, {"a": "1", "b": "1"}, {"a": "1", "b": "2", "c": "xy"}, {"a": "2", "b": "1"},
    {"q": 'say "hi"'}, {"path": "/api/v2/x", "dot": "a.b"}, {"path": "/api/v2/x", "dot": "axb"},
    {"service": "mysql", "severity": "critical"}, {"service": "files", "owner": "team-a", "severity": "critical"},
]


def _amtool_answers(amtool_path: str, config_path: str, label_sets: list[dict]) -> list[list[str]]:
    env = {**os.environ, "MAC_AMTOOL": amtool_path}
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda labels: routes_test(config_path, labels, env), label_sets))


@pytest.fixture(scope="module")
def portal_config(tmp_path_factory, repo_root_module):
    """The Portal Universe alertmanager.yml, built from the definition."""
    from monitoring_as_code.core.encode import dump_yaml, to_data
    from monitoring_as_code.core.loader import load_definitions

    defs = load_definitions([os.path.join(repo_root_module, "alertmanager", "alertmanager.py")], repo_root_module,
                            lambda o: type(o).__name__ == "AlertmanagerConfig")
    path = tmp_path_factory.mktemp("portal") / "alertmanager.yml"
    path.write_text(dump_yaml(to_data(defs[0].obj)))
    return str(path)


@pytest.fixture(scope="module")
def repo_root_module():
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _all_configs(portal_config: str) -> list[str]:
    return VALID_CONFIGS + [portal_config]


@pytest.mark.parametrize("name", [os.path.basename(p) for p in VALID_CONFIGS] + ["portal-universe"])
def test_chosen_label_sets_agree_with_amtool(name, amtool, portal_config):
    path = portal_config if name == "portal-universe" else os.path.join(os.path.dirname(VALID_CONFIGS[0]), name)
    with open(path, encoding="utf-8") as fh:
        config = yaml.safe_load(fh)
    tree = tree_of(config)
    ours = [[r.receiver for r in tree.match(labels)] for labels in CHOSEN]
    assert ours == _amtool_answers(amtool, path, CHOSEN)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(label_sets=st.lists(LABELS, min_size=8, max_size=8))
def test_random_label_sets_agree_with_amtool(label_sets, amtool, portal_config):
    # 10 examples x 8 label sets, each against every config: ~500 amtool calls in a 4-thread pool.
    for path in _all_configs(portal_config):
        with open(path, encoding="utf-8") as fh:
            config = yaml.safe_load(fh)
        ours = [receivers_for(config, labels) for labels in label_sets]
        assert ours == _amtool_answers(amtool, path, label_sets), path
