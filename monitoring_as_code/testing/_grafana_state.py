"""The Grafana emulator's state and routes: dashboards, versions, folders, search.

Status codes, bodies and validation order follow Grafana's ``pkg/api/dashboard.go``,
``pkg/services/dashboards`` and ``pkg/api/apierrors/folder.go`` (see the Grafana API notes).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

_UID_OK = re.compile(r"^[a-zA-Z0-9\-_]*$")


class ApiError(Exception):
    """An answer other than 200: ``status`` and Grafana's JSON body."""

    def __init__(self, status: int, body: Any) -> None:
        super().__init__(status, body)
        self.status = status
        self.body = body


def _dumps(data: Any) -> bytes:
    """JSON text for ``data`` (orjson; the standard library takes what orjson refuses)."""
    import orjson

    try:
        return orjson.dumps(data)
    except (TypeError, orjson.JSONEncodeError):  # non-string keys, huge ints: the standard library copes
        return json.dumps(data).encode("utf-8")


def _loads(text: bytes) -> Any:
    import orjson

    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:  # integers beyond 64 bits, written by the standard library
        return json.loads(text)


def _copy(data: Any) -> Any:
    """A deep copy of JSON data (orjson: many times faster than copy.deepcopy on dashboards, so the
    emulator's own CPU stays small next to the latency it emulates)."""
    return _loads(_dumps(data))


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.strip().lower()).strip("-")


@dataclass
class Version:
    """One saved version. Its model is kept as JSON text, as Grafana's ``dashboard_version.data``
    column holds it: a long history is then a few strings, not trees of objects that Python's
    cyclic garbage collector would rescan on every collection (which slowed each save as it grew).
    """

    version: int
    text: bytes
    created: str
    created_by: str
    message: str
    restored_from: int = 0

    @property
    def data(self) -> dict:
        """The model of this version (a fresh copy)."""
        return _loads(self.text)


@dataclass
class StoredDashboard:
    id: int
    uid: str
    data: dict
    folder_uid: str
    versions: list[Version] = field(default_factory=list)
    created: str = ""
    created_by: str = ""

    @property
    def version(self) -> int:
        return self.versions[-1].version

    @property
    def title(self) -> str:
        return str(self.data.get("title", ""))


@dataclass
class StoredFolder:
    id: int
    uid: str
    title: str
    created: str
    created_by: str
    version: int = 1
    parent_uid: str = ""


