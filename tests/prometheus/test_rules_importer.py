"""`mac import rules`: readable Python that rebuilds the same rules, exactly, from real-world files."""

from __future__ import annotations

import glob
import os

import pytest
import yaml

from monitoring_as_code.core.encode import to_data
from monitoring_as_code.errors import UsageError
from monitoring_as_code.prometheus import RuleFile
from monitoring_as_code.prometheus.importer import import_rules, scalar_text

REAL = sorted(glob.glob(os.path.join(os.path.dirname(__file__), "..", "data", "rules", "real", "*.y*ml")))


def groups_of(doc: dict) -> list:
    return doc["spec"]["groups"] if doc.get("kind") == "PrometheusRule" else doc["groups"]


def as_prometheus_reads_it(groups: list) -> list:
    """Empty fields dropped and scalars read as strings, as Prometheus does."""
    out = []
    for group in groups:
        rules = []
        for rule in group.get("rules") or []:
            rules.append({
                k: {str(a): scalar_text(b) for a, b in v.items()} if isinstance(v, dict) else scalar_text(v)
                for k, v in rule.items() if v not in (None, {})
            })
        out.append({**{k: v for k, v in group.items() if k != "rules" and v is not None}, "rules": rules})
    return out


def build(source: str) -> list[RuleFile]:
    namespace: dict = {}
    exec(compile(source, "imported.py", "exec"), namespace)  # noqa: S102 - running the generated code is the test
    return [v for v in namespace.values() if isinstance(v, RuleFile)]


@pytest.mark.parametrize("path", REAL, ids=os.path.basename)
def test_real_world_files_round_trip_exactly(path):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    files = build(import_rules(text, path))
    docs = list(yaml.safe_load_all(text))
    assert len(files) == len(docs)
    for doc, rule_file in zip(docs, files):
        assert to_data(rule_file)["groups"] == as_prometheus_reads_it(groups_of(doc))
        if doc.get("kind") == "PrometheusRule":
            assert rule_file.name == doc["metadata"]["name"]


def test_the_output_is_readable_python():
    source = import_rules(
        "groups:\n- name: api\n  interval: 30s\n  rules:\n"
        "  - record: job:up:sum\n    expr: sum by (job) (up)\n"
        "  - alert: ApiDown\n    expr: |\n      up{job=\"api\"}\n        == 0\n    for: 5m\n"
        "    labels: {severity: critical, priority: 1, paging: true}\n",
        "rules/api.yml",
    )
    assert source == '''"""Rules imported from api.yml by `mac import rules`; edit here from now on."""

from monitoring_as_code.prometheus import AlertingRule, RecordingRule, RuleFile, RuleGroup

api = RuleFile(
    [
        RuleGroup(
            "api",
            [
                RecordingRule(
                    "job:up:sum",
                    "sum by (job) (up)",
                ),
                AlertingRule(
                    "ApiDown",
                    'up{job="api"}\\n  == 0\\n',
                    for_="5m",
                    labels={
                        "severity": "critical",
                        "priority": "1",
                        "paging": "true",
                    },
                ),
            ],
            interval="30s",
        ),
    ],
    name="api",
)
'''
    (rule_file,) = build(source)
    assert rule_file.groups[0].rules[1].labels["paging"] == "true"


@pytest.mark.parametrize("text,message", [
    ("groups: [\n", "invalid YAML"),
    ("foo: 1\n", "not a rule file"),
    ("groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n    severity: x\n", "severity"),
    ("", "no rules"),
], ids=["yaml error", "not rules", "unknown field", "empty"])
def test_files_that_are_not_valid_rules_are_refused(text, message):
    with pytest.raises(UsageError) as info:
        import_rules(text, "x.yml")
    assert message in str(info.value)


def test_mac_import_rules_writes_a_definition_that_builds_the_same_file(mac, project):
    source = next(p for p in REAL if "kube-state-metrics" in p)  # a PrometheusRule resource
    result = mac(["import", "rules", source, "-o", "rules/imported.py"], cwd=str(project))
    assert result.status == 0, result.stderr
    assert (project / "rules" / "imported.py").exists()
    built = mac(["build"], cwd=str(project))
    assert built.status == 0, built.stdout + built.stderr
    (out,) = glob.glob(str(project / "build" / "prometheus" / "rules" / "*.yml"))
    with open(source, encoding="utf-8") as fh:
        original = next(iter(yaml.safe_load_all(fh)))
    with open(out, encoding="utf-8") as fh:
        assert yaml.safe_load(fh)["groups"] == as_prometheus_reads_it(groups_of(original))


def test_mac_import_rules_prints_to_stdout_and_fails_cleanly_on_bad_input(mac, write, tmp_path):
    good = write("good.yml", "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n")
    bad = write("bad.yml", "groups: [\n")
    result = mac(["import", "rules", good], cwd=str(tmp_path))
    assert result.status == 0 and result.stdout.startswith('"""Rules imported from good.yml')
    result = mac(["import", "rules", bad], cwd=str(tmp_path))
    assert result.status == 2 and "bad.yml" in result.stderr and "invalid YAML" in result.stderr
