"""``dashboard/panel-id``, ``dashboard/grid``, ``dashboard/deprecated-panel``: the panels themselves.

Grafana accepts duplicate ids, ``w > 24`` and overlapping panels on save (it validates none of
them), then renders a broken layout or mixes up panel links and alert annotations: so we check.
"""

from __future__ import annotations

from monitoring_as_code.checks.dashboard_deprecated_panel import REPLACEMENTS
from monitoring_as_code.core.document import Document
from monitoring_as_code.core.encode import format_path
from monitoring_as_code.core.problem import Problem, Severity
from monitoring_as_code.core.target import Context
from monitoring_as_code.grafana.checks import dashboard_panels, panel_label

PANEL_ID = "dashboard/panel-id"
GRID = "dashboard/grid"
DEPRECATED = "dashboard/deprecated-panel"
COLUMNS = 24



def _rect(panel: dict) -> tuple[int, int, int, int] | None:
    pos = panel.get("gridPos")
    if not isinstance(pos, dict):
        return None
    rect = (pos.get("x"), pos.get("y"), pos.get("w"), pos.get("h"))
    for value in rect:
        if type(value) is not int and (not isinstance(value, int) or isinstance(value, bool)):
            return None
    return rect  # type: ignore[return-value]


def _check_level(doc: Document, panels: list, path: tuple, problems: list[Problem]) -> None:
    """Bounds and overlaps among panels drawn together (top level, or inside one collapsed row)."""
    placed: list[tuple[int, int, int, int, tuple, dict]] = []  # left, top, right, bottom, path, panel
    for i, panel in enumerate(panels):
        if not isinstance(panel, dict):
            continue
        rect = _rect(panel)
        if rect is None:
            continue
        here = path + (i,)
        x, y, w, h = rect
        right, bottom = x + w, y + h
        if x < 0 or y < 0 or w < 1 or h < 1 or right > COLUMNS:
            problems.append(doc.problem(
                here + ("gridPos",), GRID,
                f"{panel_label(panel)} at x={x} w={w} goes past the {COLUMNS}-column grid" if right > COLUMNS
                else f"{panel_label(panel)} has gridPos x={x} y={y} w={w} h={h}: negative or empty",
                f"keep x >= 0, w >= 1 and x + w <= {COLUMNS} (or leave gridPos out and let auto_grid place it)",
                Severity.BUG))
        for left, top, other_right, other_bottom, other_path, other in placed:
            if x < other_right and left < right and y < other_bottom and top < bottom:
                problems.append(doc.problem(
                    here + ("gridPos",), GRID,
                    f"{panel_label(panel)} overlaps {panel_label(other)} at {format_path(other_path)}",
                    "move one of them, or leave gridPos out and let auto_grid place panels", Severity.BUG))
                break
        placed.append((x, y, right, bottom, here, panel))
        inner = panel.get("panels")
        if panel.get("type") == "row" and isinstance(inner, list) and inner:
            _check_level(doc, inner, here + ("panels",), problems)


def check(doc: Document, root: tuple, data: dict, ctx: Context, skip: frozenset[str] = frozenset()) -> list[Problem]:
    problems: list[Problem] = []
    ids: dict[int, tuple] = {}
    for path, panel in dashboard_panels(doc, root, data):
        pid = panel.get("id")
        if isinstance(pid, int):
            if pid in ids:
                problems.append(doc.problem(
                    path + ("id",), PANEL_ID, f"{panel_label(panel)} reuses panel id {pid}",
                    "give every panel its own id (or leave ids out: they are assigned on build)", Severity.BUG))
            ids.setdefault(pid, path)
        kind = panel.get("type")
        if isinstance(kind, str) and kind in REPLACEMENTS and DEPRECATED not in skip:
            severity = Severity.BUG if doc.compiled else Severity.WARNING
            problems.append(doc.problem(
                path + ("type",), DEPRECATED,
                f"{panel_label(panel)} uses the retired panel type {kind!r}, which Grafana 12 no longer renders",
                f"use the {REPLACEMENTS[kind]!r} panel", severity))
    panels = data.get("panels")
    if isinstance(panels, list):
        _check_level(doc, panels, root + ("panels",), problems)
    return problems
