"""The grafana-dashboards target: what it accepts, what it writes, and that it stays cheap to import."""

import json
import subprocess
import sys

import pytest
from grafanalib.core import Dashboard, Graph, Target, TimeSeries

from monitoring_as_code.core.encode import dump_json
from monitoring_as_code.core.project import Project
from monitoring_as_code.grafana import Folder, dashboard, stat, timeseries
from monitoring_as_code.grafana.normalize import canonical, normalize
from monitoring_as_code.grafana.target import DashboardsTarget


def nulls(value):
    if value is None:
        return 1
    if isinstance(value, dict):
        return sum(nulls(v) for v in value.values())
    if isinstance(value, list):
        return sum(nulls(v) for v in value)
    return 0


class SdkLikeBuilder:
    """What grafana-foundation-sdk gives: a builder whose build() returns a model with to_json()."""

    class Model:
        def to_json(self):
            return {"title": "From SDK", "uid": "from-sdk", "panels": [{"type": "stat", "title": "s"}]}

    def build(self):
        return self.Model()


def test_accepts_grafanalib_dicts_sdk_and_ours():
    target = DashboardsTarget()
    assert target.accepts(Dashboard(title="x"))
    assert target.accepts({"title": "x", "panels": []})
    assert target.accepts(dashboard("x"))
    assert not target.accepts({"groups": []}) and not target.accepts("x") and not target.accepts(Folder("f", "F"))
    assert normalize(SdkLikeBuilder())["panels"][0]["gridPos"] == {"h": 4, "w": 6, "x": 0, "y": 0}


def test_grafanalib_output_is_current_and_has_no_nulls():
    board = Dashboard(title="Legacy Defaults", panels=[TimeSeries(title="t", targets=[Target(expr="up")])])
    data = normalize(board)
    assert nulls(data) == 0
    assert data["schemaVersion"] >= 39 and data["uid"] == "legacy-defaults"
    for legacy in ("rows", "sharedCrosshair", "hideControls", "style", "id", "version"):
        assert legacy not in data
    target = data["panels"][0]["targets"][0]
    assert target == {"expr": "up", "intervalFactor": 2, "refId": "A"}  # grafanalib's factor 2 is semantic: kept
    assert data["panels"][0]["id"] == 1 and data["panels"][0]["gridPos"]["w"] == 12
    raw = json.dumps(board.to_json_data(), default=lambda o: o.to_json_data(), sort_keys=True, indent=2)
    assert len(dump_json(data)) < len(raw) / 2


def test_compile_writes_folder_path_deterministically(tmp_path):
    folder = Folder(uid="team", title="Team")
    definition = dashboard("Team Overview", [stat("Up", "up"), timeseries("Rate", "rate(x_total[5m])")], folder=folder)
    from monitoring_as_code.core.target import Context, Definition

    ctx = Context(project=Project(root=str(tmp_path)))
    docs = DashboardsTarget().compile([Definition(definition, "board", __file__, 10)], ctx)
    again = DashboardsTarget().compile([Definition(definition, "board", __file__, 10)], ctx)
    assert docs[0].artifact == "grafana/dashboards/team/team-overview.json"
    assert docs[0].text == again[0].text
    assert docs[0].extra["folder"] == {"uid": "team", "title": "Team"}
    assert docs[0].locate(("panels", 0)).line == definition.source.line


def test_recognizes_raw_json_and_the_api_envelope():
    target = DashboardsTarget()
    assert target.recognize({"title": "x", "panels": []}, "a.json") == "grafana/dashboard"
    assert target.recognize({"dashboard": {"title": "x", "panels": []}, "meta": {}}, "a.json") == "grafana/dashboard"
    assert target.recognize({"title": "x", "panels": []}, "a.yml") is None
    assert target.recognize({"groups": []}, "a.json") is None


def test_canonical_ignores_server_fields():
    live = {"dashboard": {"id": 7, "version": 12, "uid": "u", "title": "T", "panels": []}, "meta": {"version": 12}}
    assert canonical(live) == canonical({"uid": "u", "title": "T"})


