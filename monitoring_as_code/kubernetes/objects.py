"""Kubernetes objects made from the other targets' compiled documents.

* ``prometheus/rules`` -> a ``PrometheusRule`` (monitoring.coreos.com/v1) per rule file, labelled
  for the Prometheus Operator's ``ruleSelector``;
* ``grafana/dashboard`` -> a ``ConfigMap`` per dashboard, labelled for the Grafana Helm chart's
  dashboard sidecar, its folder title in the folder annotation;
* ``alertmanager/config`` -> the ``Secret`` ``alertmanager-<name>`` holding ``alertmanager.yaml``,
  the Prometheus Operator's convention for an Alertmanager resource's configuration;
* ``loki/config``, ``promtail/config``, ``alloy/config``, ``grafana/datasources`` and
  ``loki/rules`` -> ``ConfigMap``\\ s (datasources and Loki rules labelled for their sidecars).
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from monitoring_as_code.kubernetes.names import sanitize_name

if TYPE_CHECKING:
    from monitoring_as_code.core.document import Document
    from monitoring_as_code.kubernetes.settings import KubernetesSettings

#: annotation naming the definition an object was built from, to trace it back in review
SOURCE_ANNOTATION = "monitoring-as-code/source"


@dataclass
class Made:
    """One object and where it came from.

    :param obj: the Kubernetes object as plain data
    :param source: the document it was made from
    :param raw_name: what the name was made from (a uid, a file name), for error messages
    :param spec_path: where the source document's data sits inside ``obj`` (for locations)
    """

    obj: dict[str, Any]
    source: Document
    raw_name: str
    spec_path: tuple[Any, ...] = ()
    notes: dict[str, Any] = field(default_factory=dict)


def _stem(doc: Document) -> str:
    base = os.path.basename(doc.artifact or doc.file)
    for suffix in (".yml", ".yaml", ".json", ".alloy"):
        if base.endswith(suffix):
            return base[: -len(suffix)]
    return base


def _metadata(
    name: str, settings: KubernetesSettings, doc: Document, root: str,
    labels: dict[str, str] | None = None, annotations: dict[str, str] | None = None,
) -> dict[str, Any]:
    source = os.path.relpath(doc.file, root) if doc.file else ""
    all_annotations = dict(annotations or {})
    if source and not source.startswith(".."):
        all_annotations[SOURCE_ANNOTATION] = source.replace(os.sep, "/")
    meta: dict[str, Any] = {"name": name, "namespace": settings.namespace, "labels": {**settings.labels, **(labels or {})}}
    if all_annotations:
        meta["annotations"] = all_annotations
    return meta


def _name(settings: KubernetesSettings, raw: str, own: str | None = None) -> str:
    """The prefixed name, or ``""`` (reported by validation) when the source's ``own`` part has no usable character."""
    if own is not None and not sanitize_name(own):
        return ""
    return sanitize_name(settings.name_prefix + raw)


def prometheus_rule(doc: Document, settings: KubernetesSettings, root: str) -> Made:
    """A PrometheusRule whose ``spec`` is the rule file (``groups``)."""
    raw = _stem(doc)
    obj = {
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "PrometheusRule",
        "metadata": _metadata(_name(settings, raw, raw), settings, doc, root, settings.rule_labels),
        "spec": doc.data,
    }
    return Made(obj, doc, raw, ("spec",))


def dashboard_config_map(doc: Document, settings: KubernetesSettings, root: str) -> Made:
    """A ConfigMap holding one dashboard as ``<uid>.json``, in its folder by annotation."""
    uid = doc.name or _stem(doc)
    folder = doc.extra.get("folder") or {}
    title = f"{settings.folder_prefix} {folder['title']}" if settings.folder_prefix else str(folder.get("title") or "")
    annotations = {settings.folder_annotation: title} if folder.get("title") else {}
    obj = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": _metadata(
            _name(settings, f"dashboard-{uid}", uid), settings, doc, root, settings.dashboard_labels, annotations
        ),
        "data": {f"{uid}.json": doc.text or ""},
    }
    return Made(obj, doc, uid)


