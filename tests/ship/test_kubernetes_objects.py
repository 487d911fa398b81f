"""Kubernetes objects derived from compiled documents: structure, names, sizes, locations."""

from __future__ import annotations

import base64
import json
import os

import pytest
import yaml

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.encode import dump_json, dump_yaml
from monitoring_as_code.core.problem import Severity
from monitoring_as_code.core.project import Project
from monitoring_as_code.core.resource import SourceLocation
from monitoring_as_code.core.target import Context
from monitoring_as_code.errors import UsageError
from monitoring_as_code.kubernetes.names import name_problem, sanitize_name
from monitoring_as_code.kubernetes.target import KubernetesTarget

kubernetes_validate = pytest.importorskip("kubernetes_validate")
K8S_VERSION = "1.30"

CFG = """\
[monitoring_as_code]
kubernetes_namespace = observability
kubernetes_labels = app.kubernetes.io/part-of=portal-universe
kubernetes_rule_labels = release=kube-prometheus-stack
{extra}
"""

RULES = {"groups": [{"name": "service-alerts", "rules": [
    {"alert": "ServiceDown", "expr": "up == 0", "for": "1m", "labels": {"severity": "critical"},
     "annotations": {"summary": "{{ $labels.job }} is down"}},
]}]}


def project(tmp_path, extra: str = "") -> Project:
    (tmp_path / "setup.cfg").write_text(CFG.format(extra=extra))
    return Project.load(str(tmp_path), environ={})


def rules_doc(tmp_path, name="services", data=None) -> Document:
    file = str(tmp_path / "rules" / f"{name}.py")
    data = data if data is not None else RULES
    return Document(
        kind="prometheus/rules", data=data, file=file, name=name, ref=f"RuleFile/{name}",
        artifact=f"prometheus/rules/{name}.yml", text=dump_yaml(data), line=3,
        python_locations={("groups", 0, "rules", 0): SourceLocation(file, 7)},
    )


def dashboard_doc(tmp_path, uid="portal-overview", folder="Portal Universe", text=None) -> Document:
    data = {"uid": uid, "title": "Overview", "panels": []}
    return Document(
        kind="grafana/dashboard", data=data, file=str(tmp_path / "dashboards" / "overview.py"), name=uid,
        ref=f"Dashboard/{uid}", artifact=f"grafana/dashboards/portal/{uid}.json",
        text=text if text is not None else dump_json(data), line=12,
        extra={"folder": {"uid": "portal", "title": folder} if folder else None},
    )


def config_doc(tmp_path, kind, artifact, text="a: 1\n") -> Document:
    return Document(kind=kind, data=yaml.safe_load(text), file=str(tmp_path / "loki" / "configs.py"),
                    name=os.path.basename(artifact), artifact=artifact, text=text, line=1)


def derive(tmp_path, docs, extra=""):
    ctx = Context(project=project(tmp_path, extra), documents=list(docs))
    target = KubernetesTarget()
    derived = target.derive(ctx)
    ctx.documents.extend(derived)
    problems = [p for d in derived for p in target.validate(d, ctx)] + target.cross_check(ctx)
    return derived, problems


def by_ref(derived):
    return {d.ref: d for d in derived}


def all_docs(tmp_path):
    return [
        rules_doc(tmp_path),
        dashboard_doc(tmp_path),
        config_doc(tmp_path, "alertmanager/config", "alertmanager/alertmanager.yml",
                   "route:\n  receiver: slack\nreceivers:\n- name: slack\n"),
        config_doc(tmp_path, "loki/config", "loki/loki.yaml"),
        config_doc(tmp_path, "promtail/config", "promtail/promtail.yaml"),
        config_doc(tmp_path, "alloy/config", "alloy/config.alloy", 'loki.write "default" {\n}\n'),
        config_doc(tmp_path, "grafana/datasources", "grafana/provisioning/datasources/prometheus.yaml"),
        config_doc(tmp_path, "loki/rules", "loki/rules/portal/errors.yml", "groups: []\n"),
        config_doc(tmp_path, "k6/options", "k6/load.options.json", "{}"),  # not a Kubernetes thing
        Document(kind="prometheus/rules", data=RULES, file=str(tmp_path / "raw.yml")),  # raw: not converted
    ]


