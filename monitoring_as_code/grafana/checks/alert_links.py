"""``alerts/dashboard-link``: alert annotations that link to ``/d/<uid>`` name a dashboard of this repo.

An on-call engineer following a dead dashboard link from a page loses minutes. Every annotation
value (``dashboard``, ``runbook_url``, any other) is scanned for Grafana dashboard URLs. When the
run has no dashboards at all, or covers only the files the user named (``mac test rules/x.py``), the
check stays quiet: a dashboard missing from a partial run may well exist in the repository.
"""

from __future__ import annotations

import re

from monitoring_as_code.core.problem import Problem, Severity
from monitoring_as_code.core.target import Context

NAME = "alerts/dashboard-link"
DASHBOARD_URL = re.compile(r"/d/([a-zA-Z0-9_-]+)")


def dashboard_uids(ctx: Context) -> set[str]:
    uids = set()
    for doc in ctx.of_kind("grafana/dashboard"):
        data = doc.data.get("dashboard") if isinstance(doc.data, dict) and "meta" in doc.data else doc.data
        if isinstance(data, dict) and isinstance(data.get("uid"), str):
            uids.add(data["uid"])
    return uids


def check(ctx: Context) -> list[Problem]:
    from monitoring_as_code.prometheus.documents import iter_rules

    uids = dashboard_uids(ctx)
    if not uids or not ctx.complete:
        return []
    problems = []
    for doc in ctx.of_kind("prometheus/rules"):
        for path, _group, rule in iter_rules(doc):
            annotations = rule.get("annotations")
            if not isinstance(annotations, dict):
                continue
            for key, value in annotations.items():
                if not isinstance(value, str):
                    continue
                for uid in DASHBOARD_URL.findall(value):
                    if uid not in uids:
                        problems.append(doc.problem(
                            path + ("annotations", key), NAME,
                            f"alert {rule.get('alert') or rule.get('record')!r}: annotation {key!r} links to dashboard "
                            f"uid {uid!r}, which no dashboard of this repo has (known: {', '.join(sorted(uids))})",
                            "fix the uid, or add that dashboard under dashboards/", Severity.BUG))
    return problems
