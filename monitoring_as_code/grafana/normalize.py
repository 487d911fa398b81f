"""From any dashboard object to the JSON we write and compare: current Grafana, no nulls, no legacy.

``normalize`` is what ``mac build`` writes: ``None`` dropped, fields that only repeat Grafana's
own defaults or belong to retired features (``rows``, ``sharedCrosshair``, target ``step``...)
removed, missing uid, panel ids, ``refId`` and ``gridPos`` filled in deterministically.

``canonical`` is the comparison form used by ``mac diff``/``publish`` and by the import
round-trip: ``normalize`` plus removal of the fields Grafana manages (``id``, ``version``...).
"""

from __future__ import annotations

import copy
import re
import string
from typing import Any

from monitoring_as_code.core.encode import dump_json, to_data
from monitoring_as_code.grafana.uid import stable_uid

SCHEMA_VERSION = 39
_GRAFANALIB_SCHEMA_VERSION = 12  # grafanalib's hard-coded default: pre-dates every current panel type

#: Top-level fields dropped when they hold Grafana's default (or a retired feature's empty value).
DASHBOARD_DEFAULTS: dict[str, tuple[Any, ...]] = {
    "__inputs": ([],),
    "__requires": ([],),
    "annotations": ({"list": []}, {}),
    "description": ("",),
    "editable": (True,),
    "gnetId": (None,),
    "graphTooltip": (0,),
    "hideControls": (False,),  # retired with rows (schema 16)
    "links": ([],),
    "rows": ([],),  # retired: panels replaced rows in schema 16
    "sharedCrosshair": (False,),  # retired: graphTooltip replaced it
    "style": ("dark", "light"),  # retired in schema 38: the theme is a user preference
    "tags": ([],),
    "templating": ({"list": []}, {}),
    "timezone": ("",),
    "weekStart": ("",),
    "fiscalYearStartMonth": (0,),
    "liveNow": (False,),
    "panels": ([],),
}
#: Grafana's default refresh picker; grafanalib writes it out in full, along with retired time_options.
_DEFAULT_REFRESH_INTERVALS = ["5s", "10s", "30s", "1m", "5m", "15m", "30m", "1h", "2h", "1d"]

PANEL_DEFAULTS: dict[str, tuple[Any, ...]] = {
    "cacheTimeout": ("",),
    "description": ("",),
    "editable": (True,),  # panel-level editable was never read by Grafana
    "error": (False,),
    "height": ("",),  # retired with rows
    "hideTimeOverride": (False,),
    "interval": ("",),
    "links": ([],),
    "minSpan": ("",),
    "span": ("",),
    "transparent": (False,),
    "transformations": ([],),
    "timeFrom": ("",),
    "timeShift": ("",),
    "repeatDirection": ("h",),
}
TARGET_DEFAULTS: dict[str, tuple[Any, ...]] = {
    "hide": (False,),
    "target": ("",),  # Graphite field grafanalib writes on every target
    "metric": ("",),
    "interval": ("",),
    "legendFormat": ("",),
    "format": ("time_series",),
    "instant": (False,),
    "intervalFactor": (1,),
}
_RETIRED_TARGET_FIELDS = ("step",)  # Prometheus "step" was replaced by "interval" (min step) in Grafana 5


def _drop_defaults(obj: dict[str, Any], defaults: dict[str, tuple[Any, ...]]) -> None:
    for key in defaults.keys() & obj.keys():  # the keys both have: a panel sets few of the defaults
        value = obj[key]
        for default in defaults[key]:
            if value == default and type(value) is type(default):
                del obj[key]
                break


def _normalize_target(target: Any, ref_id: str) -> Any:
    if not isinstance(target, dict):
        return target
    _drop_defaults(target, TARGET_DEFAULTS)
    for key in _RETIRED_TARGET_FIELDS:
        target.pop(key, None)
    if "query" in target and target.get("query") == target.get("expr"):
        del target["query"]  # grafanalib duplicates expr into query; Prometheus reads expr
    if not target.get("refId"):
        target["refId"] = ref_id
    return target


