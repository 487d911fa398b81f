"""Checks that the API server would make: names, labels, keys, sizes, and the PrometheusRule schema.

``kubectl apply -f build/kubernetes/`` must take every object, so what the API server rejects
is a ``bug`` here, found before anything is written.
"""

from __future__ import annotations

import base64
import binascii
import json
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from monitoring_as_code.core.problem import Problem, Severity
from monitoring_as_code.kubernetes.names import (
    MAX_LABEL,
    config_key_problem,
    label_key_problem,
    label_value_problem,
    name_problem,
)

if TYPE_CHECKING:
    from monitoring_as_code.core.document import Document

#: etcd's and the API server's limit for one object (and for a ConfigMap's or Secret's data)
MAX_OBJECT_BYTES = 1024 * 1024
#: the limit on all annotations of an object; client-side ``kubectl apply`` copies the whole
#: object into the ``last-applied-configuration`` annotation, so bigger objects need --server-side
MAX_ANNOTATION_BYTES = 256 * 1024
SCHEMA_FILE = "prometheusrule.schema.json"

KNOWN_KINDS = {("v1", "ConfigMap"), ("v1", "Secret"), ("monitoring.coreos.com/v1", "PrometheusRule")}


def object_size(obj: Any) -> int:
    """The object's size as the API server receives it (compact JSON, UTF-8 bytes)."""
    return len(json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def _human(size: int) -> str:
    return f"{size / (1024 * 1024):.2f} MiB ({size} bytes)" if size >= 1024 * 1024 else f"{size / 1024:.1f} KiB ({size} bytes)"


def _check_names(doc: Document, obj: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    meta: dict[str, Any] = obj["metadata"] if isinstance(obj.get("metadata"), dict) else {}
    name = meta.get("name", "")
    trouble = name_problem(name) if isinstance(name, str) else "must be a string"
    if trouble:
        made_from = doc.extra.get("raw_name", "")
        problems.append(doc.problem(
            ("metadata", "name"), "kubernetes/name",
            f"{obj.get('kind', 'object')} name {name!r} {trouble}"
            + (f"; it could not be made from {made_from!r}" if made_from else ""),
            "rename the source (dashboard uid or file name) so it has letters or digits, "
            "or set kubernetes_name_prefix in setup.cfg",
        ))
    namespace = meta.get("namespace", "")
    trouble = name_problem(namespace, MAX_LABEL) if isinstance(namespace, str) else "must be a string"
    if trouble:
        problems.append(doc.problem(
            ("metadata", "namespace"), "kubernetes/name", f"namespace {namespace!r} {trouble}",
            "set kubernetes_namespace in setup.cfg to a DNS-1123 label, e.g. monitoring",
        ))
    for field, check_value in (("labels", True), ("annotations", False)):
        for key, value in (meta.get(field) or {}).items():
            trouble = label_key_problem(key)
            if not trouble and check_value:
                trouble = label_value_problem(value)
            elif not trouble and not isinstance(value, str):
                trouble = "value must be a string"
            if trouble:
                problems.append(doc.problem(
                    ("metadata", field, key), "kubernetes/label", f"{field[:-1]} {key}={value!r}: {trouble}",
                    "fix the kubernetes_*labels or *_annotation setting in setup.cfg",
                ))
    annotations = meta.get("annotations") or {}
    size = sum(len(k.encode()) + len(str(v).encode()) for k, v in annotations.items())
    if size > MAX_ANNOTATION_BYTES:
        problems.append(doc.problem(
            ("metadata", "annotations"), "kubernetes/size",
            f"annotations of {obj.get('kind')}/{name} total {_human(size)}, over the {MAX_ANNOTATION_BYTES} byte limit",
            "shorten the annotations (e.g. the folder title)",
        ))
    return problems


def _check_data(doc: Document, obj: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    data = obj.get("data") or {}
    total = 0
    for key, value in data.items():
        trouble = config_key_problem(key)
        if trouble:
            problems.append(doc.problem(("data", key), "kubernetes/key", f"data key {key!r} {trouble}",
                                        "rename the source file or dashboard uid"))
        if not isinstance(value, str):
            problems.append(doc.problem(("data", key), "kubernetes/key", f"data value of {key!r} must be a string"))
            continue
        if obj.get("kind") == "Secret":
            try:
                total += len(base64.b64decode(value, validate=True))
            except (binascii.Error, ValueError):
                problems.append(doc.problem(("data", key), "kubernetes/key",
                                            f"Secret data {key!r} is not valid base64"))
        else:
            total += len(value.encode("utf-8"))
    name = (obj.get("metadata") or {}).get("name")
    if total > MAX_OBJECT_BYTES:
        problems.append(doc.problem(
            ("data",), "kubernetes/size",
            f"{obj.get('kind')}/{name} holds {_human(total)} of data; Kubernetes refuses more than 1 MiB",
            "split it (e.g. a dashboard into several dashboards, a rule file into several files)",
        ))
    return problems


def _check_size(doc: Document, obj: dict[str, Any]) -> list[Problem]:
    size = object_size(obj)
    ref = f"{obj.get('kind')}/{(obj.get('metadata') or {}).get('name')}"
    if size > MAX_OBJECT_BYTES:
        return [doc.problem(
            (), "kubernetes/size", f"{ref} is {_human(size)}; Kubernetes refuses objects over 1 MiB",
            "split it: several smaller dashboards or rule files each become their own object",
        )]
    if size > MAX_ANNOTATION_BYTES:
        return [doc.problem(
            (), "kubernetes/size",
            f"{ref} is {_human(size)}: client-side `kubectl apply` fails on objects over 256 KiB "
            "(it copies them into the last-applied-configuration annotation)",
            "apply with `kubectl apply --server-side -f build/kubernetes/`, or split it",
            Severity.WARNING,
        )]
    return []


@lru_cache(maxsize=1)
def _rule_validator() -> Any:
    from importlib import resources

    from jsonschema import Draft202012Validator

    schema = json.loads(resources.files("monitoring_as_code.schemas").joinpath(SCHEMA_FILE).read_text("utf-8"))
    return Draft202012Validator(schema)


def _check_prometheus_rule(doc: Document, obj: dict[str, Any]) -> list[Problem]:
    problems = []
    for error in sorted(_rule_validator().iter_errors(obj), key=lambda e: list(e.absolute_path)):
        path = tuple(error.absolute_path)
        problems.append(doc.problem(
            path, "kubernetes/schema", f"PrometheusRule: {error.message}",
            f"the Prometheus Operator's CRD rejects this (see monitoring_as_code/schemas/{SCHEMA_FILE})",
        ))
    groups = (obj.get("spec") or {}).get("groups") or []
    seen: set[str] = set()
    for index, group in enumerate(groups):
        name = group.get("name") if isinstance(group, dict) else None
        if not isinstance(name, str):
            continue  # reported by the schema
        if name in seen:
            problems.append(doc.problem(
                ("spec", "groups", index, "name"), "kubernetes/schema",
                f"PrometheusRule: group name {name!r} appears twice; the CRD keys groups by name",
                "give each group of the rule file its own name",
            ))
        seen.add(name)
    return problems


def validate_object(doc: Document) -> list[Problem]:
    """Every problem of one ``kubernetes/object`` document."""
    obj = doc.data
    if not isinstance(obj, dict):
        return [doc.problem((), "kubernetes/object", "a Kubernetes object must be a mapping")]
    api, kind = obj.get("apiVersion"), obj.get("kind")
    if not isinstance(api, str) or not isinstance(kind, str) or not api or not kind:
        return [doc.problem((), "kubernetes/object", "apiVersion and kind are required")]
    problems = _check_names(doc, obj)
    if kind in ("ConfigMap", "Secret"):
        problems.extend(_check_data(doc, obj))
    if kind == "PrometheusRule":
        problems.extend(_check_prometheus_rule(doc, obj))
    if (api, kind) not in KNOWN_KINDS:
        problems.append(doc.problem((), "kubernetes/object", f"unexpected object {api} {kind}",
                                    severity=Severity.WARNING))
    problems.extend(_check_size(doc, obj))
    return problems
