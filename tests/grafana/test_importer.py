"""``mac import dashboard``: the generated Python rebuilds a semantically equal dashboard."""

import glob
import json
import os

import pytest

from monitoring_as_code.grafana.importer import import_dashboard, round_trips
from monitoring_as_code.grafana.normalize import canonical

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = sorted(glob.glob(os.path.join(HERE, "..", "data", "dashboards", "real", "*.json")))


def rebuild(source):
    namespace = {}
    exec(compile(source, "<generated>", "exec"), namespace)
    from monitoring_as_code.grafana.model import DashboardDefinition

    (definition,) = [v for v in namespace.values() if isinstance(v, DashboardDefinition)]
    return definition


@pytest.mark.parametrize("path", REAL, ids=[os.path.basename(p) for p in REAL])
def test_real_world_dashboards_round_trip(path):
    with open(path) as fh:
        text = fh.read()
    source = import_dashboard(text, os.path.basename(path))
    assert "from grafanalib.core import Dashboard" in source
    assert canonical(rebuild(source)) == canonical(json.loads(text))
    assert round_trips(source, json.loads(text)) is None


def test_envelope_keeps_the_folder():
    envelope = {"dashboard": {"id": 3, "version": 9, "uid": "abc", "title": "From API", "panels": [
        {"type": "stat", "title": "s", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 4}, "id": 1}]},
        "meta": {"folderUid": "team", "folderTitle": "Team", "version": 9}}
    source = import_dashboard(json.dumps(envelope), "api.json")
    definition = rebuild(source)
    assert definition.folder.uid == "team" and definition.folder.title == "Team"
    assert canonical(definition) == canonical(envelope["dashboard"])


def test_cli_writes_python_that_mac_builds(mac, tmp_path, repo_root):
    out = tmp_path / "dashboards" / "imported.py"
    out.parent.mkdir()
    src = os.path.join(repo_root, "tests", "data", "dashboards", "real", "k8s-resources-namespace.json")
    result = mac(["import", "dashboard", src, "-o", str(out)], cwd=str(tmp_path))
    assert result.status == 0, result.stderr
    (tmp_path / "setup.cfg").write_text("[monitoring_as_code]\ndefinitions = dashboards\n")
    built = mac(["build", "--fail-on", "fatal"], cwd=str(tmp_path))
    assert built.status == 0, built.stdout + built.stderr
    written = tmp_path / "build" / "grafana" / "dashboards" / "general" / "85a562078cdf77779eaa1add43ccec1e.json"
    with open(src) as fh:
        assert canonical(json.loads(written.read_text())) == canonical(json.load(fh))


def test_not_a_dashboard_is_a_usage_error(mac, tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text('{"groups": []}')
    result = mac(["import", "dashboard", str(bad)], cwd=str(tmp_path))
    assert result.status == 2 and "not a Grafana dashboard" in result.stderr
    bad.write_text("{nope")
    result = mac(["import", "dashboard", str(bad)], cwd=str(tmp_path))
    assert result.status == 2 and "x.json:1" in result.stderr
