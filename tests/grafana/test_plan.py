"""classify: unchanged / update / conflict, the same answers as comparing canonical forms every time."""

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from monitoring_as_code.grafana.normalize import canonical
from monitoring_as_code.grafana.plan import CONTENT_HASH_FIELD, Desired, FolderSpec, classify, content_hash

FOLDER = FolderSpec("team", "Team")


def desired(title="Service", expr="up", folder=FOLDER):
    data = canonical({"uid": "svc", "title": title, "schemaVersion": 39, "panels": [
        {"type": "timeseries", "title": "Rate", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "targets": [{"refId": "A", "expr": expr}]}]})
    data[CONTENT_HASH_FIELD] = content_hash(data)
    return Desired("svc", title, folder, data, "svc.py")


def envelope(dashboard, version=3, folder_uid="team", user="sa-mac"):
    """``GET /api/dashboards/uid/svc`` after Grafana stored ``dashboard``: it adds id, uid and version."""
    stored = {**copy.deepcopy(dashboard), "id": 7, "version": version}
    return {"dashboard": stored, "meta": {"version": version, "folderUid": folder_uid, "updatedBy": user}}


def reference(item, live):
    """The classification before the as-published shortcut: canonical forms compared every time."""
    live_canon = canonical(live["dashboard"])
    recorded = live_canon.pop(CONTENT_HASH_FIELD, None)
    local = {k: v for k, v in item.dashboard.items() if k != CONTENT_HASH_FIELD}
    live_folder = live["meta"].get("folderUid") or ""
    if live_canon == local and live_folder == item.folder_uid:
        return "unchanged", ""
    if recorded is None:
        return "conflict", "it exists in Grafana but was not published by mac"
    if recorded != content_hash(live["dashboard"]):
        return "conflict", "it was changed in Grafana since mac published it"
    return "update", ""


def test_as_published_is_unchanged_and_keeps_what_a_write_needs():
    change = classify(desired(), envelope(desired().dashboard))
    assert change.action == "unchanged" and change.diff == ""
    assert (change.live.version, change.live.id, change.live.folder_uid, change.updated_by) == (3, 7, "team", "sa-mac")


def test_same_canonical_form_is_unchanged():
    live = envelope({**desired().dashboard, "editable": True, "iteration": 1700000000000, "rows": []})
    assert classify(desired(), live).action == "unchanged"  # Grafana's defaults and server fields are not changes


def test_a_new_definition_is_an_update_with_a_diff():
    change = classify(desired(expr="sum(up)"), envelope(desired().dashboard))
    assert change.action == "update" and change.reason == ""
    assert '-          "expr": "up"' in change.diff and '+          "expr": "sum(up)"' in change.diff
    assert classify(desired(expr="sum(up)"), envelope(desired().dashboard), with_diff=False).diff == ""


def test_moved_folder_is_an_update():
    change = classify(desired(), envelope(desired().dashboard, folder_uid=""))
    assert change.action == "update" and change.diff.startswith("folder: General -> team\n")


def test_edits_made_in_grafana_are_conflicts():
    edited = {**desired().dashboard, "description": "tuned by hand"}  # our hash kept, content changed
    change = classify(desired(expr="sum(up)"), envelope(edited, user="alice"))
    assert (change.action, change.reason, change.updated_by) == (
        "conflict", "it was changed in Grafana since mac published it", "alice")
    foreign = {k: v for k, v in desired().dashboard.items() if k != CONTENT_HASH_FIELD}
    assert classify(desired(expr="sum(up)"), envelope(foreign)).reason == "it exists in Grafana but was not published by mac"


def test_an_edit_that_restores_our_content_is_unchanged():
    assert classify(desired(), envelope({**desired().dashboard, "version": 9})).action == "unchanged"


_EDITS = st.sampled_from([
    ("title", "Renamed"), ("description", "by hand"), ("editable", True), ("editable", False), ("iteration", 5),
    ("tags", []), ("tags", ["prod"]), ("links", []), (CONTENT_HASH_FIELD, None), (CONTENT_HASH_FIELD, "0" * 16),
    ("panels", []), ("refresh", "30s"), ("schemaVersion", 39), ("schemaVersion", 12),
])


@settings(max_examples=200, deadline=None)
@given(edits=st.lists(_EDITS, max_size=3), expr=st.sampled_from(["up", "sum(up)"]),
       folder_uid=st.sampled_from(["team", ""]))
def test_same_answers_as_comparing_canonical_forms(edits, expr, folder_uid):
    live_dash = copy.deepcopy(desired().dashboard)
    for key, value in edits:
        if value is None:
            live_dash.pop(key, None)
        else:
            live_dash[key] = value
    item, live = desired(expr=expr), envelope(live_dash, folder_uid=folder_uid)
    change = classify(item, live, with_diff=False)
    assert (change.action, change.reason) == reference(item, live)
