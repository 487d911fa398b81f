"""Start-up stays cheap: `mac --help` and `mac check` on a rule file import nothing heavy.

A structural test (which modules a fresh process has imported), not a timing one: timings are
in bench/startup.py. Verbs that need grafanalib, requests or jsonschema import them lazily;
target modules and package ``__init__`` files must not import them at module level.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HEAVY = ("grafanalib", "requests", "jsonschema", "urllib3")

RULES = """\
groups:
  - name: api
    rules:
      - record: job:http_requests:rate5m
        expr: sum by (job) (rate(http_requests_total[5m]))
      - alert: ApiDown
        expr: up{job="api"} == 0
        for: 5m
        labels:
          severity: critical
        annotations:
          summary: api is down
"""

PROBE = """\
import json, sys
from monitoring_as_code.cli import run
status = run(sys.argv[1:])
sys.stdout.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
"""


def modules_after(argv: list[str], cwd: str) -> list[str]:
    env = {**os.environ, "MAC_CACHE_DIR": os.path.join(cwd, ".cache")}
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert "MODULES " in out.stdout, out.stderr
    return json.loads(out.stdout.rsplit("MODULES ", 1)[1])


def heavy(modules: list[str]) -> list[str]:
    return sorted({m.split(".")[0] for m in modules} & set(HEAVY))


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["check", "--help"]])
def test_help_imports_nothing_heavy(argv: list[str], tmp_path) -> None:
    assert heavy(modules_after(argv, str(tmp_path))) == []


@pytest.mark.parametrize("cached", [False, True], ids=["first run", "cached run"])
def test_check_of_a_rule_file_imports_nothing_heavy(cached: bool, tmp_path) -> None:
    (tmp_path / "rules.yml").write_text(RULES)
    if cached:
        modules_after(["check", "rules.yml"], str(tmp_path))
    modules = modules_after(["check", "rules.yml"], str(tmp_path))
    assert "monitoring_as_code.core.pipeline" in modules  # the check really ran
    assert heavy(modules) == []
