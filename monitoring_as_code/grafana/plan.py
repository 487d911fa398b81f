"""What publishing would change: folders to create, and per dashboard create / update / unchanged / conflict.

Live and local dashboards are compared in :func:`~monitoring_as_code.grafana.normalize.canonical`
form, so server-managed fields (``id``, ``version``...) never show as changes. Each dashboard we
publish carries a hash of its own content (``CONTENT_HASH_FIELD``). A live dashboard whose content
no longer matches the hash it carries (or that carries none) was changed in Grafana since our
last publish: the plan marks it ``conflict`` with the version and the user who saved it.
"""

from __future__ import annotations

import difflib
import hashlib
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from monitoring_as_code.core.encode import dump_json
from monitoring_as_code.grafana.normalize import SERVER_MANAGED, canonical
from monitoring_as_code.grafana.parallel import parallel_map
from monitoring_as_code.grafana.uid import UID_MAX_LENGTH, slugify

if TYPE_CHECKING:
    from monitoring_as_code.core.document import Document
    from monitoring_as_code.grafana.client import GrafanaClient

#: Top-level field holding the hash of the dashboard content we published.
CONTENT_HASH_FIELD = "macContentHash"
GENERAL = ""  # Grafana's root folder: no uid


def content_hash(dashboard: dict) -> str:
    """sha256 (16 hex) of the canonical dashboard without the hash field itself."""
    return _digest({k: v for k, v in canonical(dashboard).items() if k != CONTENT_HASH_FIELD})


def _digest(canonical_data: dict) -> str:
    """:func:`content_hash` of a dashboard already in canonical form, without its hash field."""
    return hashlib.sha256(dump_json(canonical_data).encode("utf-8")).hexdigest()[:16]


def _as_published(live_dash: dict, wanted: dict) -> bool:
    """Whether Grafana holds exactly ``wanted`` (hash field included), apart from the fields it sets
    on save: what it stores after our own write. Then canonical forms are equal too and no
    normalisation is needed to know the dashboard is unchanged."""
    return {k: v for k, v in live_dash.items() if k not in SERVER_MANAGED} == wanted


@dataclass(frozen=True)
class FolderSpec:
    uid: str
    title: str
    parent_uid: str | None = None


@dataclass
class Desired:
    """A dashboard as we want it in Grafana."""

    uid: str
    title: str
    folder: FolderSpec | None
    dashboard: dict
    source: str = ""

    @property
    def folder_uid(self) -> str:
        return self.folder.uid if self.folder else GENERAL


@dataclass(frozen=True, slots=True)
class Live:
    """What a plan keeps of a live dashboard: enough to write over it and to roll it back, no JSON.

    :param version: its version (sent back with ``overwrite: false``; the version a rollback restores)
    :param id: its numeric id
    :param folder_uid: its folder (``""``: General)
    :param updated_by: who saved it last
    """

    version: int | None
    id: int | None
    folder_uid: str
    updated_by: str

    @classmethod
    def of(cls, envelope: dict) -> Live:
        """From ``GET /api/dashboards/uid/:uid``'s ``{"dashboard", "meta"}`` answer."""
        meta = envelope.get("meta") or {}
        dash = envelope.get("dashboard") or {}
        version = meta.get("version", dash.get("version"))
        # interned: a thousand dashboards share a few folders and authors, one string each
        return cls(version, dash.get("id"), sys.intern(str(meta.get("folderUid") or GENERAL)),
                   sys.intern(str(meta.get("updatedBy") or "unknown")))


@dataclass(slots=True)
class Change:
    """The plan for one dashboard.

    :param action: ``create``, ``update``, ``unchanged`` or ``conflict``
    :param live: what the plan keeps of the live dashboard, when it exists (:class:`Live`)
    :param diff: a unified diff live -> local (updates and conflicts)
    :param reason: why it is a conflict
    """

    desired: Desired
    action: str
    live: Live | None = None
    diff: str = ""
    reason: str = ""

    @property
    def uid(self) -> str:
        return self.desired.uid

    @property
    def live_version(self) -> int | None:
        return self.live.version if self.live else None

    @property
    def updated_by(self) -> str:
        return self.live.updated_by if self.live else "unknown"


@dataclass
class Plan:
    """Folders to create, dashboard changes, and (with ``--datasources``) datasource changes."""

    folders_to_create: list[FolderSpec] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    datasources: list[Any] = field(default_factory=list)  # datasource_publishing.DatasourceChange

    def of(self, action: str) -> list[Change]:
        return [c for c in self.changes if c.action == action]

    @property
    def has_changes(self) -> bool:
        return (bool(self.folders_to_create) or any(c.action != "unchanged" for c in self.changes)
                or any(d.action != "unchanged" for d in self.datasources))


