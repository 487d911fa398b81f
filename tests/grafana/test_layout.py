"""auto_grid: 24 columns, no overlaps, order kept, fixed positions respected (property-based)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitoring_as_code.grafana.layout import DEFAULT_SIZES, GRID_COLUMNS, Row, auto_grid

panel_types = st.sampled_from(["timeseries", "stat", "gauge", "bargauge", "table", "logs", "text", "piechart"])
sizes = st.one_of(st.none(), st.tuples(st.integers(1, 24), st.integers(1, 12)))


@st.composite
def panels(draw):
    kind = draw(panel_types)
    size = draw(sizes)
    panel = {"type": kind, "title": draw(st.text(min_size=1, max_size=8))}
    if size:
        panel["gridPos"] = {"w": size[0], "h": size[1]}
    return panel


def rects(placed):
    return [(p["gridPos"]["x"], p["gridPos"]["y"], p["gridPos"]["w"], p["gridPos"]["h"]) for p in placed]


def overlapping(a, b):
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


@settings(max_examples=60, deadline=None)
@given(st.lists(panels(), max_size=25))
def test_flow_layout_fits_and_never_overlaps(items):
    placed = auto_grid(items)
    assert [p["title"] for p in placed] == [p["title"] for p in items]
    boxes = rects(placed)
    for i, (x, y, w, h) in enumerate(boxes):
        assert 0 <= x and x + w <= GRID_COLUMNS and w >= 1 and h >= 1
        for other in boxes[:i]:
            assert not overlapping((x, y, w, h), other)
    for before, after in zip(items, placed):  # requested sizes are kept
        if "gridPos" in before:
            assert (after["gridPos"]["w"], after["gridPos"]["h"]) == (before["gridPos"]["w"], before["gridPos"]["h"])


@settings(max_examples=40, deadline=None)
@given(st.lists(panels(), max_size=10), st.integers(0, 12), st.integers(0, 10))
def test_fixed_panels_keep_their_place_and_others_flow_around(items, fx, fy):
    fixed = {"type": "text", "title": "fixed", "gridPos": {"x": fx, "y": fy, "w": 12, "h": 4}}
    placed = auto_grid([*items[:3], fixed, *items[3:]])
    assert fixed in placed
    boxes = rects(placed)
    for i, box in enumerate(boxes):
        for other in boxes[:i]:
            assert not overlapping(box, other)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(panels(), max_size=5), max_size=4), st.booleans())
def test_rows_start_on_their_own_line(groups, collapsed):
    placed = auto_grid([Row(f"row {i}", group, collapsed=collapsed) for i, group in enumerate(groups)])
    headers = [p for p in placed if p["type"] == "row"]
    assert len(headers) == len(groups)
    top = [p for p in placed]  # top-level boxes never overlap
    boxes = rects(top)
    for i, box in enumerate(boxes):
        for other in boxes[:i]:
            assert not overlapping(box, other)
    for header in headers:
        assert header["gridPos"] == {"h": 1, "w": 24, "x": 0, "y": header["gridPos"]["y"]}
        if collapsed:
            inner = header["panels"]
            assert all(p["gridPos"]["y"] > header["gridPos"]["y"] for p in inner)


def test_default_sizes_by_type():
    placed = auto_grid([{"type": "stat"}, {"type": "stat"}, {"type": "timeseries"}, {"type": "logs"}])
    assert [p["gridPos"] for p in placed] == [
        {"h": 4, "w": 6, "x": 0, "y": 0}, {"h": 4, "w": 6, "x": 6, "y": 0},
        {"h": 8, "w": 12, "x": 12, "y": 0}, {"h": 10, "w": 24, "x": 0, "y": 8},
    ]


def test_grafanalib_panels_get_a_gridpos():
    from grafanalib.core import Target, TimeSeries

    placed = auto_grid([TimeSeries(title="a", targets=[Target(expr="up")]), TimeSeries(title="b")])
    assert [(p.gridPos.x, p.gridPos.y, p.gridPos.w) for p in placed] == [(0, 0, 12), (12, 0, 12)]


class _Panel(dict):
    """A dict panel that auto_grid reads through its general path (``_size``, ``_with_pos``)."""


@pytest.mark.parametrize("seed", range(50))
def test_plain_dict_panels_are_placed_as_the_general_path_places_them(seed):
    import random

    rng = random.Random(seed)
    kinds = [*DEFAULT_SIZES, "piechart", None, 7, "", "row"]
    panels = []
    for i in range(rng.randint(1, 25)):
        panel = {"title": f"p{i}"}
        if rng.random() < 0.9:
            panel["type"] = rng.choice(kinds)
        if rng.random() < 0.15:
            panel["gridPos"] = rng.choice([{"x": rng.randint(0, 12), "y": rng.randint(0, 20), "w": 12, "h": 8},
                                           {"w": rng.randint(1, 30), "h": rng.randint(1, 9)}, None])
        panels.append(panel)
    fast = auto_grid(panels)
    general = auto_grid([_Panel(panel) for panel in panels])
    assert [p.get("gridPos") for p in fast] == [p.get("gridPos") for p in general]
    assert [dict(p) for p in fast] == [dict(p) for p in general]
