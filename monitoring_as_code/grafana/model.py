"""Folders and dashboard definitions: what a ``dashboards/*.py`` file declares.

A dashboard may be a grafanalib ``Dashboard``, a grafana-foundation-sdk builder or model
(anything with ``build()`` or ``to_json()``), or a plain dict of Grafana's JSON model. Wrap it
in :class:`DashboardDefinition` (or build it with :func:`dashboard`) to put it in a
:class:`Folder`; a bare grafanalib ``Dashboard`` at module level goes to the General folder.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attr

from monitoring_as_code.core.resource import Resource
from monitoring_as_code.grafana.normalize import SCHEMA_VERSION
from monitoring_as_code.grafana.uid import slugify, stable_uid, uid_error

#: The folder a dashboard without folder lands in; Grafana's root ("General") has no uid.
GENERAL_FOLDER_UID = "general"


def _check_uid(instance: Any, attribute: attr.Attribute, value: str) -> None:
    error = uid_error(value) if isinstance(value, str) else "uid must be a string"
    if error or not value:
        raise ValueError(
            f"{type(instance).__name__}.{attribute.name}={value!r}: {error or 'uid may not be empty'} "
            "(use at most 40 of a-z A-Z 0-9 - _)"
        )


def _check_title(instance: Any, attribute: attr.Attribute, value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{type(instance).__name__}.{attribute.name} may not be empty")


@attr.s(frozen=True, eq=False)
class Folder(Resource):
    """A Grafana folder that dashboards name.

    :param uid: the folder's uid (at most 40 of ``a-zA-Z0-9-_``); also its directory under ``build/grafana/dashboards/``
    :param title: the folder title shown in Grafana
    :param parent_uid: the parent folder's uid, for nested folders (Grafana 11+)
    """

    kind = "Folder"

    uid: str = attr.ib(validator=_check_uid)
    title: str = attr.ib(validator=_check_title)
    parent_uid: str | None = attr.ib(default=None)

    @property
    def name(self) -> str:
        return self.uid

    def to_json_data(self) -> dict[str, Any]:
        data = {"uid": self.uid, "title": self.title}
        if self.parent_uid:
            data["parentUid"] = self.parent_uid
        return data


@attr.s(eq=False)
class DashboardDefinition(Resource):
    """A dashboard (grafanalib, foundation-sdk, or dict) placed in a folder.

    :param dashboard: the dashboard object or its JSON model as a dict
    :param folder: where it is published; ``None`` means Grafana's General folder
    :param extra: top-level JSON fields merged over the dashboard's own (``None`` removes a field):
        the escape hatch for fields a library does not model
    """

    kind = "Dashboard"

    dashboard: Any = attr.ib()
    folder: Folder | None = attr.ib(default=None, validator=attr.validators.optional(attr.validators.instance_of(Folder)))
    extra: dict[str, Any] | None = attr.ib(default=None)

    @property
    def name(self) -> str:
        data = self.dashboard if isinstance(self.dashboard, Mapping) else None
        uid = (data or {}).get("uid") or getattr(self.dashboard, "uid", None)
        return str(uid or "?")

    def to_json_data(self) -> Any:
        data = plain_dashboard(self.dashboard)
        if not self.extra:
            return data
        from monitoring_as_code.core.encode import to_data

        merged = dict(to_data(data))
        for key, value in self.extra.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        return merged


def plain_dashboard(obj: Any) -> Any:
    """The JSON model of a dashboard object, whatever library built it (not yet normalized)."""
    if isinstance(obj, DashboardDefinition):
        return obj.to_json_data()
    if hasattr(obj, "build") and callable(obj.build) and not hasattr(obj, "to_json_data"):
        obj = obj.build()  # foundation-sdk builder -> model
    if hasattr(obj, "to_json") and callable(obj.to_json) and not hasattr(obj, "to_json_data"):
        obj = obj.to_json()  # foundation-sdk model -> dict
        if isinstance(obj, (str, bytes)):
            import json

            obj = json.loads(obj)
    return obj


def dashboard(
    title: str,
    panels: Iterable[Any] = (),
    *,
    uid: str | None = None,
    folder: Folder | None = None,
    variables: Iterable[Any] = (),
    tags: Iterable[str] = (),
    description: str = "",
    refresh: str = "30s",
    time_from: str = "now-6h",
    time_to: str = "now",
    links: Iterable[Mapping[str, Any]] = (),
    graph_tooltip: int = 1,
    extra: Mapping[str, Any] | None = None,
) -> DashboardDefinition:
    """A dashboard with current Grafana defaults, its panels laid out on the 24-column grid.

    :param title: the dashboard title
    :param panels: panels (our helpers' dicts, grafanalib panels, :class:`~monitoring_as_code.grafana.layout.Row`)
    :param uid: the uid; default: derived from the title (stable across builds)
    :param folder: the folder it belongs to
    :param variables: template variables (see :mod:`monitoring_as_code.grafana.variables`)
    :param tags: dashboard tags
    :param description: shown in dashboard settings and search
    :param refresh: auto-refresh interval
    :param time_from: start of the default time range
    :param time_to: end of the default time range
    :param links: dashboard links (Grafana JSON)
    :param graph_tooltip: 0 default, 1 shared crosshair, 2 shared tooltip
    :param extra: more top-level JSON fields, merged last
    """
    from monitoring_as_code.grafana.layout import auto_grid

    data: dict[str, Any] = {
        "title": title,
        "uid": uid or stable_uid(title),
        "schemaVersion": SCHEMA_VERSION,
        "time": {"from": time_from, "to": time_to},
        "refresh": refresh,
        "graphTooltip": graph_tooltip,
        "panels": auto_grid(panels),
    }
    if tags:
        data["tags"] = list(tags)
    if description:
        data["description"] = description
    variables = list(variables)
    if variables:
        data["templating"] = {"list": variables}
    if links:
        data["links"] = [dict(link) for link in links]
    if extra:
        data.update(extra)
    return DashboardDefinition(dashboard=data, folder=folder)


def folder_of(obj: Any) -> Folder | None:
    return obj.folder if isinstance(obj, DashboardDefinition) else None


__all__ = ["GENERAL_FOLDER_UID", "DashboardDefinition", "Folder", "dashboard", "folder_of", "plain_dashboard", "slugify"]
