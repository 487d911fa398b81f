"""The ``kubernetes_*`` settings of ``setup.cfg``: namespace, names, and the labels that let the
Prometheus Operator and the Grafana and Loki sidecars find our objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from monitoring_as_code.errors import UsageError
from monitoring_as_code.kubernetes.names import (
    MAX_LABEL,
    label_key_problem,
    label_value_problem,
    name_problem,
)

if TYPE_CHECKING:
    from monitoring_as_code.core.project import Project

#: kube-prometheus's Prometheus selects PrometheusRules labelled like this (its ``ruleSelector``).
DEFAULT_RULE_LABELS = "prometheus=k8s role=alert-rules"
#: The Grafana Helm chart's dashboard sidecar defaults (``sidecar.dashboards.label``/``labelValue``).
DEFAULT_DASHBOARD_LABELS = "grafana_dashboard=1"
#: The annotation the chart's ``sidecar.dashboards.folderAnnotation`` is usually set to.
DEFAULT_FOLDER_ANNOTATION = "grafana_folder"
DEFAULT_DATASOURCE_LABELS = "grafana_datasource=1"
#: The Loki Helm chart's rules sidecar label (``sidecar.rules.label``).
DEFAULT_LOKI_RULE_LABELS = "loki_rule=1"
#: k8s-sidecar's default folder annotation, used by the Loki chart for the tenant directory.
DEFAULT_LOKI_RULE_FOLDER_ANNOTATION = "k8s-sidecar-target-directory"
MANAGED_BY = {"app.kubernetes.io/managed-by": "monitoring-as-code"}


def _labels(project: Project, key: str, default: str) -> dict[str, str]:
    from monitoring_as_code.environment import parse_pairs

    try:
        labels = parse_pairs(project.settings.get(key, default), key)
    except ValueError as exc:
        raise UsageError(f"setup.cfg: {exc}", f"set {key} = name=value name=value") from None
    for name, value in labels.items():
        trouble = label_key_problem(name) or label_value_problem(value)
        if trouble:
            raise UsageError(
                f"setup.cfg: {key}: label {name}={value}: {trouble}",
                "use Kubernetes label syntax, e.g. app.kubernetes.io/part-of=portal",
            )
    return labels


def _checked(project: Project, key: str, value: str, limit: int, hint: str) -> str:
    trouble = name_problem(value, limit)
    if trouble:
        raise UsageError(f"setup.cfg: {key} = {value!r}: {trouble}", hint)
    return value


@dataclass(frozen=True)
class KubernetesSettings:
    """How our documents become Kubernetes objects.

    :param enabled: ``kubernetes = false`` turns the target off
    :param namespace: ``kubernetes_namespace``, where every object goes
    :param name_prefix: ``kubernetes_name_prefix``, put before every generated name
    :param labels: ``kubernetes_labels``, added to every object
    :param rule_labels: ``kubernetes_rule_labels``, matching Prometheus's ``ruleSelector``
    :param dashboard_labels: ``kubernetes_dashboard_labels``, matching the Grafana sidecar's label
    :param folder_annotation: ``kubernetes_dashboard_folder_annotation``, the sidecar's ``folderAnnotation``
    :param datasource_labels: ``kubernetes_datasource_labels``, the Grafana datasource sidecar's label
    :param loki_rule_labels: ``kubernetes_loki_rule_labels``, the Loki rules sidecar's label
    :param loki_rule_folder_annotation: the annotation giving the Loki rules sidecar the tenant directory
    :param folder_prefix: ``grafana_folder_prefix``, put before folder titles as ``mac publish`` does
    :param alertmanager: ``kubernetes_alertmanager``, the Alertmanager resource's name: its config
        Secret is ``alertmanager-<name>``, as the Prometheus Operator expects
    """

    enabled: bool = True
    namespace: str = "monitoring"
    name_prefix: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    rule_labels: dict[str, str] = field(default_factory=dict)
    dashboard_labels: dict[str, str] = field(default_factory=dict)
    folder_annotation: str = DEFAULT_FOLDER_ANNOTATION
    datasource_labels: dict[str, str] = field(default_factory=dict)
    loki_rule_labels: dict[str, str] = field(default_factory=dict)
    loki_rule_folder_annotation: str = DEFAULT_LOKI_RULE_FOLDER_ANNOTATION
    folder_prefix: str = ""
    alertmanager: str = "main"

    @classmethod
    def from_project(cls, project: Project) -> KubernetesSettings:
        """Read and check the settings; a bad one is a usage error naming the key."""
        enabled = project.get("kubernetes", "true").lower() not in ("false", "no", "off", "0")
        prefix = project.get("kubernetes_name_prefix")
        if prefix:
            _checked(project, "kubernetes_name_prefix", prefix.rstrip("-") or "-", 200, "e.g. portal-")
        annotation = project.get("kubernetes_dashboard_folder_annotation", DEFAULT_FOLDER_ANNOTATION)
        loki_annotation = project.get("kubernetes_loki_rule_folder_annotation", DEFAULT_LOKI_RULE_FOLDER_ANNOTATION)
        for key, value in (
            ("kubernetes_dashboard_folder_annotation", annotation),
            ("kubernetes_loki_rule_folder_annotation", loki_annotation),
        ):
            trouble = label_key_problem(value)
            if trouble:
                raise UsageError(f"setup.cfg: {key} = {value!r}: {trouble}", "e.g. grafana_folder")
        return cls(
            enabled=enabled,
            namespace=_checked(
                project, "kubernetes_namespace", project.get("kubernetes_namespace", "monitoring"), MAX_LABEL,
                "a namespace is a DNS-1123 label, e.g. monitoring",
            ),
            name_prefix=prefix,
            labels={**MANAGED_BY, **_labels(project, "kubernetes_labels", "")},
            rule_labels=_labels(project, "kubernetes_rule_labels", DEFAULT_RULE_LABELS),
            dashboard_labels=_labels(project, "kubernetes_dashboard_labels", DEFAULT_DASHBOARD_LABELS),
            folder_annotation=annotation,
            datasource_labels=_labels(project, "kubernetes_datasource_labels", DEFAULT_DATASOURCE_LABELS),
            loki_rule_labels=_labels(project, "kubernetes_loki_rule_labels", DEFAULT_LOKI_RULE_LABELS),
            loki_rule_folder_annotation=loki_annotation,
            folder_prefix=project.get("grafana_folder_prefix"),
            alertmanager=_checked(
                project, "kubernetes_alertmanager", project.get("kubernetes_alertmanager", "main"), 240,
                "the name of your Alertmanager resource, e.g. main",
            ),
        )
