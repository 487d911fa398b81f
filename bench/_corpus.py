"""Generated inputs for the benchmarks: Prometheus rule files of any size, like a large org's.

Rules look like real ones (recording rules with ``level:metric:operations`` names, alerts with
``for``, severity/team labels, summary/description/runbook annotations, Go templates), every
expression is distinct (so nothing is answered from a parse cache that a real repo would not
hit), and they are clean by default, so a benchmark measures checking, not printing problems.
"""

from __future__ import annotations

import os

SERVICES = (
    "api-gateway", "auth-service", "blog-service", "shopping-service", "notification-service", "config-service",
)


def rule_file_text(rules: int, per_group: int = 20, flawed: bool = False) -> str:
    """A rule file with ``rules`` rules (half recording, half alerting) in groups of ``per_group``.

    :param flawed: alerts aggregate ``job`` away yet template ``$labels.job`` (two problems per alert)
    """
    by = "" if flawed else "by (job) "
    lines = ["groups:"]
    for g in range(max(1, rules // per_group)):
        service = SERVICES[g % len(SERVICES)]
        lines += [f"  - name: {service}-{g}", "    interval: 30s", "    rules:"]
        for r in range(min(per_group, rules)):
            i = g * per_group + r
            if r % 2 == 0:
                lines += [
                    f"      - record: job:http_requests_{i}:rate5m",
                    (f'        expr: sum by (job, instance) (rate(http_requests_total{{job="{service}", code=~"5..",'
                     f' handler="/api/{i}"}}[5m]))'),
                    "        labels:",
                    "          team: platform",
                ]
            else:
                selector = f'job="{service}", handler="/api/{i}"'
                lines += [
                    f"      - alert: HighErrorRate{i}",
                    "        expr: |",
                    f'          sum {by}(rate(http_requests_total{{{selector}, code=~"5.."}}[5m]))',
                    f'            / sum {by}(rate(http_requests_total{{{selector}}}[5m])) > 0.05',
                    "        for: 10m",
                    "        labels:",
                    "          severity: critical",
                    "          team: platform",
                    "        annotations:",
                    '          summary: "High error rate on {{ $labels.job }}"',
                    "          description: >-",
                    (f"            {service} answers more than 5% errors for 10 minutes"
                     " ({{ $value | humanizePercentage }})."),
                    f"          runbook_url: https://runbooks.example.com/{service}/high-error-rate",
                ]
    return "\n".join(lines) + "\n"


def write(name: str, text: str, folder: str) -> str:
    """Write ``text`` to ``folder/name`` unless it already holds exactly that; return the path."""
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, name)
    try:
        with open(path, encoding="utf-8") as fh:
            if fh.read() == text:
                return path
    except OSError:
        pass
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path
