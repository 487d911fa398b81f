"""``mac publish`` / ``mac diff`` against the emulator: the flows of issue 3's "done when"."""

import os
import shutil
import subprocess
import sys

import pytest

PU = ["publish", "dashboards"]
PU_UIDS = {"pu-service-overview", "pu-service-detail", "pu-datastores", "pu-business", "pu-infrastructure"}


@pytest.fixture
def project(tmp_path, repo_root):
    """A copy of the Portal Universe dashboards with a setup.cfg of environments."""
    shutil.copytree(os.path.join(repo_root, "dashboards"), tmp_path / "dashboards",
                    ignore=shutil.ignore_patterns("datasources.py", "__pycache__"))
    (tmp_path / "setup.cfg").write_text(
        "[monitoring_as_code]\ndefinitions = dashboards\ngrafana_retry_backoff = 0.01\n\n"
        "[monitoring_as_code:staging]\ngrafana_folder_prefix = Staging\n"
    )
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run(git + ["init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(git + ["add", "."], cwd=tmp_path, check=True)
    subprocess.run(git + ["commit", "-qm", "dashboards"], cwd=tmp_path, check=True)
    return str(tmp_path)


def edit(project, name, old, new):
    """Change a definition file; forget the loaded module (the in-process runner keeps it)."""
    path = os.path.join(project, "dashboards", name)
    with open(path) as fh:
        text = fh.read()
    assert old in text
    with open(path, "w") as fh:
        fh.write(text.replace(old, new))
    for module in [m for m in sys.modules if m == "dashboards" or m.startswith("dashboards.")]:
        del sys.modules[module]


def publish(mac, project, env, *extra):
    return mac(["publish", "dashboards", *extra], cwd=project, environ=env)


def test_publish_creates_then_second_run_writes_nothing(mac, project, grafana_emulator, grafana_env):
    result = publish(mac, project, grafana_env)
    assert result.status == 0, result.stderr
    assert set(grafana_emulator.state.dashboards) == PU_UIDS
    assert grafana_emulator.state.folders["portal-universe"].title == "Portal Universe"
    assert {d.folder_uid for d in grafana_emulator.state.dashboards.values()} == {"portal-universe"}
    messages = {d.versions[-1].message for d in grafana_emulator.state.dashboards.values()}
    assert len(messages) == 1 and "git commit" in messages.pop()
    assert grafana_emulator.requests[0].path == "/api/health"  # health first, before any other call
    writes = len(grafana_emulator.writes())
    assert writes == 6  # 1 folder + 5 dashboards

    again = publish(mac, project, grafana_env)
    assert again.status == 0, again.stderr
    assert len(grafana_emulator.writes()) == writes  # unchanged dashboards cost zero writes
    assert "0 dashboard(s) created, 0 updated, 5 unchanged" in again.stdout


def test_changed_definition_updates_only_that_dashboard(mac, project, grafana_emulator, grafana_env):
    publish(mac, project, grafana_env)
    edit(project, "business.py", 'time_from="now-24h"', 'time_from="now-7d"')
    diff = mac(["diff", "dashboards"], cwd=project, environ=grafana_env)
    assert diff.status == 1
    assert "Dashboard/pu-business: update (live version 1)" in diff.stdout
    assert '-    "from": "now-24h",' in diff.stdout and '+    "from": "now-7d",' in diff.stdout
    assert '"version"' not in diff.stdout and '"id"' not in diff.stdout  # server-managed fields ignored
    before = len(grafana_emulator.writes())
    assert publish(mac, project, grafana_env).status == 0
    assert len(grafana_emulator.writes()) == before + 1
    assert grafana_emulator.state.dashboards["pu-business"].version == 2
    assert mac(["diff", "dashboards"], cwd=project, environ=grafana_env).status == 0


def test_edit_in_grafana_is_refused_without_force(mac, project, grafana_emulator, grafana_env):
    publish(mac, project, grafana_env)
    grafana_emulator.edit_dashboard("pu-datastores", {"description": "tuned by hand"}, user="alice")
    result = publish(mac, project, grafana_env)
    assert result.status == 4
    assert "D001" in result.stderr and "Dashboard/pu-datastores" in result.stderr
    assert "version 2" in result.stderr and "alice" in result.stderr and "--force" in result.stderr
    assert grafana_emulator.state.dashboards["pu-datastores"].data["description"] == "tuned by hand"
    diff = mac(["diff", "dashboards"], cwd=project, environ=grafana_env)
    assert diff.status == 1 and "CONFLICT" in diff.stdout and "saved by alice" in diff.stdout

    forced = publish(mac, project, grafana_env, "--force")
    assert forced.status == 0, forced.stderr
    assert grafana_emulator.state.dashboards["pu-datastores"].data["description"] != "tuned by hand"


def test_dashboard_not_published_by_mac_is_refused(mac, project, grafana_emulator, grafana_env):
    grafana_emulator.state.save_dashboard({"dashboard": {"uid": "pu-business", "title": "Theirs", "panels": []}}, "bob")
    result = publish(mac, project, grafana_env)
    assert result.status == 4 and "was not published by mac" in result.stderr and "bob" in result.stderr
    assert grafana_emulator.state.dashboards["pu-business"].title == "Theirs"


def test_third_write_failing_for_good_leaves_grafana_as_before(mac, project, grafana_emulator, grafana_env):
    publish(mac, project, grafana_env)
    for name in ("business.py", "datastores.py", "service_overview.py", "service_detail.py", "infrastructure.py"):
        edit(project, name, "tags=[TAG, ", 'tags=["v2", TAG, ')
    before = grafana_emulator.snapshot()
    grafana_emulator.inject(method="POST", path="/api/dashboards/db", status=500, after=2, times=None)
    result = publish(mac, project, grafana_env, "--concurrency", "1")
    assert result.status == 4
    assert "D003" in result.stderr and "rolled back" in result.stderr and "restored to version 1" in result.stderr
    assert grafana_emulator.snapshot() == before


def test_failed_first_publish_removes_what_it_created(mac, project, grafana_emulator, grafana_env):
    before = grafana_emulator.snapshot()
    grafana_emulator.inject(method="POST", path="/api/dashboards/db", status=503, after=2, times=None)
    result = publish(mac, project, grafana_env, "--concurrency", "2")
    assert result.status == 4 and "D003" in result.stderr
    assert "Folder/portal-universe (created by this run) deleted" in result.stderr
    assert grafana_emulator.snapshot() == before


def test_transient_errors_are_retried_not_rolled_back(mac, project, grafana_emulator, grafana_env):
    grafana_emulator.inject(method="POST", path="/api/dashboards/db", status=429, retry_after="0", times=2)
    grafana_emulator.inject(method="GET", path="/api/dashboards/uid/", drop=True, times=2)
    result = publish(mac, project, grafana_env)
    assert result.status == 0, result.stderr
    assert set(grafana_emulator.state.dashboards) == PU_UIDS


def test_unhealthy_grafana_stops_before_anything_d002(mac, project, grafana_emulator, grafana_env):
    grafana_emulator.healthy = False
    result = publish(mac, project, grafana_env)
    assert result.status == 4 and "D002" in result.stderr
    assert [r.path for r in grafana_emulator.requests] == ["/api/health"] * len(grafana_emulator.requests)


def test_dry_run_writes_nothing(mac, project, grafana_emulator, grafana_env):
    result = publish(mac, project, grafana_env, "--dry-run")
    assert result.status == 0 and "Dashboard/pu-business: create" in result.stdout
    assert grafana_emulator.writes() == []


def test_env_picks_url_and_folder_prefix(mac, project, grafana_emulator):
    with open(os.path.join(project, "setup.cfg"), "a") as fh:
        fh.write(f"grafana_url = {grafana_emulator.url}\n")
    env = {"GRAFANA_URL": "http://127.0.0.1:9", "GRAFANA_API_KEY": grafana_emulator.token}
    result = mac(["publish", "dashboards", "--env", "staging"], cwd=project, environ=env)
    assert result.status == 0, result.stderr
    assert grafana_emulator.state.folders["staging-portal-universe"].title == "Staging Portal Universe"


def test_bad_token_is_a_d001_without_the_token(mac, project, grafana_emulator):
    env = {"GRAFANA_URL": grafana_emulator.url, "GRAFANA_AUTH": "glsa_not_valid_token_123"}
    result = mac(["diff", "dashboards"], cwd=project, environ=env)
    assert result.status == 4 and "Invalid API key" in result.stderr
    assert "glsa_not_valid_token_123" not in result.stderr + result.stdout


def test_missing_configuration_is_a_usage_error(mac, project):
    result = mac(["publish", "dashboards"], cwd=project, environ={})
    assert result.status == 2 and "GRAFANA_URL" in result.stderr


def test_rollback_reposts_history_when_restore_endpoint_is_missing(mac, project, grafana_emulator, grafana_env):
    publish(mac, project, grafana_env)
    for name in ("business.py", "datastores.py", "service_overview.py"):
        edit(project, name, "tags=[TAG, ", 'tags=["v2", TAG, ')
    before = grafana_emulator.snapshot()
    grafana_emulator.inject(method="POST", path="/api/dashboards/uid/", status=404, times=None)  # no restore API
    grafana_emulator.inject(method="POST", path="/api/dashboards/db", status=500, after=2, times=5)  # 1 try + 4 retries
    result = publish(mac, project, grafana_env, "--concurrency", "1")
    assert result.status == 4 and "D003" in result.stderr and "COULD NOT" not in result.stderr
    assert grafana_emulator.snapshot() == before


DATASOURCES_YAML = """apiVersion: 1
datasources:
- {name: Prometheus, type: prometheus, uid: prometheus, access: proxy, url: "http://prometheus:9090", isDefault: true,
   jsonData: {timeInterval: 15s}, editable: false, orgId: 1}
- {name: Loki, type: loki, uid: loki, access: proxy, url: "http://loki:3100", jsonData: {maxLines: 1000}, orgId: 1}
"""


def test_datasources_published_only_when_asked_and_only_when_changed(mac, project, grafana_emulator, grafana_env):
    path = os.path.join(project, "datasources.yaml")
    with open(path, "w") as fh:
        fh.write(DATASOURCES_YAML)
    assert mac(["publish", "dashboards", "datasources.yaml"], cwd=project, environ=grafana_env).status == 0
    assert grafana_emulator.state.datasources == {}
    result = mac(["publish", "--datasources", "dashboards", "datasources.yaml"], cwd=project, environ=grafana_env)
    assert result.status == 0, result.stderr
    prometheus = grafana_emulator.state.datasources["prometheus"]
    assert prometheus["url"] == "http://prometheus:9090" and "editable" not in prometheus and "orgId" in prometheus
    writes = len(grafana_emulator.writes())
    again = mac(["publish", "--datasources", "dashboards", "datasources.yaml"], cwd=project, environ=grafana_env)
    assert again.status == 0 and len(grafana_emulator.writes()) == writes
    with open(path, "w") as fh:
        fh.write(DATASOURCES_YAML.replace("http://loki:3100", "http://loki-gateway:3100"))
    diff = mac(["diff", "--datasources", "dashboards", "datasources.yaml"], cwd=project, environ=grafana_env)
    assert diff.status == 1 and "Datasource/loki: update 'Loki' (url changed)" in diff.stdout
    assert mac(["publish", "--datasources", "dashboards", "datasources.yaml"], cwd=project, environ=grafana_env).status == 0
    assert len(grafana_emulator.writes()) == writes + 1
    assert grafana_emulator.state.datasources["loki"]["url"] == "http://loki-gateway:3100"


def test_datasource_with_environment_reference_is_refused(mac, project, grafana_emulator, grafana_env):
    with open(os.path.join(project, "datasources.yaml"), "w") as fh:
        fh.write(DATASOURCES_YAML.replace("http://loki:3100", "$LOKI_URL"))
    result = mac(["publish", "--datasources", "dashboards", "datasources.yaml"], cwd=project, environ=grafana_env)
    assert result.status == 2 and "Datasource/loki" in result.stderr and "file provisioning" in result.stderr
    assert grafana_emulator.writes() == []


def test_datasources_written_by_a_failed_run_are_rolled_back(mac, project, grafana_emulator, grafana_env):
    with open(os.path.join(project, "datasources.yaml"), "w") as fh:
        fh.write(DATASOURCES_YAML)
    before = grafana_emulator.snapshot()
    grafana_emulator.inject(method="POST", path="/api/dashboards/db", status=500, after=1, times=None)
    result = mac(["publish", "--datasources", "dashboards", "datasources.yaml", "--concurrency", "1"], cwd=project,
                 environ=grafana_env)
    assert result.status == 4 and "Datasource/prometheus (created by this run) deleted" in result.stderr
    assert grafana_emulator.snapshot() == before


def test_ctrl_c_after_the_folder_was_created_removes_it(mac, project, grafana_emulator, grafana_env, monkeypatch):
    from monitoring_as_code.grafana import publisher

    before = grafana_emulator.snapshot()

    def interrupted(self, plan, outcome):  # the folder exists, then Ctrl-C before any dashboard
        raise KeyboardInterrupt

    monkeypatch.setattr(publisher.Publisher, "_write_datasources", interrupted)
    result = publish(mac, project, grafana_env)
    assert result.status == 4 and "D003" in result.stderr and "interrupted (Ctrl-C)" in result.stderr
    assert "Folder/portal-universe (created by this run) deleted" in result.stderr
    assert grafana_emulator.snapshot() == before


def test_ctrl_c_while_writing_rolls_back_what_was_written(mac, project, grafana_emulator, grafana_env, monkeypatch):
    from monitoring_as_code.grafana import publisher

    publish(mac, project, grafana_env)
    for name in ("business.py", "datastores.py", "service_overview.py", "service_detail.py", "infrastructure.py"):
        edit(project, name, "tags=[TAG, ", 'tags=["v2", TAG, ')
    before = grafana_emulator.snapshot()

    def interrupted(fn, items, workers, name):  # two writes done, then Ctrl-C
        for item in items[:2]:
            fn(item)
        raise KeyboardInterrupt

    monkeypatch.setattr(publisher, "parallel_map", interrupted)
    result = publish(mac, project, grafana_env)
    assert result.status == 4 and "D003" in result.stderr and "interrupted (Ctrl-C)" in result.stderr
    assert result.stderr.count("restored to version 1") == 2
    assert grafana_emulator.snapshot() == before
