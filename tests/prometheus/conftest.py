"""Helpers for the Prometheus rules tests: write a file, run `mac check --format json` on it."""

from __future__ import annotations

import json
import os
import textwrap

import pytest


@pytest.fixture
def write(tmp_path):
    """``write(name, text) -> path``: a dedented file under tmp_path."""

    def make(name: str, text: str) -> str:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return str(path)

    return make


@pytest.fixture
def check_file(mac, tmp_path):
    """``check_file(*paths, tools=False) -> (status, problems)`` of `mac check --format json`."""

    def run(*paths: str, tools: bool = False, environ: dict | None = None):
        argv = ["check", "--format", "json", *(["--tools"] if tools else []), *paths]
        result = mac(argv, cwd=str(tmp_path), environ=environ)
        assert result.stdout.strip(), result.stderr
        return result.status, json.loads(result.stdout)["problems"]

    return run


@pytest.fixture
def project(tmp_path):
    """A project folder with setup.cfg (definitions in rules/) and a rules/ folder; returns its path."""
    # Alerting policy (annotations, severity...) is tested with the semantic checks; here the rules target is.
    (tmp_path / "setup.cfg").write_text(
        "[monitoring_as_code]\ndefinitions = rules\ndisabled_checks = alerts\n", encoding="utf-8"
    )
    (tmp_path / "rules").mkdir()
    return tmp_path


def relpath(path: str, start: str) -> str:
    return os.path.relpath(path, start)