def _ref_ids() -> list[str]:
    letters = string.ascii_uppercase
    return list(letters) + [a + b for a in letters for b in letters]


_REF_IDS = _ref_ids()


def _normalize_field_config(panel: dict[str, Any]) -> None:
    config = panel.get("fieldConfig")
    if not isinstance(config, dict):
        return
    defaults = config.get("defaults")
    if isinstance(defaults, dict):
        thresholds = defaults.get("thresholds")
        if isinstance(thresholds, dict) and thresholds.get("steps") == "":
            del thresholds["steps"]  # grafanalib writes "" where Grafana expects a list
        if defaults.get("mappings") == []:
            del defaults["mappings"]
        custom = defaults.get("custom")
        if isinstance(custom, dict) and custom.get("hideFrom") == {"tooltip": False, "viz": False, "legend": False}:
            del custom["hideFrom"]
    if config.get("overrides") == []:
        del config["overrides"]


def _normalize_panel(panel: Any) -> Any:
    if not isinstance(panel, dict):
        return panel
    _drop_defaults(panel, PANEL_DEFAULTS)
    _normalize_field_config(panel)
    targets = panel.get("targets")
    if isinstance(targets, list):
        if targets:
            panel["targets"] = [_normalize_target(t, _REF_IDS[i % len(_REF_IDS)]) for i, t in enumerate(targets)]
        else:
            del panel["targets"]
    inner = panel.get("panels")
    if isinstance(inner, list):
        panel["panels"] = [_normalize_panel(p) for p in inner]
    return panel


def iter_panels(panels: Any, path: tuple = ("panels",)):
    """``(path, panel)`` for every panel dict, including those inside (collapsed) rows."""
    if not isinstance(panels, list):
        return
    for i, panel in enumerate(panels):
        if isinstance(panel, dict):
            yield path + (i,), panel
            yield from iter_panels(panel.get("panels"), path + (i, "panels"))


def _assign_panel_ids(data: dict[str, Any]) -> None:
    top = data.get("panels")
    if isinstance(top, list) and all(type(p) is dict and "panels" not in p for p in top):
        panels = top  # no rows with nested panels (most dashboards): the walk is the list itself
    else:
        panels = [p for _, p in iter_panels(top)]
    used = {p["id"] for p in panels if isinstance(p.get("id"), int)}
    next_id = 1
    for panel in panels:
        if not isinstance(panel.get("id"), int):
            while next_id in used:
                next_id += 1
            panel["id"] = next_id
            used.add(next_id)


def _normalize_timepicker(data: dict[str, Any]) -> None:
    picker = data.get("timepicker")
    if not isinstance(picker, dict):
        return
    picker.pop("time_options", None)  # retired in Grafana 8
    if picker.get("hidden") is False:
        del picker["hidden"]
    if picker.get("refresh_intervals") == _DEFAULT_REFRESH_INTERVALS:
        del picker["refresh_intervals"]
    if not picker:
        del data["timepicker"]


def _fresh_copy(raw: Any) -> tuple[Any, bool]:
    """A deep copy of ``raw`` as plain data without ``None`` (what ``to_data`` gives), fast for plain JSON,
    and whether it came from orjson (then it holds only dict, list, str, int, float and bool).

    orjson copies a dict tree several times faster than Python code; it is used when the tree is plain
    JSON with no ``null`` (objects, NaN or ``None`` make the text differ or fail): else ``to_data``.
    """
    try:
        import orjson
    except ImportError:
        return to_data(raw), False
    try:
        text = orjson.dumps(raw)
    except (TypeError, orjson.JSONEncodeError):  # grafanalib objects, non-string keys, huge ints
        return to_data(raw), False
    return (to_data(raw), False) if b"null" in text else (orjson.loads(text), True)