class GrafanaState:
    """Everything the emulated Grafana stores (one organisation)."""

    def __init__(self, name_exists: bool = False) -> None:
        self.dashboards: dict[str, StoredDashboard] = {}
        self.folders: dict[str, StoredFolder] = {}
        self.datasources: dict[str, dict] = {}
        self.name_exists = name_exists
        self._next_id = 1

    def _id(self) -> int:
        self._next_id += 1
        return self._next_id - 1

    # -- dashboards ------------------------------------------------------------------------------
    def save_dashboard(self, body: Any, login: str) -> dict:
        if not isinstance(body, dict) or not isinstance(body.get("dashboard"), dict):
            raise ApiError(400, {"message": "bad request data", "traceID": ""})
        if body.get("isFolder"):
            raise ApiError(400, {"message": "Use folders endpoint for saving folders."})
        model = _copy(body["dashboard"])
        title = str(model.get("title") or "").strip()
        if not title:
            raise ApiError(400, {"status": "empty-name", "message": "Dashboard title cannot be empty"})
        if len(title) > 5000:
            raise ApiError(400, {"status": "title-too-long", "message": "Dashboard title cannot contain more than 5 000 characters"})
        uid = str(model.get("uid") or "").strip()
        if not _UID_OK.match(uid):
            raise ApiError(400, {"message": "uid contains illegal characters"})
        if len(uid) > 40:
            raise ApiError(400, {"message": "uid too long, max 40 characters"})
        message = str(body.get("message") or "")
        if len(message) > 500:
            raise ApiError(400, {"message": "message too long, max 500 characters"})
        folder_uid = str(body.get("folderUid") or "")
        if folder_uid and folder_uid not in self.folders:
            raise ApiError(400, {"message": "folder not found"})
        dash_id = model.get("id")
        existing = self.dashboards.get(uid) if uid else None
        if isinstance(dash_id, int) and dash_id > 0:
            by_id = existing if existing is not None and existing.id == dash_id else next(
                (d for d in self.dashboards.values() if d.id == dash_id), None)  # the usual case needs no scan
            if by_id is None:
                raise ApiError(404, {"status": "not-found", "message": "Dashboard not found"})
            if uid and by_id.uid != uid and existing is not None:
                raise ApiError(400, {"message": "A dashboard with the same uid already exists"})
            existing = by_id
        if uid and uid in self.folders:
            raise ApiError(400, {"message": "Dashboard cannot be changed to a folder"})
        overwrite = bool(body.get("overwrite"))
        if existing is not None and not overwrite and model.get("version") != existing.version:
            raise ApiError(412, {"status": "version-mismatch", "message": "The dashboard has been changed by someone else"})
        if existing is None and self.name_exists and not overwrite:
            for other in self.dashboards.values():
                if other.folder_uid == folder_uid and _slug(other.title) == _slug(title):
                    raise ApiError(412, {"status": "name-exists",
                                         "message": "A dashboard with the same name in the folder already exists"})
        now = _now()
        if existing is None:
            uid = uid or f"e{self._next_id:013d}"
            existing = StoredDashboard(self._id(), uid, {}, folder_uid, created=now, created_by=login)
            self.dashboards[uid] = existing
            version = 1
        else:
            version = existing.version + 1
        model.update({"id": existing.id, "uid": existing.uid, "version": version, "title": title})
        existing.data = model
        existing.folder_uid = folder_uid
        existing.versions.append(Version(version, _dumps(model), now, login, message))
        slug = _slug(title)
        return {"id": existing.id, "uid": existing.uid, "url": f"/d/{existing.uid}/{slug}", "status": "success",
                "version": version, "slug": slug, "folderUid": folder_uid}

    def _dashboard(self, uid: str) -> StoredDashboard:
        found = self.dashboards.get(uid)
        if found is None:
            raise ApiError(404, {"message": "Dashboard not found", "traceID": ""})
        return found

    def get_dashboard(self, uid: str) -> dict:
        dash = self._dashboard(uid)
        folder = self.folders.get(dash.folder_uid)
        slug = _slug(dash.title)
        last = dash.versions[-1]
        meta = {
            "type": "db", "canSave": True, "canEdit": True, "canAdmin": True, "canStar": True, "canDelete": True,
            "slug": slug, "url": f"/d/{dash.uid}/{slug}", "expires": "0001-01-01T00:00:00Z", "created": dash.created,
            "updated": last.created, "updatedBy": last.created_by, "createdBy": dash.created_by, "version": dash.version,
            "hasAcl": False, "isFolder": False, "folderId": folder.id if folder else 0,
            "folderUid": dash.folder_uid, "folderTitle": folder.title if folder else "General",
            "folderUrl": f"/dashboards/f/{folder.uid}/{_slug(folder.title)}" if folder else "",
            "provisioned": False, "provisionedExternalId": "",
            "annotationsPermissions": {"dashboard": {"canAdd": True, "canEdit": True, "canDelete": True},
                                       "organization": {"canAdd": True, "canEdit": True, "canDelete": True}},
            "publicDashboardEnabled": False,
        }
        return {"dashboard": _copy(dash.data), "meta": meta}

    def delete_dashboard(self, uid: str) -> dict:
        dash = self._dashboard(uid)
        del self.dashboards[uid]
        return {"title": dash.title, "message": f"Dashboard {dash.title} deleted", "uid": uid}

    def versions(self, uid: str, limit: int) -> dict:
        dash = self._dashboard(uid)
        items = [
            {"id": v.version, "dashboardId": dash.id, "uid": uid, "parentVersion": max(v.version - 1, 0),
             "restoredFrom": v.restored_from, "version": v.version, "created": v.created, "createdBy": v.created_by,
             "message": v.message}
            for v in reversed(dash.versions)
        ]
        return {"continueToken": "", "versions": items[:limit]}

    def version(self, uid: str, number: int) -> dict:
        dash = self._dashboard(uid)
        for v in dash.versions:
            if v.version == number:
                return {"id": v.version, "dashboardId": dash.id, "uid": uid, "parentVersion": max(v.version - 1, 0),
                        "restoredFrom": v.restored_from, "version": v.version, "created": v.created,
                        "createdBy": v.created_by, "message": v.message, "data": v.data}
        raise ApiError(404, {"message": "Dashboard version not found", "traceID": ""})

    def restore(self, uid: str, body: Any, login: str) -> dict:
        dash = self._dashboard(uid)
        number = body.get("version") if isinstance(body, dict) else None
        if not isinstance(number, int):
            raise ApiError(400, {"message": "bad request data", "traceID": ""})
        old = self.version(uid, number)["data"]
        old["version"] = dash.version
        saved = self.save_dashboard({"dashboard": old, "folderUid": dash.folder_uid,
                                     "message": f"Restored from version {number}"}, login)
        dash.versions[-1].restored_from = number
        return {"id": saved["id"], "slug": saved["slug"], "status": "success", "uid": uid, "url": saved["url"],
                "version": saved["version"]}

    def edit(self, uid: str, change: dict, login: str, message: str) -> int:
        dash = self._dashboard(uid)
        model = {**_copy(dash.data), **change, "version": dash.version}
        return self.save_dashboard({"dashboard": model, "folderUid": dash.folder_uid, "message": message}, login)["version"]

    def search(self, query: dict[str, list[str]]) -> list[dict]:
        text = (query.get("query") or [""])[0].lower()
        kind = (query.get("type") or [""])[0]
        uids = set(query.get("dashboardUIDs") or [])
        folder_uids = set(query.get("folderUIDs") or [])
        tags = set(query.get("tag") or [])
        limit = min(int((query.get("limit") or ["1000"])[0]), 5000)
        page = max(int((query.get("page") or ["1"])[0]), 1)
        hits: list[dict] = []
        if kind in ("", "dash-folder") and not tags:
            for f in self.folders.values():
                if text in f.title.lower() and (not uids or f.uid in uids):
                    slug = _slug(f.title)
                    hits.append({"id": f.id, "uid": f.uid, "title": f.title, "uri": f"db/{slug}",
                                 "url": f"/dashboards/f/{f.uid}/{slug}", "slug": "", "type": "dash-folder", "tags": [],
                                 "isStarred": False, "sortMeta": 0})
        if kind in ("", "dash-db"):
            for d in self.dashboards.values():
                dash_tags = [t for t in d.data.get("tags") or [] if isinstance(t, str)]
                if text not in d.title.lower() or (uids and d.uid not in uids) or not tags <= set(dash_tags):
                    continue
                if folder_uids and (d.folder_uid or "general") not in folder_uids:
                    continue
                slug = _slug(d.title)
                hit = {"id": d.id, "uid": d.uid, "title": d.title, "uri": f"db/{slug}", "url": f"/d/{d.uid}/{slug}",
                       "slug": "", "type": "dash-db", "tags": dash_tags, "isStarred": False, "sortMeta": 0}
                folder = self.folders.get(d.folder_uid)
                if folder:
                    hit.update({"folderId": folder.id, "folderUid": folder.uid, "folderTitle": folder.title,
                                "folderUrl": f"/dashboards/f/{folder.uid}/{_slug(folder.title)}"})
                hits.append(hit)
        hits.sort(key=lambda h: (h["type"] != "dash-folder", h["title"].lower()))
        return hits[(page - 1) * limit: page * limit]

    # -- folders ---------------------------------------------------------------------------------
    def _folder_dto(self, f: StoredFolder) -> dict:
        dto = {"id": f.id, "uid": f.uid, "orgId": 1, "title": f.title, "url": f"/dashboards/f/{f.uid}/{_slug(f.title)}",
               "hasAcl": False, "canSave": True, "canEdit": True, "canAdmin": True, "canDelete": True,
               "createdBy": f.created_by, "created": f.created, "updatedBy": f.created_by, "updated": f.created,
               "version": f.version}
        if f.parent_uid:
            dto["parentUid"] = f.parent_uid
        return dto

    def get_folder(self, uid: str) -> dict:
        if uid not in self.folders:
            raise ApiError(404, {"status": "not-found", "message": "folder not found"})
        return self._folder_dto(self.folders[uid])

    def create_folder(self, body: Any, login: str) -> dict:
        if not isinstance(body, dict):
            raise ApiError(400, {"message": "bad request data", "traceID": ""})
        title = str(body.get("title") or "").strip()
        if not title:
            raise ApiError(400, {"message": "folder title cannot be empty"})
        uid = str(body.get("uid") or "").strip() or f"f{self._next_id:013d}"
        if not _UID_OK.match(uid):
            raise ApiError(400, {"message": "uid contains illegal characters"})
        if len(uid) > 40:
            raise ApiError(400, {"message": "uid too long, max 40 characters"})
        if uid in self.folders or uid in self.dashboards:
            raise ApiError(409, {"message": "a folder/dashboard with the same uid already exists"})
        parent = str(body.get("parentUid") or "")
        if parent and parent not in self.folders:
            raise ApiError(404, {"status": "not-found", "message": "folder not found"})
        folder = StoredFolder(self._id(), uid, title, _now(), login, parent_uid=parent)
        self.folders[uid] = folder
        return self._folder_dto(folder)

    def update_folder(self, uid: str, body: Any) -> dict:
        folder = self.folders.get(uid)
        if folder is None:
            raise ApiError(404, {"status": "not-found", "message": "folder not found"})
        if not isinstance(body, dict):
            raise ApiError(400, {"message": "bad request data", "traceID": ""})
        if not body.get("overwrite") and body.get("version") != folder.version:
            raise ApiError(412, {"status": "version-mismatch", "message": "the folder has been changed by someone else"})
        folder.title = str(body.get("title") or folder.title)
        folder.version += 1
        return self._folder_dto(folder)

    def delete_folder(self, uid: str) -> dict:
        folder = self.folders.get(uid)
        if folder is None:
            raise ApiError(404, {"status": "not-found", "message": "folder not found"})
        for dash in [d for d in self.dashboards.values() if d.folder_uid == uid]:
            del self.dashboards[dash.uid]  # Grafana deletes a folder's dashboards with it
        del self.folders[uid]
        return {"message": "Folder deleted", "id": folder.id, "title": folder.title}

    # -- datasources (pkg/api/datasources.go; messages from pkg/services/datasources/errors) ---------
    def get_datasource(self, uid: str) -> dict:
        if uid not in self.datasources:
            raise ApiError(404, {"message": "Data source not found"})
        return _copy(self.datasources[uid])

    def _check_datasource(self, body: Any, uid: str | None) -> dict:
        if not isinstance(body, dict) or not body.get("name") or not body.get("type"):
            raise ApiError(400, {"message": "bad request data", "traceID": ""})
        for other in self.datasources.values():
            if other["name"] == body["name"] and other["uid"] != uid:
                raise ApiError(409, {"message": "data source with the same name already exists", "traceID": ""})
        return _copy(body)

    def add_datasource(self, body: Any) -> dict:
        data = self._check_datasource(body, None)
        uid = str(data.get("uid") or f"d{self._next_id:013d}")
        if uid in self.datasources:
            raise ApiError(409, {"message": "data source with the same uid already exists", "traceID": ""})
        data.pop("secureJsonData", None)  # write-only: Grafana keeps it encrypted and never returns it
        data.update({"id": self._id(), "uid": uid, "orgId": 1, "version": 1, "readOnly": False})
        self.datasources[uid] = data
        return {"datasource": _copy(data), "id": data["id"], "message": "Datasource added", "name": data["name"]}

    def update_datasource(self, uid: str, body: Any) -> dict:
        current = self.get_datasource(uid)
        data = self._check_datasource(body, uid)
        data.pop("secureJsonData", None)
        data.update({"id": current["id"], "uid": uid, "orgId": 1, "version": current["version"] + 1, "readOnly": False})
        self.datasources[uid] = data
        return {"datasource": _copy(data), "id": data["id"], "message": "Datasource updated", "name": data["name"]}

    def delete_datasource(self, uid: str) -> dict:
        self.get_datasource(uid)
        del self.datasources[uid]
        return {"message": "Data source deleted"}

    def snapshot(self) -> dict:
        return {
            "datasources": {uid: {k: v for k, v in d.items() if k not in ("id", "version")}
                            for uid, d in sorted(self.datasources.items())},
            "folders": {uid: f.title for uid, f in sorted(self.folders.items())},
            "dashboards": {
                uid: {"folderUid": d.folder_uid,
                      "dashboard": {k: v for k, v in d.data.items() if k not in ("id", "version")}}
                for uid, d in sorted(self.dashboards.items())
            },
        }