def test_every_output_becomes_one_valid_object_per_file(tmp_path):
    derived, problems = derive(tmp_path, all_docs(tmp_path))
    assert problems == []
    assert sorted(by_ref(derived)) == [
        "ConfigMap/alloy-config", "ConfigMap/dashboard-portal-overview", "ConfigMap/grafana-datasources-prometheus",
        "ConfigMap/loki-config", "ConfigMap/loki-rules-portal-errors", "ConfigMap/promtail-config",
        "PrometheusRule/services", "Secret/alertmanager-main",
    ]
    for doc in derived:
        assert doc.kind == "kubernetes/object"
        assert doc.artifact == f"kubernetes/{doc.data['kind'].lower()}-{doc.name}.yaml"
        objects = list(yaml.safe_load_all(doc.text))
        assert objects == [doc.data], "exactly one object per file, as written"
        meta = doc.data["metadata"]
        assert meta["namespace"] == "observability"
        assert meta["labels"]["app.kubernetes.io/managed-by"] == "monitoring-as-code"
        assert meta["labels"]["app.kubernetes.io/part-of"] == "portal-universe"
        assert name_problem(meta["name"]) is None
        if doc.data["kind"] != "PrometheusRule":
            kubernetes_validate.validate(doc.data, K8S_VERSION, strict=True)


def test_prometheus_rule_carries_the_rule_file_and_selector_labels(tmp_path):
    derived, _ = derive(tmp_path, [rules_doc(tmp_path)])
    rule = by_ref(derived)["PrometheusRule/services"].data
    assert rule["apiVersion"] == "monitoring.coreos.com/v1"
    assert rule["spec"] == RULES
    assert rule["metadata"]["labels"]["release"] == "kube-prometheus-stack"
    assert rule["metadata"]["annotations"]["monitoring-as-code/source"] == "rules/services.py"


def test_dashboard_config_map_is_labelled_for_the_grafana_sidecar(tmp_path):
    derived, _ = derive(tmp_path, [dashboard_doc(tmp_path), dashboard_doc(tmp_path, uid="general-one", folder=None)])
    cm = by_ref(derived)["ConfigMap/dashboard-portal-overview"].data
    assert cm["metadata"]["labels"]["grafana_dashboard"] == "1"
    assert cm["metadata"]["annotations"]["grafana_folder"] == "Portal Universe"
    assert json.loads(cm["data"]["portal-overview.json"])["uid"] == "portal-overview"
    # The label value is the string "1" in the file, not the integer YAML would make of a bare 1.
    assert "grafana_dashboard: '1'" in by_ref(derived)["ConfigMap/dashboard-portal-overview"].text
    general = by_ref(derived)["ConfigMap/dashboard-general-one"].data
    assert "grafana_folder" not in general["metadata"].get("annotations", {})


def test_folder_annotation_carries_the_environments_folder_prefix_like_publish(tmp_path):
    derived, _ = derive(tmp_path, [dashboard_doc(tmp_path)], "grafana_folder_prefix = [staging]")
    assert derived[0].data["metadata"]["annotations"]["grafana_folder"] == "[staging] Portal Universe"


def test_sidecar_label_and_folder_annotation_are_configurable(tmp_path):
    extra = "kubernetes_dashboard_labels = dashboards=portal\nkubernetes_dashboard_folder_annotation = k8s-sidecar-target-directory"
    derived, problems = derive(tmp_path, [dashboard_doc(tmp_path)], extra)
    meta = derived[0].data["metadata"]
    assert meta["labels"]["dashboards"] == "portal" and "grafana_dashboard" not in meta["labels"]
    assert meta["annotations"]["k8s-sidecar-target-directory"] == "Portal Universe"
    assert problems == []


