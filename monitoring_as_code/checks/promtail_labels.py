"""``promtail/labels``: every distinct label value is a new Loki stream. Promoting ids, trace ids,
timestamps, paths, users or IPs to labels (the ``labels`` pipeline stage) creates millions of tiny
streams: ingestion slows, queries time out, and Loki starts rejecting pushes (stream limits)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from monitoring_as_code.checks._data import as_list
from monitoring_as_code.checks.base import Check
from monitoring_as_code.core.problem import Severity

NAME = "promtail/labels"
HIGH_CARDINALITY = re.compile(
    r"(^|[_.\-])(id|uuid|guid|trace_?id|span_?id|request_?id|correlation_?id|session(_?id)?|user(_?id|_?name)?|"
    r"customer(_?id)?|email|ip|client_?ip|remote_?addr|ip_?address|x_forwarded_for|timestamp|ts|time|date|"
    r"datetime|path|url|uri|request_uri|query|msg|message|duration|latency|elapsed|pid)$|[a-z]Id$",
    re.IGNORECASE,
)


def label_stages(stages: Any, path: tuple) -> Iterator[tuple[tuple, dict]]:
    """``(path, labels mapping)`` of every ``labels`` stage, inside ``match`` stages too."""
    for i, stage in enumerate(as_list(stages)):
        if not isinstance(stage, dict):
            continue
        if isinstance(stage.get("labels"), dict):
            yield path + (i, "labels"), stage["labels"]
        match = stage.get("match")
        if isinstance(match, dict):
            yield from label_stages(match.get("stages") or match.get("pipeline_stages"), path + (i, "match", "stages"))


class PromtailLabelsCheck(Check):
    """High-cardinality values (ids, trace ids, timestamps, paths, users, IPs) promoted to labels."""

    name = NAME
    severity = Severity.BUG
    kinds = ("promtail/config",)

    def check(self, doc, ctx):
        data = doc.data if isinstance(doc.data, dict) else {}
        problems = []
        for j, job in enumerate(as_list(data.get("scrape_configs"))):
            if not isinstance(job, dict):
                continue
            for path, labels in label_stages(job.get("pipeline_stages"), ("scrape_configs", j, "pipeline_stages")):
                for label, source in labels.items():
                    names = [str(label)] + ([str(source)] if source else [])
                    culprit = next((n for n in names if HIGH_CARDINALITY.search(n)), None)
                    if culprit is None:
                        continue
                    problems.append(
                        self.problem(
                            doc,
                            path + (label,),
                            f"label {label!r} (from {source or label!r}) is promoted from log content and is likely"
                            " unbounded (ids, trace ids, timestamps, paths, users, IPs): one stream per value",
                            "keep it in the log line and filter with `| json | " + str(label) + '="..."`, or store it as'
                            " structured metadata (`structured_metadata` stage, Loki 3)",
                        )
                    )
        return problems