def _prefixed(folder: dict, prefix: str) -> FolderSpec:
    if not prefix:
        return FolderSpec(folder["uid"], folder["title"], folder.get("parentUid"))
    uid = f"{slugify(prefix)}-{folder['uid']}"[:UID_MAX_LENGTH]
    return FolderSpec(uid, f"{prefix} {folder['title']}", folder.get("parentUid"))


def desired_dashboards(docs: Iterable[Document], folder_prefix: str = "") -> list[Desired]:
    """The dashboards to publish, from ``grafana/dashboard`` documents (compiled or raw JSON).

    :param docs: the run's documents
    :param folder_prefix: the environment's ``grafana_folder_prefix``
    """
    out = []
    for doc in docs:
        if doc.kind != "grafana/dashboard":
            continue
        data = canonical(doc.data)
        if not isinstance(data, dict) or not data.get("uid"):
            continue
        folder = doc.extra.get("folder")
        data[CONTENT_HASH_FIELD] = content_hash(data)
        out.append(Desired(data["uid"], str(data.get("title", "")), _prefixed(folder, folder_prefix) if folder else None,
                           data, doc.artifact or doc.file))
    return sorted(out, key=lambda d: d.uid)


def unified_diff(live: Any, local: Any, uid: str, version: Any, source: str) -> str:
    before = dump_json(live).splitlines(keepends=True)
    after = dump_json(local).splitlines(keepends=True)
    return "".join(difflib.unified_diff(before, after, f"grafana/{uid} (version {version})", f"local/{source}", n=3))


def classify(desired: Desired, live: dict | None, with_diff: bool = True) -> Change:
    """Compare one desired dashboard with its live envelope (``None``: not in Grafana).

    :param desired: the dashboard as we want it
    :param live: ``GET /api/dashboards/uid/:uid``'s answer
    :param with_diff: compute the unified diff (``mac diff``); publishing does not need it
    """
    if live is None:
        return Change(desired, "create")
    return _classify(desired, live, with_diff)


def _classify(desired: Desired, live: dict, with_diff: bool) -> Change:
    live_dash = live.get("dashboard") or {}
    live_folder = (live.get("meta") or {}).get("folderUid") or GENERAL
    if live_folder == desired.folder_uid and _as_published(live_dash, desired.dashboard):
        return Change(desired, "unchanged", Live.of(live))
    live_canon = canonical(live_dash)
    recorded = live_canon.pop(CONTENT_HASH_FIELD, None)
    local = {k: v for k, v in desired.dashboard.items() if k != CONTENT_HASH_FIELD}
    if live_canon == local and live_folder == desired.folder_uid:
        return Change(desired, "unchanged", Live.of(live))
    diff = unified_diff(live_canon, local, desired.uid, (live.get("meta") or {}).get("version"), desired.source) \
        if with_diff else ""
    if live_folder != desired.folder_uid:
        diff = f"folder: {live_folder or 'General'} -> {desired.folder_uid or 'General'}\n" + diff
    change = Change(desired, "update", Live.of(live), diff)
    if recorded is None:
        change.action, change.reason = "conflict", "it exists in Grafana but was not published by mac"
    elif recorded != _digest(live_canon):  # live_canon is canonical(live_dash) without the hash field
        change.action, change.reason = "conflict", "it was changed in Grafana since mac published it"
    return change


def make_plan(client: GrafanaClient, desired: list[Desired], workers: int = 8,
              progress: Callable[[int], None] | None = None, with_diff: bool = True) -> Plan:
    """Read the live state (in parallel, read-only) and classify every dashboard.

    :param client: the Grafana client
    :param desired: the dashboards to publish
    :param workers: parallel reads
    :param progress: called with 1 after each dashboard
    :param with_diff: compute unified diffs for updates and conflicts
    """
    plan = Plan()
    folders = {d.folder for d in desired if d.folder}
    for folder in sorted(folders, key=lambda f: f.uid):
        if client.get_folder(folder.uid) is None:
            plan.folders_to_create.append(folder)

    def one(item: Desired) -> Change:
        live = client.get_dashboard(item.uid)  # uids are org-wide: it may live in another folder
        if progress:
            progress(1)
        return classify(item, live, with_diff)

    plan.changes = parallel_map(one, desired, workers, "mac-plan")
    return plan
