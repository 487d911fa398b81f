"""`mac routes`: prints receivers as amtool does, verifies them, reads YAML and Python configs."""

from __future__ import annotations

import os

import pytest

DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "alertmanager")
NESTED = os.path.join(DATA, "nested.yml")


def test_prints_receivers_comma_separated_in_tree_order(mac):
    result = mac(["routes", NESTED, "severity=critical", "team=db"])
    assert result.status == 0
    assert result.stdout == "db-pager\n"
    result = mac(["routes", NESTED, "severity=critical", "team=payments", "service=api-x"])
    # backend-pager continues inside the critical subtree, then api-team continues; env is unset,
    # so neither prod-rest nor catchall-child (env!="") matches.
    assert result.stdout == "backend-pager,api-team\n"


@pytest.mark.amtool
@pytest.mark.parametrize("labels", [
    ["severity=critical", "team=payments", "service=api-x", "env=prod"],
    ["severity=warning", 'service="api-gateway"'],
    [],
    ["env=prod", "region=us-west-2"],
])
def test_output_is_amtools(mac, amtool, labels):
    import subprocess

    ours = mac(["routes", NESTED, *labels]).stdout
    theirs = subprocess.run([amtool, "config", "routes", "test", f"--config.file={NESTED}", *labels],
                            capture_output=True, text=True, check=True).stdout
    assert ours == theirs


def test_verify_receivers(mac):
    ok = mac(["routes", NESTED, "severity=critical", "team=db", "--verify-receivers", "db-pager"])
    assert ok.status == 0
    bad = mac(["routes", NESTED, "severity=critical", "team=db", "--verify.receivers", "pager"])
    assert bad.status == 1 and "did not match" in bad.stdout


def test_tree_shows_matched_routes(mac):
    result = mac(["routes", NESTED, "severity=critical", "team=db", "--tree"])
    assert 'route.routes[0].routes[0]  {team=~"db|storage"}  receiver: db-pager' in result.stdout


def test_python_definition_file(mac, repo_root):
    result = mac(["routes", os.path.join(repo_root, "alertmanager", "alertmanager.py"), "severity=critical"], cwd=repo_root)
    assert result.stdout == "pagerduty-critical,slack-notifications\n"


def test_usage_errors(mac, tmp_path):
    assert mac(["routes", NESTED, "severity!=x"]).status == 2
    (tmp_path / "x.yml").write_text("groups: []\n")
    result = mac(["routes", str(tmp_path / "x.yml")])
    assert result.status == 2 and "not an alertmanager.yml" in result.stderr
    assert mac(["routes", str(tmp_path / "missing.yml")]).status == 2