def test_config_maps_use_the_keys_the_helm_charts_read(tmp_path):
    derived, _ = derive(tmp_path, all_docs(tmp_path))
    keys = {d.name: sorted(d.data.get("data", {})) for d in derived if d.data["kind"] == "ConfigMap"}
    assert keys["loki-config"] == ["config.yaml"]
    assert keys["promtail-config"] == ["promtail.yaml"]
    assert keys["alloy-config"] == ["config.alloy"]
    assert keys["loki-rules-portal-errors"] == ["errors.yml"]


def test_alertmanager_config_is_the_operators_secret(tmp_path):
    text = "route:\n  receiver: slack\nreceivers:\n- name: slack\n"
    derived, _ = derive(tmp_path, [config_doc(tmp_path, "alertmanager/config", "alertmanager/alertmanager.yml", text)],
                        "kubernetes_alertmanager = portal")
    secret = derived[0].data
    assert secret["kind"] == "Secret" and secret["metadata"]["name"] == "alertmanager-portal"
    assert secret["type"] == "Opaque"
    assert base64.b64decode(secret["data"]["alertmanager.yaml"]).decode() == text
    assert "stringData" not in secret


def test_several_alertmanager_configs_get_one_secret_each(tmp_path):
    docs = [config_doc(tmp_path, "alertmanager/config", f"alertmanager/{n}.yml") for n in ("main", "Edge_AM")]
    derived, problems = derive(tmp_path, docs)
    assert sorted(d.name for d in derived) == ["alertmanager-edge-am", "alertmanager-main"]
    assert problems == []


def test_name_prefix_is_applied(tmp_path):
    derived, _ = derive(tmp_path, [rules_doc(tmp_path), dashboard_doc(tmp_path)], "kubernetes_name_prefix = portal-")
    assert sorted(d.name for d in derived) == ["portal-dashboard-portal-overview", "portal-services"]


@pytest.mark.parametrize("raw, expected", [
    ("Portal_Overview", "portal-overview"),
    ("api.gateway--v2", "api-gateway--v2"),
    ("__x__", "x"),
    ("日本", ""),
    ("---", ""),
], ids=["case-and-underscore", "dots", "trimmed", "nothing-left-unicode", "nothing-left-dashes"])
def test_sanitize_name(raw, expected):
    assert sanitize_name(raw) == expected


def test_long_names_are_cut_and_stay_distinct():
    a, b = sanitize_name("x" * 300 + "a"), sanitize_name("x" * 300 + "b")
    assert len(a) == len(b) == 253 and a != b
    assert name_problem(a) is None


@pytest.mark.parametrize("make, raw", [
    (lambda tmp: rules_doc(tmp, name="___"), "___"),
    (lambda tmp: dashboard_doc(tmp, uid="--"), "--"),
], ids=["rule-file", "dashboard-uid"])
def test_a_name_that_cannot_be_made_is_a_bug_at_the_definition(tmp_path, make, raw):
    _derived, problems = derive(tmp_path, [make(tmp_path)], "kubernetes_name_prefix = portal-")
    [problem] = [p for p in problems if p.check == "kubernetes/name"]
    assert problem.severity == Severity.BUG
    assert repr(raw) in problem.message and "is empty" in problem.message
    assert problem.location.file.endswith(".py") and problem.location.line in (3, 12)
    assert problem.hint


def test_names_equal_after_sanitizing_are_reported(tmp_path):
    _derived, problems = derive(tmp_path, [dashboard_doc(tmp_path, uid="Api_Gateway"), dashboard_doc(tmp_path, uid="api-gateway")])
    [problem] = problems
    assert problem.check == "kubernetes/duplicate-name" and problem.severity == Severity.BUG
    assert "'Api_Gateway'" in problem.message and "'api-gateway'" in problem.message