#: Floats orjson writes unlike ``json.dumps``: below 1e-4 (``0.00001`` for ``1e-05``, ``1e-9`` for
#: ``1e-09``). A string holding such text only sends the dashboard down the slow, exact path.
_NEGATIVE_EXPONENT = re.compile(rb"e-\d")  # then a digit before: a literal start keeps the search fast
_DIGITS = frozenset(b"0123456789")


def _small_float_in(text: bytes) -> bool:
    if b"0.0000" in text:
        return True
    # "e-" followed by a digit is common in names ("service-1"); a float's has a digit before it too
    return any(match.start() and text[match.start() - 1] in _DIGITS for match in _NEGATIVE_EXPONENT.finditer(text))


def dump_dashboard(data: Any, plain: bool) -> str:
    """:func:`~monitoring_as_code.core.encode.dump_json`'s exact text, without its type walk when ``plain``.

    ``plain`` data (from :func:`_fresh_copy`'s orjson path) holds only JSON types, so orjson's text
    equals ``json.dumps``' except for floats below 1e-4 and NaN/infinity (written ``null``): both are
    spotted in the text and handed to ``dump_json``.
    """
    if plain:
        import orjson

        try:  # the newline appended by orjson: one decoded copy of a large text, not two
            text = orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)
        except (TypeError, orjson.JSONEncodeError):
            pass
        else:
            if b"null" not in text and not _small_float_in(text):
                return text.decode("utf-8")
    return dump_json(data)


def normalize(obj: Any, locations: dict | None = None) -> Any:
    """The JSON model we write for ``obj`` (a dashboard object or dict); the input is not modified.

    :param obj: a grafanalib/foundation-sdk dashboard, one of our definitions, or a dict
    :param locations: filled with ``path -> SourceLocation`` of resources met (see ``core.encode.to_data``)
    """
    return normalize_plain(obj, locations)[0]


def normalize_plain(obj: Any, locations: dict | None = None) -> tuple[Any, bool]:
    """:func:`normalize`, and whether the result holds only JSON types (for :func:`dump_dashboard`)."""
    from monitoring_as_code.grafana.model import plain_dashboard

    source = getattr(obj, "source", None)
    if locations is not None and source is not None and hasattr(source, "line"):
        locations.setdefault((), source)  # the dashboard() / DashboardDefinition call in the user's file
    raw = plain_dashboard(obj)
    data, plain = _fresh_copy(raw)  # a fresh tree: dicts from the user are never mutated
    if data is raw:
        data = copy.deepcopy(data)
    if not isinstance(data, dict):
        return data, plain
    _drop_defaults(data, DASHBOARD_DEFAULTS)
    _normalize_timepicker(data)
    if data.get("panels") and not data.get("rows"):
        data.pop("rows", None)
    if isinstance(data.get("panels"), list):
        from monitoring_as_code.grafana.layout import auto_grid

        if any(isinstance(p, dict) and not isinstance(p.get("gridPos"), dict) for p in data["panels"]):
            data["panels"] = auto_grid(data["panels"])
        data["panels"] = [_normalize_panel(p) for p in data["panels"]]
        _assign_panel_ids(data)
    if data.get("schemaVersion") in (None, _GRAFANALIB_SCHEMA_VERSION):
        data["schemaVersion"] = SCHEMA_VERSION
    if not data.get("uid") and isinstance(data.get("title"), str) and data["title"].strip():
        data["uid"] = stable_uid(data["title"])
    data.pop("id", None)
    data.pop("version", None)
    return data, plain


#: Fields Grafana sets itself on save; never part of what we compare.
SERVER_MANAGED = ("id", "version", "iteration", "created", "updated", "createdBy", "updatedBy")


def canonical(dashboard: Any) -> Any:
    """The comparison form: :func:`normalize` without server-managed fields (and the envelope)."""
    if isinstance(dashboard, dict) and isinstance(dashboard.get("dashboard"), dict) and "meta" in dashboard:
        dashboard = dashboard["dashboard"]
    data = normalize(dashboard)
    if isinstance(data, dict):
        for key in SERVER_MANAGED:
            data.pop(key, None)
    return data
