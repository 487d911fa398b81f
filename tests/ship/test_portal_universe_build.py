"""`mac build` of the Portal Universe definitions: Kubernetes objects and per-environment builds.

This is what `make build` runs (`mac build`, then `mac build --env staging` and `--env production`).
"""

from __future__ import annotations

import base64
import glob
import os

import pytest
import yaml

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.problem import Severity
from monitoring_as_code.kubernetes.validation import validate_object

kubernetes_validate = pytest.importorskip("kubernetes_validate")


REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    from monitoring_as_code.testing.cli_runner import run_cli

    out = tmp_path_factory.mktemp("portal")
    results = {}
    for env in (None, "staging", "production"):
        target = out / (env or "default")
        argv = ["build", "-o", str(target)] + (["--env", env] if env else [])
        results[env] = (run_cli(argv, cwd=REPO, environ={**os.environ, "MAC_ENV": ""}), target)
    return results


def objects(build_dir):
    found = {}
    for path in sorted(glob.glob(os.path.join(build_dir, "kubernetes", "*.yaml"))):
        with open(path, encoding="utf-8") as fh:
            docs = list(yaml.safe_load_all(fh))
        assert len(docs) == 1, f"{path}: one object per file"
        found[os.path.basename(path)] = docs[0]
    return found


@pytest.mark.parametrize("env", [None, "staging", "production"], ids=["default", "staging", "production"])
def test_each_environment_builds_valid_kubernetes_objects(builds, env):
    result, build_dir = builds[env]
    assert result.status == 0, result.stderr[-3000:]
    found = objects(build_dir)
    rule_files = glob.glob(os.path.join(build_dir, "prometheus", "rules", "*.yml"))
    dashboards = glob.glob(os.path.join(build_dir, "grafana", "dashboards", "*", "*.json"))
    kinds = [o["kind"] for o in found.values()]
    assert kinds.count("PrometheusRule") == len(rule_files) >= 1
    assert kinds.count("ConfigMap") >= len(dashboards) >= 1
    assert kinds.count("Secret") == 1
    for name, obj in found.items():
        assert name == f"{obj['kind'].lower()}-{obj['metadata']['name']}.yaml"
        doc = Document(kind="kubernetes/object", data=obj, file=name)
        assert [p for p in validate_object(doc) if p.severity >= Severity.BUG] == []
        if obj["kind"] != "PrometheusRule":
            kubernetes_validate.validate(obj, "1.30", strict=True)
    secret = found["secret-alertmanager-main.yaml"]
    with open(os.path.join(build_dir, "alertmanager", "alertmanager.yml"), encoding="utf-8") as fh:
        assert base64.b64decode(secret["data"]["alertmanager.yaml"]).decode() == fh.read()


def test_environments_differ_where_setup_cfg_says(builds):
    namespaces = {env: {o["metadata"]["namespace"] for o in objects(builds[env][1]).values()} for env in builds}
    assert namespaces == {None: {"monitoring"}, "staging": {"monitoring-staging"}, "production": {"monitoring"}}
    folders = {
        env: {o["metadata"].get("annotations", {}).get("grafana_folder") for o in objects(builds[env][1]).values()
              if o["metadata"]["labels"].get("grafana_dashboard")}
        for env in builds
    }
    assert folders == {None: {"Portal Universe"}, "staging": {"[staging] Portal Universe"},
                       "production": {"Portal Universe"}}


def test_default_build_uses_build_dir_and_envs_their_own(repo_root):
    from monitoring_as_code.core.project import Project

    base = Project.load(repo_root, environ={})
    assert Project.load(repo_root, env="staging", environ={}).build_dir == os.path.join(base.build_dir, "staging")
    assert set(base.environments) >= {"staging", "production"}


def test_staging_pages_no_one_and_carries_its_own_labels_and_links(builds):
    def read(env, *parts):
        with open(os.path.join(builds[env][1], *parts), encoding="utf-8") as fh:
            return yaml.safe_load(fh)

    for env, cluster in (("staging", "portal-staging"), ("production", "portal-production")):
        labels = read(env, "prometheus", "prometheus.yml")["global"]["external_labels"]
        assert labels["environment"] == env and labels["cluster"] == cluster
    production, staging = read("production", "alertmanager", "alertmanager.yml"), read("staging", "alertmanager", "alertmanager.yml")
    assert "pagerduty-critical" in [r["name"] for r in production["receivers"]]
    assert [r["name"] for r in staging["receivers"]] == ["slack-notifications"]
    assert all(route["receiver"] != "pagerduty-critical" for route in staging["route"].get("routes", []))
    link = read("staging", "prometheus", "rules", "services.yml")["groups"][0]["rules"][0]["annotations"]["dashboard"]
    assert link.startswith("https://grafana.staging.portal-universe.example/d/")


def test_mac_routes_answers_per_environment(repo_root, mac):
    argv = ["routes", "alertmanager/alertmanager.py", "alertname=ServiceDown", "severity=critical", "job=api-gateway"]
    environ = {**os.environ, "MAC_ENV": ""}
    assert mac([*argv, "--env", "production"], cwd=repo_root, environ=environ).stdout == "pagerduty-critical,slack-notifications\n"
    assert mac([*argv, "--env", "staging"], cwd=repo_root, environ=environ).stdout == "slack-notifications\n"


def test_release_gate_options_exist_and_the_script_emits_every_metric_they_gate(builds):
    import re

    with open(os.path.join(REPO, ".github", "workflows", "publish.yml"), encoding="utf-8") as fh:
        env = yaml.safe_load(fh)["env"]
    options_path = env["K6_OPTIONS"]
    assert options_path.startswith("build/staging/")
    with open(os.path.join(builds["staging"][1], options_path[len("build/staging/"):]), encoding="utf-8") as fh:
        thresholds = yaml.safe_load(fh)["thresholds"]
    with open(os.path.join(REPO, env["K6_SCRIPT"]), encoding="utf-8") as fh:
        script = fh.read()
    custom = set(re.findall(r"new (?:Rate|Trend|Counter|Gauge)\('([^']+)'", script))
    builtin = {m for m in thresholds if m.startswith(("http_", "iteration", "checks", "data_", "vus"))}
    assert set(thresholds) - builtin <= custom, "every gated custom metric is emitted by the script"
