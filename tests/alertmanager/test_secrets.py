"""Secrets: *_file fields, or Secret.from_env resolved only when the project allows the variable,
and then written only into the artifact, never into messages."""

from __future__ import annotations

import json
import os

DEFINITION = '''\
from monitoring_as_code.alertmanager import AlertmanagerConfig, Global, Receiver, Route, Secret, SlackConfig

CONFIG = AlertmanagerConfig(
    global_=Global(slack_api_url=Secret.from_env("SLACK_API_URL")),
    route=Route(receiver="team"),
    receivers=[Receiver(name="team", slack_configs=[SlackConfig(channel="#x")])],
)
'''
HOOK = "https://hooks.slack.com/services/T0000/B0000/s3cr3tvalue"


def _project(tmp_path, setting: str = "") -> str:
    (tmp_path / "setup.cfg").write_text(f"[monitoring_as_code]\ndefinitions = alertmanager\n{setting}\n")
    (tmp_path / "alertmanager").mkdir()
    (tmp_path / "alertmanager" / "am.py").write_text(DEFINITION)
    return str(tmp_path)


def test_env_secret_is_refused_unless_the_project_allows_it(tmp_path, mac):
    root = _project(tmp_path)
    result = mac(["build", "--format", "json"], cwd=root, environ={**os.environ, "SLACK_API_URL": HOOK})
    assert result.status == 1
    problems = [p for p in json.loads(result.stdout)["problems"] if p["check"] == "alertmanager/secret"]
    assert problems and problems[0]["line"] == 4
    assert "secrets_from_env" in problems[0]["hint"]
    assert "s3cr3tvalue" not in result.stdout + result.stderr
    assert not (tmp_path / "build").exists()


def test_allowed_env_secret_is_written_to_the_artifact_only(tmp_path, mac):
    root = _project(tmp_path, "secrets_from_env = SLACK_API_URL")
    result = mac(["build", "--format", "json"], cwd=root, environ={**os.environ, "SLACK_API_URL": HOOK})
    assert result.status == 0, result.stdout + result.stderr
    assert "s3cr3tvalue" not in result.stdout + result.stderr
    built = (tmp_path / "build" / "alertmanager" / "alertmanager.yml").read_text()
    assert f"slack_api_url: {HOOK}" in built
    # The built file holds a secret: only its owner may read it; so does the Operator's Secret made of it.
    assert os.stat(tmp_path / "build" / "alertmanager" / "alertmanager.yml").st_mode & 0o077 == 0
    secrets = sorted((tmp_path / "build" / "kubernetes").glob("secret-*.yaml"))
    assert secrets and all(os.stat(path).st_mode & 0o077 == 0 for path in secrets)


def test_files_without_secrets_are_readable_by_others(tmp_path, mac):
    """Grafana or Prometheus may read the build as another user; 0666 less the umask, as any new file."""
    root = _project(tmp_path, "kubernetes = false")
    (tmp_path / "alertmanager" / "am.py").write_text(DEFINITION.replace('Secret.from_env("SLACK_API_URL")', '"https://x"'))
    assert mac(["build"], cwd=root).status == 0
    mask = os.umask(0)
    os.umask(mask)
    assert os.stat(tmp_path / "build" / "alertmanager" / "alertmanager.yml").st_mode & 0o777 == 0o666 & ~mask


def test_allowed_but_unset_variable_is_reported(tmp_path, mac):
    root = _project(tmp_path, "secrets_from_env = SLACK_API_URL")
    environ = {k: v for k, v in os.environ.items() if k != "SLACK_API_URL"}
    result = mac(["check", "--format", "json"], cwd=root, environ=environ)
    problems = [p for p in json.loads(result.stdout)["problems"] if p["check"] == "alertmanager/secret"]
    assert problems and "is not set" in problems[0]["message"]


def test_env_var_opt_in(tmp_path, mac):
    root = _project(tmp_path)
    environ = {**os.environ, "SLACK_API_URL": HOOK, "MAC_SECRETS_FROM_ENV": "SLACK_API_URL"}
    result = mac(["check", "--format", "json"], cwd=root, environ=environ)
    assert result.status == 0, result.stdout
    assert "s3cr3tvalue" not in result.stdout + result.stderr


def test_secret_repr_never_holds_a_value():
    from monitoring_as_code.alertmanager import Secret

    assert repr(Secret.from_env("X")) == "Secret.from_env('X')"
