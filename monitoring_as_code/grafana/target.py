"""The ``grafana-dashboards`` target: dashboards compiled to ``grafana/dashboards/<folder>/<uid>.json``.

Module level imports stay stdlib + core (``mac check`` imports every target); grafanalib,
jsonschema and promql_parser load inside the methods that need them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.problem import Problem
from monitoring_as_code.core.target import Context, Definition, Target

KIND = "grafana/dashboard"
GENERAL_FOLDER_UID = "general"
_OUR_CLASSES = ("DashboardDefinition",)


def _class_of(obj: Any) -> tuple[str, str]:
    cls = type(obj)
    return cls.__module__ or "", cls.__name__


def looks_like_dashboard(data: Any) -> bool:
    """A Grafana dashboard JSON model: a title plus panels (or legacy rows)."""
    return (
        isinstance(data, Mapping)
        and isinstance(data.get("title"), str)
        and isinstance(data.get("panels", data.get("rows")), list)
        and ("schemaVersion" in data or "uid" in data or "panels" in data)
    )


def is_envelope(data: Any) -> bool:
    """The ``{"dashboard": ..., "meta": ...}`` shape Grafana's API returns."""
    return isinstance(data, Mapping) and looks_like_dashboard(data.get("dashboard")) and isinstance(data.get("meta"), Mapping)


class DashboardsTarget(Target):
    """Grafana dashboards from grafanalib, grafana-foundation-sdk, dicts, and raw JSON files."""

    name = "grafana-dashboards"
    kinds = (KIND,)

    def accepts(self, obj: Any) -> bool:
        module, name = _class_of(obj)
        if module == "monitoring_as_code.grafana.model" and name in _OUR_CLASSES:
            return True
        if module.startswith("grafanalib.") and name == "Dashboard":
            return True
        if module.startswith("grafana_foundation_sdk.") and name == "Dashboard":
            return True
        return isinstance(obj, dict) and looks_like_dashboard(obj)

    def compile(self, definitions: list[Definition], ctx: Context) -> list[Document]:
        if not definitions:  # `mac check rules.yml`: no need to import the model (attrs) and normalizer
            return []
        from monitoring_as_code.grafana.model import folder_of
        from monitoring_as_code.grafana.normalize import dump_dashboard, normalize_plain

        docs = []
        for definition in definitions:
            locations: dict = {}
            data, plain = normalize_plain(definition.obj, locations)
            folder = folder_of(definition.obj)
            folder_data = folder.to_json_data() if folder else None
            uid = str(data.get("uid") or definition.name) if isinstance(data, dict) else definition.name
            artifact = f"grafana/dashboards/{folder.uid if folder else GENERAL_FOLDER_UID}/{uid}.json"
            doc = Document(
                kind=KIND, data=data, file=definition.file, name=uid, ref=f"Dashboard/{uid}", artifact=artifact,
                text=dump_dashboard(data, plain), python_locations=locations, source_object=definition.obj,
                line=definition.line, extra={"folder": folder_data, "variable": definition.name},
            )
            docs.append(doc)
        return docs

    def recognize(self, data: Any, path: str) -> str | None:
        if path.endswith(".json") and (looks_like_dashboard(data) or is_envelope(data)):
            return KIND
        return None

    def validate(self, doc: Document, ctx: Context) -> list[Problem]:
        from monitoring_as_code.grafana.checks import check_dashboard

        return check_dashboard(doc, ctx)

    def cross_check(self, ctx: Context) -> list[Problem]:
        from monitoring_as_code.grafana.checks import check_across

        return check_across(ctx)