def test_importing_the_target_does_not_import_heavy_libraries():
    code = ("import sys; import monitoring_as_code.grafana.target as t; t.DashboardsTarget().recognize({}, 'x.json');"
            "print(sorted(m for m in ('grafanalib', 'requests', 'jsonschema', 'promql_parser', 'attr') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("panel", [Graph(title="old", targets=[Target(expr="up")])], ids=["grafanalib Graph"])
def test_legacy_grafanalib_panel_is_a_bug_when_compiled(panel, tmp_path):
    from monitoring_as_code.core.target import Context, Definition
    from monitoring_as_code.grafana.checks import grid

    board = Dashboard(title="Old", uid="old", panels=[panel])
    ctx = Context(project=Project(root=str(tmp_path)))
    doc = DashboardsTarget().compile([Definition(board, "old", __file__, 1)], ctx)[0]
    problems = grid.check(doc, (), doc.data, ctx)
    assert [(p.check, p.severity.name) for p in problems] == [("dashboard/deprecated-panel", "BUG")]
    assert "timeseries" in problems[0].hint


def test_dump_json_fast_path_is_byte_identical_to_json():
    import random

    from monitoring_as_code.core.encode import dump_json

    rng = random.Random(7)
    scalars = [0, 1, -5, 2**70, 0.5, 1e-7, 3.14e20, 12345.678, -0.0, float("inf"), "x\u2028\n\"é", True, None]

    def value(depth=0):
        roll = rng.random()
        if depth > 3 or roll < 0.3:
            return rng.choice(scalars)
        if roll < 0.6:
            return [value(depth + 1) for _ in range(rng.randint(0, 4))]
        return {rng.choice(["a", "b", "é", "0"]): value(depth + 1) for _ in range(rng.randint(0, 4))}

    for _ in range(3000):
        data = value()
        assert dump_json(data) == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def test_dashboard_fast_dump_is_byte_identical_to_json_for_any_float():
    import random

    from monitoring_as_code.grafana.normalize import dump_dashboard

    rng = random.Random(11)
    floats = [rng.uniform(-1, 1) * 10.0 ** rng.randint(-330, 308) for _ in range(4000)]
    floats += [1e-5, -1e-5, 0.00005, 1e-4, 1e16, 1e-7, 5e-324, 0.0, -0.0, 1.5e-10, 123456789012345678.0]
    for i in range(0, len(floats), 8):
        data = {"title": "t", "panels": [{"id": 1, "thresholds": floats[i:i + 8], "title": "0.00001 in a string"}]}
        assert dump_dashboard(data, True) == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert dump_dashboard({"v": float("nan")}, True) == json.dumps({"v": float("nan")}, sort_keys=True, indent=2) + "\n"


def test_mac_build_refuses_a_grafanalib_graph_and_mac_check_only_warns_on_raw_json(mac, tmp_path):
    """Issue 3: our output never holds graph/singlestat; an exported dashboard still only gets a warning."""
    (tmp_path / "setup.cfg").write_text("[monitoring_as_code]\ndefinitions = dashboards\n")
    (tmp_path / "dashboards").mkdir()
    (tmp_path / "dashboards" / "old.py").write_text(
        "from grafanalib.core import Dashboard, Graph, GridPos, Target\n"
        "board = Dashboard(title='Old', uid='old', panels=[Graph(title='Requests',"
        " gridPos=GridPos(h=8, w=12, x=0, y=0),"
        " targets=[Target(expr='sum(rate(http_requests_total[$__rate_interval]))', refId='A')])])\n")
    built = mac(["build"], cwd=str(tmp_path))
    assert built.status == 1, built.stdout + built.stderr
    assert "dashboard/deprecated-panel" in built.stdout + built.stderr
    assert not (tmp_path / "build" / "grafana" / "dashboards" / "general" / "old.json").exists()

    exported = tmp_path / "exported.json"
    exported.write_text(json.dumps({"title": "Old", "uid": "old", "schemaVersion": 39, "panels": [
        {"type": "graph", "title": "Requests", "id": 1, "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "fieldConfig": {"defaults": {"unit": "reqps"}},
         "targets": [{"refId": "A", "expr": "sum(rate(http_requests_total[$__rate_interval]))"}]}]}))
    checked = mac(["check", str(exported)], cwd=str(tmp_path))
    assert checked.status == 0, checked.stdout + checked.stderr
    assert "dashboard/deprecated-panel" in checked.stdout + checked.stderr
