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


#: What a rule file never needs: the models and compilers of other targets (attrs-based k6 and
#: Grafana models, the Promtail-to-Alloy converter, the Kubernetes object maker, the compilers).
NOT_FOR_RULE_FILES = (
    "attr",
    "monitoring_as_code.k6.options",
    "monitoring_as_code.k6.scenarios",
    "monitoring_as_code.grafana.model",
    "monitoring_as_code.grafana.normalize",
    "monitoring_as_code.alloy.convert",
    "monitoring_as_code.kubernetes.objects",
    "monitoring_as_code.prometheus.compiler",
    "monitoring_as_code.alertmanager.compile",
    "monitoring_as_code.loki.compile",
)


@pytest.mark.parametrize("cached", [False, True], ids=["first run", "cached run"])
def test_check_of_a_rule_file_loads_no_other_target_model(cached: bool, tmp_path) -> None:
    (tmp_path / "rules.yml").write_text(RULES)
    if cached:
        modules_after(["check", "rules.yml"], str(tmp_path))
    modules = set(modules_after(["check", "rules.yml"], str(tmp_path)))
    assert "monitoring_as_code.k6.target" in modules  # every target was asked, lazily
    assert sorted(modules & set(NOT_FOR_RULE_FILES)) == []


def test_first_check_of_a_clean_rule_file_reads_it_without_pyyaml(tmp_path) -> None:
    """yaml-rs reads it and the proof that PyYAML would agree needs no PyYAML (its import is ~15 ms)."""
    (tmp_path / "rules.yml").write_text(RULES)
    modules = set(modules_after(["check", "--no-cache", "rules.yml"], str(tmp_path)))
    assert "yaml_rs" in modules
    assert "yaml" not in modules


def test_cached_check_of_a_rule_file_parses_nothing(tmp_path) -> None:
    """An unchanged file is served from the cache: no YAML library, no PromQL parser, no JSON writer."""
    (tmp_path / "rules.yml").write_text(RULES)
    first = modules_after(["check", "rules.yml"], str(tmp_path))
    assert "promql_parser" in first  # the first run really parsed the expressions
    modules = set(modules_after(["check", "rules.yml"], str(tmp_path)))
    assert sorted(modules & {"yaml", "yaml_rs", "promql_parser", "orjson"}) == []


@pytest.mark.parametrize("package", ["monitoring_as_code.k6", "monitoring_as_code.core.encode"])
def test_importing_loads_no_model_or_serializer(package: str) -> None:
    """Names are resolved on first use (k6: PEP 562 ``__getattr__``; encode: inside the dump functions)."""
    code = f"import sys, {package}; print(sorted(m for m in sys.modules if m.split('.')[0] in ('attr', 'yaml', 'orjson')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "[]"


def test_k6_names_still_resolve() -> None:
    from monitoring_as_code import k6
    from monitoring_as_code.k6.options import LoadTest

    assert k6.LoadTest is LoadTest
    assert set(k6.__all__) <= set(dir(k6))
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        k6.Nope  # noqa: B018 - the attribute access is the test
