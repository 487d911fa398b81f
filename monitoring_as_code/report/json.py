"""``--format json``: ``{"problems": [...], "summary": {...}}``."""

from __future__ import annotations

import json
from typing import TextIO

from monitoring_as_code.core.problem import Report


def render(report: Report, stream: TextIO) -> None:
    data = {
        "problems": [p.to_dict() for p in report.sorted()],
        "summary": {k.lower(): v for k, v in report.counts().items()},
        "failed": report.failed,
    }
    stream.write(json.dumps(data, indent=2) + "\n")
