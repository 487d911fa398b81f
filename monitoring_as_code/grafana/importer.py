"""``mac import dashboard FILE.json``: Python source that rebuilds an existing dashboard.

The dashboard becomes a grafanalib ``Dashboard`` (title, uid, tags, time, templating), row panels
become grafanalib ``RowPanel``; panels grafanalib cannot reproduce exactly stay as their JSON
(a raw passthrough, which Grafana reads the same). Top-level fields grafanalib lacks, or writes
differently, go to ``DashboardDefinition(extra=...)``. The generated source is executed and its
result compared with the input in canonical form before it is returned: an import that would not
round-trip is an error, never a silent difference.
"""

from __future__ import annotations

import json
import keyword
import pprint
import re
from typing import Any

from monitoring_as_code.errors import UsageError
from monitoring_as_code.grafana.normalize import canonical, normalize

_HEADER = '''"""{title}

Imported by `mac import dashboard` from {source}. Edit freely: `mac build` checks and compiles it.
"""

'''
#: Dashboard fields passed to grafanalib's constructor (the rest goes to ``extra``).
_GRAFANALIB_FIELDS = ("title", "uid", "description", "tags")


def _identifier(text: str) -> str:
    name = re.sub(r"[^0-9a-zA-Z]+", "_", text).strip("_").lower() or "dashboard"
    if name[0].isdigit() or keyword.iskeyword(name):
        name = "dashboard_" + name
    return name


def _literal(value: Any, indent: int) -> str:
    text = pprint.pformat(value, width=max(120 - indent, 40), sort_dicts=False)
    pad = " " * indent
    return text.replace("\n", "\n" + pad)


def _row_source(panel: dict, indent: int) -> str | None:
    """A grafanalib ``RowPanel`` call for an expanded row header, when it reproduces the JSON exactly."""
    if panel.get("type") != "row" or panel.get("panels") or set(panel) - {"type", "title", "collapsed", "gridPos", "id", "panels"}:
        return None
    pos = panel.get("gridPos") or {}
    if set(pos) != {"h", "w", "x", "y"}:
        return None
    source = (f"RowPanel(title={panel.get('title', '')!r}, collapsed={bool(panel.get('collapsed'))!r}, "
              f"gridPos=GridPos(h={pos['h']}, w={pos['w']}, x={pos['x']}, y={pos['y']})"
              + (f", id={panel['id']}" if "id" in panel else "") + ")")
    return source if _same_panel(source, panel) else None


def _same_panel(source: str, panel: dict) -> bool:
    from grafanalib.core import GridPos, RowPanel

    obj = eval(source, {"RowPanel": RowPanel, "GridPos": GridPos})  # our own generated call, no user input
    built = normalize({"title": "x", "panels": [obj]})["panels"][0]
    return built == normalize({"title": "x", "panels": [panel]})["panels"][0]


def _panels_source(panels: list, indent: int) -> tuple[str, bool]:
    pad = " " * indent
    parts, used_row = [], False
    for panel in panels:
        row = _row_source(panel, indent) if isinstance(panel, dict) else None
        if row:
            used_row = True
            parts.append(f"{pad}{row},\n")
        else:
            parts.append(f"{pad}{_literal(panel, indent)},\n")
    return "[\n" + "".join(parts) + " " * (indent - 4) + "]", used_row


