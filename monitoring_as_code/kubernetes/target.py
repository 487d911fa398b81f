"""The ``kubernetes`` target: the other targets' output as Kubernetes objects in ``build/kubernetes/``.

Nothing is written in Python for it: ``derive`` turns the compiled rule files, dashboards,
Alertmanager, Loki, Promtail, Alloy and datasource documents into PrometheusRules, ConfigMaps and
a Secret (see ``kubernetes/objects.py``), one object per file so ``kubectl apply -f
build/kubernetes/`` takes the folder as it is. It is listed last in the registry, so documents
that other targets derive are converted too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.encode import dump_yaml
from monitoring_as_code.core.problem import Problem
from monitoring_as_code.core.resource import SourceLocation
from monitoring_as_code.core.target import Context, Target

if TYPE_CHECKING:
    from monitoring_as_code.kubernetes.objects import Made

KIND = "kubernetes/object"


def _locations(made: Made) -> dict[tuple[Any, ...], SourceLocation]:
    """The source document's Python locations, moved under where its data sits in the object."""
    source = made.source
    locations = {made.spec_path + tuple(path): loc for path, loc in source.python_locations.items()}
    if () not in locations and source.file and source.line:
        locations[()] = SourceLocation(source.file, source.line)
    return locations


class KubernetesTarget(Target):
    """PrometheusRule, ConfigMap and Secret objects for the Prometheus Operator and the Grafana chart."""

    name = "kubernetes"
    kinds = (KIND,)

    def derive(self, ctx: Context) -> list[Document]:
        from monitoring_as_code.kubernetes.settings import KubernetesSettings

        settings = KubernetesSettings.from_project(ctx.project)  # read (and checked) on every run
        if not settings.enabled or not any(d.compiled for d in ctx.documents):  # e.g. `mac check rules.yml`
            return []
        from monitoring_as_code.kubernetes.objects import make_objects

        docs = []
        for index, made in enumerate(make_objects(ctx.documents, settings, ctx.project.root)):
            kind, name = made.obj["kind"], made.obj["metadata"]["name"]
            extra: dict[str, Any] = {"raw_name": made.raw_name}
            if made.source.extra.get("secret_values"):  # an Alertmanager Secret carries the config's secrets
                extra["secret_values"] = made.source.extra["secret_values"]
            docs.append(Document(
                kind=KIND, data=made.obj, file=made.source.file, name=name, ref=f"{kind}/{name}",
                artifact=f"kubernetes/{kind.lower()}-{name or f'unnamed-{index}'}.yaml",
                text=dump_yaml(made.obj), python_locations=_locations(made), source_object=made.source,
                line=made.source.line, extra=extra,
            ))
        return docs

    def recognize(self, data: Any, path: str) -> str | None:
        """ConfigMaps and Secrets given to ``mac check`` (PrometheusRules are the rules target's)."""
        if isinstance(data, dict) and data.get("apiVersion") == "v1" and data.get("kind") in ("ConfigMap", "Secret"):
            return KIND
        return None

    def validate(self, doc: Document, ctx: Context) -> list[Problem]:
        from monitoring_as_code.kubernetes.validation import validate_object

        return validate_object(doc)

    def cross_check(self, ctx: Context) -> list[Problem]:
        """Two sources whose names sanitize alike (``Api_Gateway`` and ``api-gateway``) would overwrite each other."""
        problems = []
        first: dict[tuple[str, str, str], Document] = {}
        for doc in ctx.of_kind(KIND):
            meta = doc.data.get("metadata") or {}
            key = (doc.data.get("kind", ""), meta.get("namespace", ""), meta.get("name", ""))
            if not key[2]:
                continue
            if key in first:
                other = first[key]
                problems.append(doc.problem(
                    ("metadata", "name"), "kubernetes/duplicate-name",
                    f"{key[0]} {key[2]!r} would be made from both {doc.extra.get('raw_name', key[2])!r} and "
                    f"{other.extra.get('raw_name', key[2])!r} ({other.locate().short()})",
                    "Kubernetes names are lower case: rename one of them so they differ by more than case or punctuation",
                ))
            else:
                first[key] = doc
        return problems