def alertmanager_secret(doc: Document, settings: KubernetesSettings, root: str, alone: bool) -> Made:
    """The Secret the Prometheus Operator reads for an Alertmanager resource's configuration.

    It is a Secret, not a ConfigMap, because the configuration may hold credentials resolved at
    build time; ``data`` (base64) rather than ``stringData`` keeps ``kubectl diff`` and GitOps
    tools from showing a change on every sync.
    """
    name = settings.alertmanager if alone else _stem(doc)
    text = doc.text or ""
    obj = {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": _metadata(sanitize_name(f"alertmanager-{name}") if sanitize_name(name) else "", settings, doc, root),
        "type": "Opaque",
        "data": {"alertmanager.yaml": base64.b64encode(text.encode("utf-8")).decode("ascii")},
    }
    return Made(obj, doc, f"alertmanager-{name}")


def _config_map(
    base: str, default_stems: tuple[str, ...], labels_of: Callable[[KubernetesSettings], dict[str, str]] | None = None,
    key: str | None = None,
) -> Callable[[Document, KubernetesSettings, str], Made]:
    """A maker of ConfigMaps named ``base`` (plus the file's stem unless it is a default one),
    holding the file under ``key`` (default: its own name)."""

    def make(doc: Document, settings: KubernetesSettings, root: str) -> Made:
        stem = _stem(doc)
        raw = base if stem in default_stems else f"{base}-{stem}"
        labels = labels_of(settings) if labels_of else {}
        obj = {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": _metadata(_name(settings, raw, stem), settings, doc, root, labels),
            "data": {key or os.path.basename(doc.artifact or doc.file): doc.text or ""},
        }
        return Made(obj, doc, raw)

    return make


def loki_rules_config_map(doc: Document, settings: KubernetesSettings, root: str) -> Made:
    """A ConfigMap per Loki rule file, placed by the rules sidecar under its tenant's directory."""
    tenant = os.path.basename(os.path.dirname(doc.artifact or "")) or "fake"
    raw = f"loki-rules-{tenant}-{_stem(doc)}"
    obj = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": _metadata(
            _name(settings, raw, _stem(doc)), settings, doc, root, settings.loki_rule_labels,
            {settings.loki_rule_folder_annotation: tenant},
        ),
        "data": {os.path.basename(doc.artifact or doc.file): doc.text or ""},
    }
    return Made(obj, doc, raw)


#: document kind -> how to make its object (``alertmanager/config`` is handled apart: its name
#: depends on how many configurations there are)
MAKERS: dict[str, Callable[[Document, KubernetesSettings, str], Made]] = {
    "prometheus/rules": prometheus_rule,
    "grafana/dashboard": dashboard_config_map,
    # config.yaml: the key the Loki Helm chart mounts its configuration from.
    "loki/config": _config_map("loki-config", ("loki", "config", "loki-config"), key="config.yaml"),
    "promtail/config": _config_map("promtail-config", ("promtail", "config", "promtail-config")),
    "alloy/config": _config_map("alloy-config", ("alloy", "config", "config-alloy")),
    "grafana/datasources": _config_map("grafana-datasources", ("datasources",), lambda s: s.datasource_labels),
    "loki/rules": loki_rules_config_map,
}


def make_objects(docs: list[Document], settings: KubernetesSettings, root: str) -> list[Made]:
    """Every object for the compiled documents ``docs``, in document order."""
    made: list[Made] = []
    alertmanagers = [d for d in docs if d.kind == "alertmanager/config" and d.compiled]
    for doc in docs:
        if not doc.compiled:
            continue
        if doc.kind == "alertmanager/config":
            made.append(alertmanager_secret(doc, settings, root, alone=len(alertmanagers) == 1))
        elif doc.kind in MAKERS:
            made.append(MAKERS[doc.kind](doc, settings, root))
    return made
