"""prometheus.yml as code and raw: promtool accepts what we build, `mac check` rejects broken
configs with file:line and a hint, and credentials are never inline."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from monitoring_as_code.core.encode import dump_yaml, to_data
from monitoring_as_code.core.loader import import_file
from monitoring_as_code.prometheus.server import (
    Authorization,
    GlobalConfig,
    KubernetesSDConfig,
    PrometheusConfig,
)

FULL_FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "prometheus_config",
                         "full.py")
FULL = import_file(FULL_FILE, os.path.dirname(FULL_FILE)).FULL


def _promtool_check(promtool: str, tmp_path, config: PrometheusConfig) -> subprocess.CompletedProcess:
    (tmp_path / "rules").mkdir(exist_ok=True)
    (tmp_path / "rules" / "r.yml").write_text("groups: []\n")
    path = tmp_path / "prometheus.yml"
    path.write_text(dump_yaml(to_data(config)))
    return subprocess.run([promtool, "check", "config", str(path)], capture_output=True, text=True, check=False)


@pytest.mark.promtool
def test_promtool_accepts_every_modelled_section(tmp_path, promtool):
    # Debian's Prometheus is built without Kubernetes discovery; that job is checked separately.
    without_kubernetes = [job for job in FULL.scrape_configs if not job.kubernetes_sd_configs]
    import attrs

    (tmp_path / "token").write_text("t")  # promtool stats credential files
    jobs = [attrs.evolve(j, authorization=Authorization(credentials_file=str(tmp_path / "token"))) if j.authorization
            else j for j in without_kubernetes]
    result = _promtool_check(promtool, tmp_path, attrs.evolve(FULL, scrape_configs=jobs))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 rule files found" in result.stdout


@pytest.mark.promtool
def test_promtool_accepts_kubernetes_discovery_where_built_in(tmp_path, promtool):
    result = _promtool_check(promtool, tmp_path, FULL)
    if "field kubernetes_sd_configs not found" in result.stdout + result.stderr:
        pytest.skip("this promtool is built without Kubernetes discovery (Debian's prometheus package)")
    assert result.returncode == 0, result.stdout + result.stderr


def test_full_model_has_no_problem(mac, tmp_path):
    result = mac(["check", "--format", "json", FULL_FILE], cwd=str(tmp_path))
    assert json.loads(result.stdout)["problems"] == []


BASE = """\
global:
  scrape_interval: 15s
scrape_configs:
  - job_name: api
    static_configs:
      - targets: ['api:8080']
"""

CASES = [
    ("unknown key", BASE.replace("    static_configs:", "    metric_path: /m\n    static_configs:"),
     "prometheus-config/unknown-key", 5, "unknown key `metric_path`", "did you mean `metrics_path`"),
    ("bad duration", BASE.replace("15s", "15 sec"), "prometheus-config/duration", 2, "not a valid duration", "5m"),
    ("duplicate job", BASE + "  - job_name: api\n", "prometheus-config/job", 7, "multiple scrape configs", "unique"),
    ("bad relabel regex", BASE + "    relabel_configs:\n      - source_labels: [a]\n        regex: '(?!x)'\n"
     "        target_label: b\n", "prometheus-config/regex", 9, "invalid", "RE2"),
    ("unknown relabel action", BASE + "    relabel_configs:\n      - action: replce\n", "prometheus-config/relabel", 8,
     "unknown relabel action", "replace"),
    ("inline password", BASE + "    basic_auth:\n      username: u\n      password: hunter2\n",
     "prometheus-config/secret", 9, "literal secret", "password_file"),
    ("url that is not a url", BASE + "    proxy_url: proxy:3128\n", "prometheus-config/url", 7, "URL", "http://"),
    ("target with scheme", BASE.replace("'api:8080'", "'http://api:8080/metrics'"), "prometheus-config/target", 6,
     "not a valid target", "metrics_path"),
    ("timeout above interval", BASE.replace("    static_configs:", "    scrape_timeout: 1m\n    static_configs:"),
     "prometheus-config/timeout", 5, "greater than scrape_interval", "lower"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_broken_prometheus_config(case, mac, tmp_path):
    _id, text, check, line, message, hint = case
    path = tmp_path / "prometheus.yml"
    path.write_text(text)
    result = mac(["check", "--format", "json", str(path)], cwd=str(tmp_path))
    problems = [p for p in json.loads(result.stdout)["problems"] if p["check"] == check]
    assert result.status == 1 and problems, result.stdout
    assert problems[0]["line"] == line and message in problems[0]["message"] and hint in problems[0]["hint"]
    assert "hunter2" not in result.stdout


@pytest.mark.promtool
# Ours alone: inline secrets, a scheme in a target (promtool accepts both), and a proxy URL without
# http(s) scheme (Go parses "proxy:3128" as scheme "proxy"; it fails only when scraping).
@pytest.mark.parametrize("case", [c for c in CASES if c[0] not in ("inline password", "target with scheme",
                                                                   "url that is not a url")],
                         ids=lambda c: c[0])
def test_promtool_rejects_them_too(case, promtool, tmp_path):
    path = tmp_path / "prometheus.yml"
    path.write_text(case[1])
    result = subprocess.run([promtool, "check", "config", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode != 0, result.stdout


def test_construction_checks_durations_and_roles():
    with pytest.raises(ValueError, match="scrape_interval"):
        GlobalConfig(scrape_interval="15 seconds")
    with pytest.raises(ValueError, match="role"):
        KubernetesSDConfig(role="pods")


@pytest.mark.promtool
def test_build_accepts_credential_files_that_exist_only_on_the_server(mac, tmp_path, promtool):
    result = mac(["build", "--format", "json", FULL_FILE, "-o", str(tmp_path / "out")], cwd=str(tmp_path),
                 environ={**os.environ, "MAC_PROMTOOL": promtool})
    problems = json.loads(result.stdout)["problems"]
    assert result.status == 0, problems
    assert any(p["check"] == "promtool/server-file" and "/etc/prom/token" in p["message"] for p in problems)


def test_rule_files_must_load_the_built_rules(mac, tmp_path, repo_root):
    (tmp_path / "p.py").write_text(
        "from monitoring_as_code.prometheus.server import PrometheusConfig\nC = PrometheusConfig(rule_files=['rule/*.yml'])\n"
    )
    result = mac(["check", "--format", "json", str(tmp_path / "p.py"), os.path.join(repo_root, "rules", "services.py")],
                 cwd=repo_root)
    problems = [p for p in json.loads(result.stdout)["problems"] if p["check"] == "prometheus-config/rule-files"]
    assert sorted(p["object_path"] for p in problems) == ["rule_files", "rule_files[0]"]
    assert all(p["line"] == 2 for p in problems)
    portal = mac(["check", "--format", "json"], cwd=repo_root)
    assert not [p for p in json.loads(portal.stdout)["problems"] if p["check"] == "prometheus-config/rule-files"]
