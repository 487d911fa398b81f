"""Loki queries in Grafana dashboards are parsed as LogQL (variables replaced), compiled or raw."""

from __future__ import annotations

import json

DASHBOARD = {
    "uid": "logs", "title": "Logs", "schemaVersion": 39,
    "templating": {"list": [{"name": "job", "type": "query", "query": "label_values(job)"}]},
    "panels": [
        {"id": 1, "type": "logs", "title": "Errors", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 8},
         "datasource": {"type": "loki", "uid": "loki"},
         "targets": [{"refId": "A", "expr": '{job="$job"} |= "ERROR" | json | level=~"${level:regex}"'}]},
        {"id": 2, "type": "timeseries", "title": "Error rate", "gridPos": {"x": 0, "y": 8, "w": 24, "h": 8},
         "datasource": {"type": "loki", "uid": "loki"},
         "targets": [{"refId": "A", "expr": 'sum by (job) (rate({job="$job"} |= "ERROR" [$__auto]))'},
                     {"refId": "B", "expr": 'sum by (job) (rate({job="$job"} |= "ERROR" [$__auto])'}]},
    ],
}


def test_broken_loki_panel_query_is_reported_at_its_target(tmp_path, mac):
    path = tmp_path / "logs.json"
    path.write_text(json.dumps(DASHBOARD, indent=2))
    result = mac(["check", str(path), "--format", "json"])
    problems = [p for p in json.loads(result.stdout)["problems"] if p["check"] == "logql/syntax"]
    assert [p["object_path"] for p in problems] == ["panels[1].targets[1].expr"]
    assert "Grafana variables replaced" in problems[0]["message"] and problems[0]["hint"]
    assert problems[0]["line"] == json.dumps(DASHBOARD, indent=2).splitlines().index(
        '          "expr": "sum by (job) (rate({job=\\"$job\\"} |= \\"ERROR\\" [$__auto])"') + 1