def dashboard_source(data: dict, source_name: str, folder: dict | None = None) -> str:
    """Python source for one dashboard JSON model.

    :param data: the dashboard (not the API envelope)
    :param source_name: the file it came from, for the header
    :param folder: ``{"uid", "title"}`` of its folder, when known (API envelope)
    """
    from grafanalib.core import Dashboard, Templating, Time

    target = canonical(data)
    variable = _identifier(str(target.get("uid") or target.get("title") or "dashboard"))
    panels_src, used_row = _panels_source(target.get("panels") or [], 12)
    args = [f"        {key}={target[key]!r}," for key in _GRAFANALIB_FIELDS if key in target]
    time = target.get("time") if isinstance(target.get("time"), dict) else None
    if time and set(time) == {"from", "to"}:
        args.append(f"        time=Time({time['from']!r}, {time['to']!r}),")
    templating = (target.get("templating") or {}).get("list") if isinstance(target.get("templating"), dict) else None
    if templating:
        args.append(f"        templating=Templating(list={_literal(templating, 8)}),")
    args.append(f"        panels={panels_src},")
    built_kwargs = {k: target[k] for k in _GRAFANALIB_FIELDS if k in target}
    if time and set(time) == {"from", "to"}:
        built_kwargs["time"] = Time(time["from"], time["to"])
    if templating:
        built_kwargs["templating"] = Templating(list=templating)
    built = normalize(Dashboard(**built_kwargs, panels=[]))
    wanted = dict(target)
    wanted.pop("panels", None)
    built.pop("panels", None)
    extra = {key: wanted.get(key) for key in sorted(set(wanted) | set(built)) if wanted.get(key) != built.get(key)}
    imports = ["Dashboard"] + (["GridPos", "RowPanel"] if used_row else []) + (["Templating"] if templating else [])
    imports += ["Time"] if time and set(time) == {"from", "to"} else []
    lines = [
        _HEADER.format(title=str(target.get("title", "Dashboard")).replace('"""', "'''"), source=source_name),
        f"from grafanalib.core import {', '.join(sorted(imports))}\n\n",
        "from monitoring_as_code.grafana import DashboardDefinition" + (", Folder" if folder else "") + "\n\n",
    ]
    if folder:
        lines.append(f"FOLDER = Folder(uid={folder['uid']!r}, title={folder['title']!r})\n\n")
    lines.append(f"{variable} = DashboardDefinition(\n    dashboard=Dashboard(\n")
    lines.append("\n".join(args) + "\n    ),\n")
    if folder:
        lines.append("    folder=FOLDER,\n")
    if extra:
        lines.append(f"    extra={_literal(extra, 4)},\n")
    lines.append(")\n")
    return "".join(lines)


def round_trips(source: str, data: dict) -> str | None:
    """``None`` when ``source`` rebuilds ``data`` (canonical form), else the first differing key."""
    namespace: dict[str, Any] = {}
    exec(compile(source, "<imported dashboard>", "exec"), namespace)  # noqa: S102 - the source we just generated
    from monitoring_as_code.grafana.model import DashboardDefinition

    found = [v for v in namespace.values() if isinstance(v, DashboardDefinition)]
    if len(found) != 1:
        return "the generated file does not define exactly one dashboard"
    rebuilt, wanted = canonical(found[0]), canonical(data)
    if rebuilt == wanted:
        return None
    for key in sorted(set(rebuilt) | set(wanted)):
        if rebuilt.get(key) != wanted.get(key):
            return key
    return "?"


def import_dashboard(text: str, filename: str) -> str:
    """The ``IMPORTERS["dashboard"]`` entry: JSON text (a dashboard or the API envelope) -> Python source."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{filename}:{exc.lineno}: not JSON: {exc.msg}", "give a dashboard exported from Grafana") from None
    folder = None
    if isinstance(data, dict) and isinstance(data.get("dashboard"), dict):
        meta = data["meta"] if isinstance(data.get("meta"), dict) else {}
        if meta.get("folderUid"):
            folder = {"uid": meta["folderUid"], "title": meta.get("folderTitle") or meta["folderUid"]}
        data = data["dashboard"]
    if not isinstance(data, dict) or not isinstance(data.get("title"), str):
        raise UsageError(f"{filename}: not a Grafana dashboard (no title)",
                         "export it from Grafana (Share > Export > JSON) or GET /api/dashboards/uid/<uid>")
    source = dashboard_source(data, filename, folder)
    difference = round_trips(source, data)
    if difference is not None:
        raise UsageError(f"{filename}: the import would not rebuild the same dashboard (differs at {difference!r})",
                         "please report this dashboard; meanwhile use the JSON as a dict in DashboardDefinition")
    return source
