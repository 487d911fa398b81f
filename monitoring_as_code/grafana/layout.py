"""Automatic layout on Grafana's 24-column grid: panels flow left to right, wrap, never overlap.

Panels that already have a ``gridPos`` keep it; the others are placed, in order, at the first
free spot at or after the previous panel. Each panel type has a default size (a stat is a small
tile, logs take the full width). A :class:`Row` starts on a new line with a full-width row header.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

GRID_COLUMNS = 24

#: (width, height) by panel type, for panels without a size
DEFAULT_SIZES: dict[str, tuple[int, int]] = {
    "stat": (6, 4),
    "gauge": (6, 6),
    "bargauge": (12, 6),
    "timeseries": (12, 8),
    "table": (24, 8),
    "logs": (24, 10),
    "text": (24, 3),
    "row": (24, 1),
}
DEFAULT_SIZE = (12, 8)


class Row:
    """A row header followed by its panels.

    :param title: the row title
    :param panels: the row's panels
    :param collapsed: when true the panels are stored inside the row, as Grafana does for collapsed rows
    :param repeat: variable name to repeat the row for
    """

    def __init__(self, title: str, panels: Iterable[Any] = (), collapsed: bool = False, repeat: str | None = None) -> None:
        self.title = title
        self.panels = list(panels)
        self.collapsed = collapsed
        self.repeat = repeat


class _Grid:
    """Occupied cells, tracked as rectangles (dashboards have tens of panels, not thousands)."""

    def __init__(self) -> None:
        self.rects: list[tuple[int, int, int, int]] = []
        self.cursor = (0, 0)  # (y, x): the next panel is placed at or after this point
        #: the rectangles that may still block, as (left, top, right, bottom): those ending above the
        #: cursor's row never can again (the cursor only moves down), so each placement scans a few
        self._active: list[tuple[int, int, int, int]] = []
        self._pruned_at = 0

    def occupy(self, x: int, y: int, w: int, h: int) -> None:
        self.rects.append((x, y, w, h))
        self._active.append((x, y, x + w, y + h))

    def bottom(self) -> int:
        return max((ry + rh for _, ry, _, rh in self.rects), default=0)

    def _prune(self, y: int) -> None:
        if y > self._pruned_at:
            self._active = [r for r in self._active if r[3] > y]
            self._pruned_at = y

    def place(self, w: int, h: int) -> tuple[int, int]:
        """Scan rows from the cursor; skip past whatever blocks a spot instead of stepping cell by cell."""
        y, x = self.cursor
        if y > self._pruned_at:
            self._prune(y)
        active = self._active
        while True:
            whole_row = x == 0  # only a scan of the whole row may jump rows: left of the cursor was not looked at
            next_y = None
            while x + w <= GRID_COLUMNS:
                right, bottom = x + w, y + h
                for left, top, other_right, other_bottom in active:  # the first rectangle the box would overlap
                    if x < other_right and left < right and y < other_bottom and top < bottom:
                        break
                else:
                    self.rects.append((x, y, w, h))
                    active.append((x, y, right, bottom))
                    self.cursor = (y, right)
                    return x, y
                x = other_right
                next_y = other_bottom if next_y is None or other_bottom < next_y else next_y
            y, x = (next_y if whole_row and next_y is not None and next_y > y else y + 1), 0


def _panel_type(panel: Any) -> str:
    if isinstance(panel, dict):
        kind = panel.get("type", "")
        return kind if type(kind) is str else str(kind)
    return str(getattr(panel, "type", "") or _grafanalib_type(panel))


def _grafanalib_type(panel: Any) -> str:
    try:
        data = panel.to_json_data()
    except Exception:  # noqa: BLE001 - a user object we cannot serialise yet: default size
        return ""
    return str(data.get("type", "")) if isinstance(data, dict) else ""


def _grid_pos(panel: Any) -> dict[str, int] | None:
    pos = panel.get("gridPos") if isinstance(panel, dict) else getattr(panel, "gridPos", None)
    if pos is None:
        return None
    if not isinstance(pos, dict):
        pos = {k: getattr(pos, k, None) for k in ("x", "y", "w", "h")}
    for key in ("x", "y", "w", "h"):
        if not isinstance(pos.get(key), int):
            return None
    return pos


def _size(panel: Any, pos: dict[str, Any] | None) -> tuple[int, int]:
    w, h = DEFAULT_SIZES.get(_panel_type(panel), DEFAULT_SIZE)
    if isinstance(pos, dict):
        given_w, given_h = pos.get("w"), pos.get("h")
        w = given_w if isinstance(given_w, int) else w
        h = given_h if isinstance(given_h, int) else h
    return min(max(int(w), 1), GRID_COLUMNS), max(int(h), 1)


def _with_pos(panel: Any, x: int, y: int, w: int, h: int) -> Any:
    pos = {"h": h, "w": w, "x": x, "y": y}
    if isinstance(panel, dict):
        return {**panel, "gridPos": pos}
    import attr

    if attr.has(type(panel)) and any(f.name == "gridPos" for f in attr.fields(type(panel))):
        from grafanalib.core import GridPos

        return attr.evolve(panel, gridPos=GridPos(**pos))
    return panel


def _raw_pos(panel: Any) -> dict[str, Any] | None:
    pos = panel.get("gridPos") if isinstance(panel, dict) else None
    return pos if isinstance(pos, dict) else None


def _explicit(panel: Any) -> bool:
    return _grid_pos(panel) is not None


def auto_grid(panels: Iterable[Any]) -> list[Any]:
    """``panels`` with a ``gridPos`` on each, in a flow layout that never overlaps nor passes 24 columns.

    :param panels: dict panels, grafanalib panels, or :class:`Row` objects
    :returns: a flat list of panels (rows become a row panel followed by their panels)
    """
    items = list(panels)
    grid = _Grid()
    fixed = [None if isinstance(panel, Row) or _no_grid_pos(panel) else _grid_pos(panel) for panel in items]
    for pos in fixed:  # fixed positions are reserved first, so flowing panels go around them
        if pos is not None:
            grid.occupy(pos["x"], pos["y"], pos["w"], pos["h"])
    out: list[Any] = []
    for panel, pos in zip(items, fixed):
        if isinstance(panel, Row):
            out.extend(_place_row(panel, grid))
        elif pos is not None:
            out.append(panel)
        elif _no_grid_pos(panel):  # most panels (our helpers' dicts): the size of their type
            w, h = DEFAULT_SIZES.get(_panel_type(panel), DEFAULT_SIZE)
            x, y = grid.place(w, h)
            out.append({**panel, "gridPos": {"h": h, "w": w, "x": x, "y": y}})
        else:
            w, h = _size(panel, _raw_pos(panel))
            x, y = grid.place(w, h)
            out.append(_with_pos(panel, x, y, w, h))
    return out


def _no_grid_pos(panel: Any) -> bool:
    """A plain dict panel without ``gridPos``: placed at the default size of its type (as :func:`_size`)."""
    return type(panel) is dict and panel.get("gridPos") is None


def _place_row(row: Row, grid: _Grid) -> list[Any]:
    y = grid.bottom() if grid.rects else 0
    grid.cursor = (y, 0)
    _x, y = grid.place(GRID_COLUMNS, 1)
    header: dict[str, Any] = {
        "type": "row", "title": row.title, "collapsed": row.collapsed, "gridPos": {"h": 1, "w": GRID_COLUMNS, "x": 0, "y": y},
    }
    if row.repeat:
        header["repeat"] = row.repeat
    if row.collapsed:
        # Collapsed rows keep their panels inside, positioned as if expanded below the header.
        inner = _Grid()
        inner.cursor = (y + 1, 0)
        placed = []
        for panel in row.panels:
            w, h = _size(panel, _raw_pos(panel))
            px, py = inner.place(w, h)
            placed.append(_with_pos(panel, px, py, w, h))
        header["panels"] = placed
        return [header]
    header["panels"] = []
    grid.cursor = (y + 1, 0)
    placed = []
    for panel in row.panels:
        if _explicit(panel):
            placed.append(panel)
            continue
        w, h = _size(panel, _raw_pos(panel))
        px, py = grid.place(w, h)
        placed.append(_with_pos(panel, px, py, w, h))
    return [header, *placed]