def test_object_over_one_mebibyte_is_a_bug_naming_object_and_size(tmp_path):
    big = '{"uid": "huge", "x": "' + "a" * (1024 * 1024) + '"}'
    _derived, problems = derive(tmp_path, [dashboard_doc(tmp_path, uid="huge", text=big)])
    sizes = [p for p in problems if p.check == "kubernetes/size"]
    assert sizes and all(p.severity == Severity.BUG for p in sizes)
    assert any("ConfigMap/dashboard-huge" in p.message and "MiB" in p.message for p in sizes)
    assert sizes[0].location.file.endswith("dashboards/overview.py")


def test_object_over_256_kib_warns_about_client_side_apply(tmp_path):
    text = '{"uid": "big", "x": "' + "a" * (300 * 1024) + '"}'
    _derived, problems = derive(tmp_path, [dashboard_doc(tmp_path, uid="big", text=text)])
    [problem] = problems
    assert problem.severity == Severity.WARNING and "--server-side" in problem.hint


def test_prometheus_rule_schema_problems_point_at_the_python_rule(tmp_path):
    data = {"groups": [{"name": "g", "rules": [{"alert": "A", "expr": "up == 0", "for": "1.5m"}]},
                       {"name": "g", "rules": []}]}
    _derived, problems = derive(tmp_path, [rules_doc(tmp_path, data=data)])
    checks = {(p.check, p.location.object_path) for p in problems}
    assert ("kubernetes/schema", "spec.groups[0].rules[0].for") in checks
    assert ("kubernetes/schema", "spec.groups[1].name") in checks
    located = next(p for p in problems if p.location.object_path == "spec.groups[0].rules[0].for")
    assert located.location.file.endswith("rules/services.py") and located.location.line == 7
    assert located.location.artifact == "kubernetes/prometheusrule-services.yaml"


def test_target_can_be_turned_off(tmp_path):
    derived, _ = derive(tmp_path, all_docs(tmp_path), "kubernetes = false")
    assert derived == []


@pytest.mark.parametrize("extra, key", [
    ("kubernetes_namespace = Monitoring_NS", "kubernetes_namespace"),
    ("kubernetes_rule_labels = role", "kubernetes_rule_labels"),
    ("kubernetes_labels = team=a/b", "kubernetes_labels"),
    ("kubernetes_dashboard_folder_annotation = bad key!", "kubernetes_dashboard_folder_annotation"),
], ids=["namespace", "pair-without-equals", "bad-label-value", "bad-annotation-key"])
def test_bad_settings_are_usage_errors_naming_the_key(tmp_path, extra, key):
    with pytest.raises(UsageError) as info:
        derive(tmp_path, [rules_doc(tmp_path)], extra)
    assert key in str(info.value) and info.value.hint


def test_mac_check_reads_config_maps_and_secrets_with_their_lines(tmp_path, mac):
    (tmp_path / "setup.cfg").write_text("[monitoring_as_code]\ndefinitions = rules\n")
    (tmp_path / "dashboard.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Grafana_Dashboard\n  namespace: monitoring\n"
        "  labels:\n    grafana_dashboard: '1'\ndata:\n  overview.json: '{}'\n"
    )
    result = mac(["check", "--format", "json", "dashboard.yaml"], cwd=str(tmp_path), environ={})
    problems = json.loads(result.stdout)["problems"]
    assert result.status == 1
    [problem] = [p for p in problems if p["check"] == "kubernetes/name"]
    assert problem["file"].endswith("dashboard.yaml") and problem["line"] == 4
    assert "Grafana_Dashboard" in problem["message"]


def test_mac_check_accepts_what_mac_build_wrote(tmp_path, mac):
    docs = [dashboard_doc(tmp_path), config_doc(tmp_path, "alertmanager/config", "alertmanager/alertmanager.yml")]
    derived, _ = derive(tmp_path, docs)
    for doc in derived:
        (tmp_path / os.path.basename(doc.artifact)).write_text(doc.text)
    files = [os.path.basename(d.artifact) for d in derived]
    result = mac(["check", *files], cwd=str(tmp_path), environ={})
    assert result.status == 0, result.stdout + result.stderr
    assert "unrecognized" not in result.stdout
