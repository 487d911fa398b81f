"""The exported pre-commit hooks, run by pre-commit itself in a throwaway monitoring repo.

The hook repository is a snapshot of this checkout (committed files and uncommitted changes,
like ``pre-commit try-repo``), so the test exercises exactly what users get: pre-commit clones
it, installs the package into the hook's virtualenv (``language: python``) and runs ``mac``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

GOOD_RULES = '''\
from monitoring_as_code.prometheus import AlertingRule, RuleFile, RuleGroup

service_down = AlertingRule(
    "ServiceDown",
    "up == 0",
    for_="1m",
    labels={"severity": "critical"},
    annotations={"summary": "{{ $labels.job }} is down", "description": "{{ $labels.instance }} is down",
                 "runbook_url": "https://runbooks.example/ServiceDown"},
)

alerts = RuleFile([RuleGroup("service-alerts", [service_down])], name="alerts")
'''

GOOD_YAML = """\
groups:
  - name: node
    rules:
      - alert: NodeDown
        expr: up{job="node"} == 0
        for: 5m
        labels:
          severity: critical
        annotations:
          summary: "{{ $labels.instance }} is down"
          description: "{{ $labels.instance }} has not answered scrapes for 5 minutes"
          runbook_url: https://runbooks.example/NodeDown
"""

CONFIG = """\
repos:
  - repo: {hooks}
    rev: {sha}
    hooks:
      - id: mac-check
      # The README's recipe for plain YAML: the same hook, given the folder to check.
      - id: mac-check
        alias: mac-check-yaml
        name: mac check (plain rule files)
        args: [alerts/]
      - id: mac-test
"""


def git(cwd, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def snapshot_of_this_checkout(dest) -> str:
    """Commit this checkout's files (tracked and untracked, not ignored) into a fresh repo; returns the sha."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO, check=True,
                            capture_output=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source = os.path.join(REPO, rel)
        if os.path.isfile(source) and not rel.startswith(("tests/", "bench/")):
            os.makedirs(os.path.dirname(os.path.join(dest, rel)), exist_ok=True)
            shutil.copy2(source, os.path.join(dest, rel))
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "snapshot")
    return git(dest, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def monitoring_repo(tmp_path_factory):
    """A user's monitoring repo whose .pre-commit-config.yaml uses our hooks; pre-commit's cache is shared."""
    root = tmp_path_factory.mktemp("precommit")
    hooks, project, home = root / "hooks", root / "project", root / "cache"
    hooks.mkdir()
    sha = snapshot_of_this_checkout(hooks)
    (project / "rules").mkdir(parents=True)
    (project / "setup.cfg").write_text("[monitoring_as_code]\ndefinitions = rules\n")
    (project / "rules" / "alerts.py").write_text(GOOD_RULES)
    (project / "alerts").mkdir()
    (project / "alerts" / "node.yml").write_text(GOOD_YAML)
    (project / ".pre-commit-config.yaml").write_text(CONFIG.format(hooks=hooks, sha=sha))
    git(project, "init", "-q")
    git(project, "add", "-A")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "MAC_ENV", "PYTHONPATH")}
    env.update(PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never", SKIP="")
    return project, env


def pre_commit(project, env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.slow
def test_mac_check_hook_passes_a_good_rule_file_and_fails_a_broken_one(monitoring_repo):
    project, env = monitoring_repo
    good = pre_commit(project, env)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "mac check (monitoring definitions)" in good.stdout and "Passed" in good.stdout
    assert "mac test" not in good.stdout, "mac-test runs at push, not at commit"

    (project / "rules" / "alerts.py").write_text(GOOD_RULES.replace('"up == 0"', '"rate(up[5m] == 0"'))
    broken = pre_commit(project, env)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "Failed" in broken.stdout
    assert "rules/alerts.py:3" in broken.stdout and "unclosed left parenthesis" in broken.stdout
    (project / "rules" / "alerts.py").write_text(GOOD_RULES)


@pytest.mark.slow
def test_mac_test_hook_runs_at_push(monitoring_repo, promtool):
    project, env = monitoring_repo
    result = pre_commit(project, env, "--hook-stage", "pre-push", "mac-test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "mac test" in result.stdout and "Passed" in result.stdout


@pytest.mark.slow
def test_mac_check_hook_with_a_folder_checks_plain_yaml_rule_files(monitoring_repo):
    project, env = monitoring_repo
    good = pre_commit(project, env, "mac-check-yaml")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "mac check (plain rule files)" in good.stdout and "Passed" in good.stdout
    (project / "alerts" / "node.yml").write_text(GOOD_YAML.replace("for: 5m", "for: 5 minutes"))
    try:
        broken = pre_commit(project, env, "mac-check-yaml")
    finally:
        (project / "alerts" / "node.yml").write_text(GOOD_YAML)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "alerts/node.yml:6" in broken.stdout
