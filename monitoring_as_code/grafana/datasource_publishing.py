"""Publishing datasource definitions over Grafana's datasource API (``mac publish --datasources``).

The ``grafana/datasources`` documents are Grafana provisioning files; each datasource becomes a
``POST /api/datasources`` (create) or ``PUT /api/datasources/uid/:uid`` (update), compared first
with ``GET /api/datasources/uid/:uid`` so an unchanged datasource costs no write. Provisioning-only
keys (``orgId``, ``version``, ``editable``) are not sent. Grafana never returns ``secureJsonData``:
it is sent when a datasource is created or changes otherwise. File provisioning expands ``$VAR``
references and the API does not, so a datasource using one is refused with a hint rather than
published with the literal ``$VAR`` in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from monitoring_as_code.errors import UsageError

if TYPE_CHECKING:
    from monitoring_as_code.core.document import Document
    from monitoring_as_code.grafana.client import GrafanaClient

KIND = "grafana/datasources"
_PROVISIONING_ONLY = ("orgId", "version", "editable", "deleteDatasources")
_WRITE_ONLY = ("secureJsonData",)
_ENV_REF = re.compile(r"\$(?:__env\{[A-Za-z_]\w*\}|__file\{[^}]+\}|\{[A-Za-z_]\w*\}|[A-Za-z_]\w*)")


@dataclass
class DatasourceChange:
    """``create``, ``update`` or ``unchanged`` for one datasource; ``live`` is what Grafana had."""

    uid: str
    name: str
    action: str
    desired: dict
    live: dict | None = None
    changed_keys: tuple[str, ...] = ()


def _env_references(value: Any, path: str) -> list[str]:
    if isinstance(value, str):
        return [path] if _ENV_REF.search(value) else []
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _env_references(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _env_references(v, f"{path}[{i}]")]
    return []


def desired_datasources(docs: Iterable[Document]) -> list[dict]:
    """API bodies for every datasource of the run's ``grafana/datasources`` documents."""
    bodies = []
    for doc in docs:
        if doc.kind != KIND or not isinstance(doc.data, dict):
            continue
        for item in doc.data.get("datasources") or ():
            if not isinstance(item, dict) or not item.get("uid"):
                continue
            body = {k: v for k, v in item.items() if k not in _PROVISIONING_ONLY}
            refs = _env_references({k: v for k, v in body.items() if k != "url"}, "") + _env_references(body.get("url"), ".url")
            if refs:
                raise UsageError(
                    f"Datasource/{item['uid']} ({doc.file}): {', '.join(r.lstrip('.') for r in refs)} use environment "
                    "references, which only file provisioning expands",
                    "publish this datasource by file provisioning (build/grafana/provisioning/), or drop --datasources")
            bodies.append(body)
    return sorted(bodies, key=lambda b: str(b["uid"]))


def classify(body: dict, live: dict | None) -> DatasourceChange:
    uid, name = str(body["uid"]), str(body.get("name", ""))
    if live is None:
        return DatasourceChange(uid, name, "create", body)
    changed = tuple(k for k in sorted(body) if k not in _WRITE_ONLY and live.get(k) != body[k])
    return DatasourceChange(uid, name, "update" if changed else "unchanged", body, live, changed)


def plan_datasources(client: GrafanaClient, bodies: list[dict]) -> list[DatasourceChange]:
    return [classify(body, client.get_datasource(str(body["uid"]))) for body in bodies]


def write(client: GrafanaClient, change: DatasourceChange) -> None:
    if change.action == "create":
        client.create_datasource(change.desired)
    elif change.action == "update":
        client.update_datasource(change.uid, change.desired)


def undo(client: GrafanaClient, change: DatasourceChange) -> str:
    """Put one written datasource back; returns what was done, for the rollback report."""
    if change.action == "create":
        client.delete_datasource(change.uid)
        return f"Datasource/{change.uid} (created by this run) deleted"
    previous = {k: v for k, v in (change.live or {}).items() if k not in ("id", "version", "readOnly")}
    client.update_datasource(change.uid, previous)
    return f"Datasource/{change.uid} restored"