_ROUTES: list[tuple[str, re.Pattern, Callable[..., Any]]] = [
    ("POST", re.compile(r"^/api/dashboards/db$"), lambda s, m, q, b, u: s.save_dashboard(b, u)),
    ("GET", re.compile(r"^/api/dashboards/uid/([^/]+)$"), lambda s, m, q, b, u: s.get_dashboard(m[1])),
    ("DELETE", re.compile(r"^/api/dashboards/uid/([^/]+)$"), lambda s, m, q, b, u: s.delete_dashboard(m[1])),
    ("GET", re.compile(r"^/api/dashboards/uid/([^/]+)/versions$"),
     lambda s, m, q, b, u: s.versions(m[1], int((q.get("limit") or ["1000"])[0]))),
    ("GET", re.compile(r"^/api/dashboards/uid/([^/]+)/versions/(\d+)$"), lambda s, m, q, b, u: s.version(m[1], int(m[2]))),
    ("POST", re.compile(r"^/api/dashboards/uid/([^/]+)/restore$"), lambda s, m, q, b, u: s.restore(m[1], b, u)),
    ("GET", re.compile(r"^/api/search$"), lambda s, m, q, b, u: s.search(q)),
    ("GET", re.compile(r"^/api/folders$"),
     lambda s, m, q, b, u: [{"id": f.id, "uid": f.uid, "title": f.title} for f in s.folders.values()]),
    ("POST", re.compile(r"^/api/folders$"), lambda s, m, q, b, u: s.create_folder(b, u)),
    ("GET", re.compile(r"^/api/folders/([^/]+)$"), lambda s, m, q, b, u: s.get_folder(m[1])),
    ("PUT", re.compile(r"^/api/folders/([^/]+)$"), lambda s, m, q, b, u: s.update_folder(m[1], b)),
    ("DELETE", re.compile(r"^/api/folders/([^/]+)$"), lambda s, m, q, b, u: s.delete_folder(m[1])),
    ("GET", re.compile(r"^/api/datasources$"), lambda s, m, q, b, u: [_copy(d) for d in s.datasources.values()]),
    ("POST", re.compile(r"^/api/datasources$"), lambda s, m, q, b, u: s.add_datasource(b)),
    ("GET", re.compile(r"^/api/datasources/uid/([^/]+)$"), lambda s, m, q, b, u: s.get_datasource(m[1])),
    ("PUT", re.compile(r"^/api/datasources/uid/([^/]+)$"), lambda s, m, q, b, u: s.update_datasource(m[1], b)),
    ("DELETE", re.compile(r"^/api/datasources/uid/([^/]+)$"), lambda s, m, q, b, u: s.delete_datasource(m[1])),
]


def route(state: GrafanaState, method: str, path: str, query: dict, body: Any, login: str) -> Any:
    """Dispatch one authenticated request; raises :class:`ApiError` for non-200 answers."""
    if body is ValueError:
        raise ApiError(400, {"message": "bad request data", "traceID": ""})
    for verb, pattern, handler in _ROUTES:
        match = pattern.match(path)
        if match and verb == method:
            return handler(state, match, query, body, login)
    raise ApiError(404, {"message": "Not found"})
