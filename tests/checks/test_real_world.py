"""Real-world rule files and dashboards through every check: no crash, and the findings we verified
by hand (docs/checks/real-world-findings.md) are found.

Each collection runs on its own, as its owners run it (a file's recording rules are defined in that
file or its companion), at the scrape interval it is written for: 30s for kube-prometheus (its
ServiceMonitors' interval), 15s for the others (Prometheus's example configuration, which the Loki
mixin and awesome-prometheus-alerts assume).
"""

import collections
import glob
import os

import pytest

from monitoring_as_code.checks import all_checks
from monitoring_as_code.core.pipeline import read_raw
from monitoring_as_code.core.project import Project
from monitoring_as_code.core.target import Context

DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data")
MINE = os.path.join(DATA, "checks", "real")
COLLECTIONS = {
    os.path.basename(path): [path]
    for path in sorted(
        glob.glob(os.path.join(DATA, "rules", "real", "*.y*ml"))
        + glob.glob(os.path.join(DATA, "dashboards", "real", "*.json"))
        + [os.path.join(MINE, "kube-prometheus-nodeExporter-prometheusRule.yaml")]
    )
}
COLLECTIONS["loki-mixin"] = [os.path.join(MINE, "loki-mixin-rules.yaml"), os.path.join(MINE, "loki-mixin-alerts.yaml")]


def scrape_interval(paths: list[str]) -> str:
    return "30s" if any("kube-prometheus" in os.path.basename(p) or "k8s-" in os.path.basename(p) for p in paths) else "15s"


def run_all(paths: list[str]):
    docs = []
    for path in paths:
        found, trouble = read_raw(path)
        assert not trouble, trouble
        docs.extend(found)
    ctx = Context(project=Project(root=MINE, settings={"scrape_interval": scrape_interval(paths)}), documents=docs)
    problems = []
    for check in all_checks():
        for doc in docs:
            if doc.kind in check.kinds:
                problems.extend(check.check(doc, ctx))
        problems.extend(check.check_all(ctx))
    return problems


@pytest.mark.parametrize("name", sorted(COLLECTIONS))
def test_every_check_runs_on_real_world_files(name):
    problems = run_all(COLLECTIONS[name])
    for problem in problems:
        assert problem.location.file and problem.location.line, problem
        assert problem.message and problem.hint


def _findings(name: str) -> set[tuple[str, str, str]]:
    return {(p.check, p.location.object_path, p.message) for p in run_all(COLLECTIONS[name])}


def _has(findings, check: str, path: str, text: str) -> bool:
    return any(c == check and p == path and text in m for c, p, m in findings)


def test_verified_true_positives_are_found():
    loki = _findings("loki-mixin")
    assert _has(loki, "alerts/template", "groups[0].rules[0].annotations.description", "$labels.cluster")
    assert _has(loki, "alerts/template", "groups[0].rules[1].annotations.description", "$labels.cluster")
    assert not any(c == "rule/missing" for c, _p, _m in loki)  # the alerts' recorded series are all defined

    alertmanager = _findings("kube-prometheus-alertmanager-prometheusRule.yaml")
    assert _has(alertmanager, "promql/regexp", "spec.groups[0].rules[4].expr", 'integration!~".*"` matches no series')
    assert _has(alertmanager, "alerts/template", "spec.groups[0].rules[3].annotations.description", "$labels.job")

    redis = _findings("awesome-redis-exporter.yml")
    assert _has(redis, "alerts/template", "groups[0].rules[1].annotations.summary", "$labels.instance")

    ceph = _findings("ceph-rbd-overview.json")
    assert _has(ceph, "dashboard/deprecated-panel", "panels[0].type", "'graph'")


def test_finding_counts_stay_as_documented():
    """The counts in docs/checks/real-world-findings.md: a change here needs a new look at the sample."""
    counts = collections.Counter()
    for paths in COLLECTIONS.values():
        counts.update(p.check for p in run_all(paths))
    assert sum(counts.values()) == EXPECTED_TOTAL, dict(sorted(counts.items()))


EXPECTED_TOTAL = 80
