"""The PromQL expressions of the test data: every rule file's (plain or PrometheusRule) and every
dashboard query without a Grafana variable, in a stable order. Tests that pin a fast path to the
plain one run them all."""

from __future__ import annotations

import glob
import json
import os

import yaml

DATA = os.path.join(os.path.dirname(__file__), "..", "data")


def data_expressions() -> list[str]:
    found = []
    for path in sorted(glob.glob(os.path.join(DATA, "**", "*.y*ml"), recursive=True)):
        with open(path, encoding="utf-8") as fh:
            for doc in yaml.safe_load_all(fh):
                groups = (doc or {}).get("groups") or ((doc or {}).get("spec") or {}).get("groups") or [] if isinstance(doc, dict) else []
                found += [r["expr"] for g in groups for r in g.get("rules") or [] if isinstance(r.get("expr"), str)]
    for path in sorted(glob.glob(os.path.join(DATA, "dashboards", "**", "*.json"), recursive=True)):
        with open(path, encoding="utf-8") as fh:
            found += [e for e in _queries(json.load(fh)) if "$" not in e]
    return found


def _queries(node) -> list[str]:
    if isinstance(node, dict):
        own = [node["expr"]] if isinstance(node.get("expr"), str) else []
        return own + [e for v in node.values() for e in _queries(v)]
    if isinstance(node, list):
        return [e for v in node for e in _queries(v)]
    return []
