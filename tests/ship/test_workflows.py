"""The GitHub Actions workflows: actionlint-clean, and shaped as the delivery pipeline needs."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from typing import ClassVar

import pytest
import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORKFLOWS = os.path.join(REPO, ".github", "workflows")


def tool(name: str) -> str:
    """A linter installed by the test extra (next to this interpreter), else on PATH."""
    found = shutil.which(name, path=os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")]))
    if not found:
        pytest.fail(f"{name} not found: install the test extra (pip install -e '.[test]')", pytrace=False)
    return found


def load(name: str) -> dict:
    with open(os.path.join(WORKFLOWS, name), encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    # YAML 1.1 reads the `on:` key as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def run_lines(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_workflows_pass_actionlint():
    files = sorted(os.path.join(WORKFLOWS, f) for f in os.listdir(WORKFLOWS) if f.endswith((".yml", ".yaml")))
    assert {os.path.basename(f) for f in files} >= {"ci.yml", "publish.yml"}
    result = subprocess.run(check=False, args=[tool("actionlint"), "-no-color", *files], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_does_reject_a_broken_workflow(tmp_path):
    """Control: the linter used above really checks (an unknown context and a bad runner label)."""
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latst\n    steps:\n      - run: echo ${{ secret.TOKEN }}\n"
    )
    result = subprocess.run(check=False, args=[tool("actionlint"), "-no-color", str(broken)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "secret" in result.stdout


def test_ci_lints_type_checks_tests_with_coverage_and_checks_the_definitions():
    ci = load("ci.yml")
    assert {"push", "pull_request"} <= set(ci["on"])
    assert ci["env"]["MAC_REQUIRE_TOOLS"] == "1"
    lint = run_lines(ci["jobs"]["lint"])
    assert "ruff check" in lint and "mypy monitoring_as_code" in lint
    test = ci["jobs"]["test"]
    assert "make test" in run_lines(test) and "--cov=monitoring_as_code" in run_lines(test)
    upload = [s for s in test["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    assert upload and "coverage.xml" in upload[0]["with"]["path"] and upload[0]["if"] == "always()"
    definitions = ci["jobs"]["definitions"]
    commands = run_lines(definitions)
    for command in ("install-tools.sh", "mac check", "mac test", "mac build"):
        assert command in commands
    assert definitions["strategy"]["matrix"]["env"] == ["", "staging", "production"]


def test_main_publishes_staging_after_a_diff():
    publish = load("publish.yml")
    assert publish["on"]["push"]["branches"] == ["main"] and publish["on"]["push"]["tags"] == ["v*.*.*"]
    staging = publish["jobs"]["staging"]
    assert staging["if"] == "github.ref == 'refs/heads/main'" and staging["environment"] == "staging"
    commands = run_lines(staging)
    assert commands.index("mac diff --env staging") < commands.index("mac publish --env staging")


def test_a_version_tag_publishes_production_behind_approval_and_the_load_test_gate():
    jobs = load("publish.yml")["jobs"]
    gate = jobs["loadtest"]
    assert gate["if"].startswith("startsWith(github.ref, 'refs/tags/v')")
    assert any(str(s.get("uses", "")).startswith("grafana/setup-k6-action") for s in gate["steps"])
    commands = run_lines(gate)
    assert "k6 run" in commands and commands.index("k6 run") < commands.index("mac loadtest check")
    production = jobs["production"]
    assert production["needs"] == "loadtest" and production["environment"] == "production"
    commands = run_lines(production)
    assert commands.index("mac diff --env production") < commands.index("mac publish --env production")


def test_every_publishing_job_notifies_with_webhooks_from_secrets():
    for name, job in load("publish.yml")["jobs"].items():
        [notify] = [s for s in job["steps"] if "notify.py" in s.get("run", "")]
        assert notify["if"] in ("always()", "failure()"), name
        assert notify["env"]["SLACK_WEBHOOK_URL"] == "${{ secrets.SLACK_WEBHOOK_URL }}"
        assert notify["env"]["DISCORD_WEBHOOK_URL"] == "${{ secrets.DISCORD_WEBHOOK_URL }}"


class _Recorder(http.server.BaseHTTPRequestHandler):
    bodies: ClassVar[list] = []
    status = 200

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        type(self).bodies.append((self.path, json.loads(self.rfile.read(length))))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def webhook():
    _Recorder.bodies, _Recorder.status = [], 200
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _notify(environ: dict) -> subprocess.CompletedProcess:
    script = os.path.join(REPO, ".github", "scripts", "notify.py")
    base = {"PATH": os.environ.get("PATH", ""), "GITHUB_REPOSITORY": "acme/monitoring", "GITHUB_RUN_ID": "42",
            "GITHUB_REF_NAME": "v1.2.3", "GITHUB_SHA": "0123456789abcdef", "GITHUB_ACTOR": "octocat"}
    return subprocess.run(check=False, args=[sys.executable, script], env={**base, **environ}, capture_output=True, text=True, timeout=30)


def test_notify_posts_the_result_to_slack_and_discord(webhook):
    result = _notify({"SLACK_WEBHOOK_URL": f"{webhook}/slack/T0/SECRET", "DISCORD_WEBHOOK_URL": f"{webhook}/discord/SECRET",
                      "NOTIFY_TITLE": "Monitoring published to production", "NOTIFY_STATUS": "failure"})
    assert result.returncode == 0, result.stderr
    bodies = dict(_Recorder.bodies)
    assert "FAILURE" in bodies["/slack/T0/SECRET"]["text"] and "v1.2.3" in bodies["/slack/T0/SECRET"]["text"]
    assert "published to production" in bodies["/discord/SECRET"]["content"]
    assert "actions/runs/42" in bodies["/discord/SECRET"]["content"]
    assert "SECRET" not in result.stdout + result.stderr


def test_notify_failure_never_prints_the_webhook_and_does_not_fail_the_job(webhook):
    _Recorder.status = 500
    result = _notify({"SLACK_WEBHOOK_URL": f"{webhook}/slack/T0/SECRET", "NOTIFY_STATUS": "success"})
    assert result.returncode == 0
    assert "HTTP 500" in result.stderr and "SECRET" not in result.stdout + result.stderr
    assert "nothing sent" in _notify({"NOTIFY_STATUS": "success"}).stdout
