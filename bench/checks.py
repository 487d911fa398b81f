"""Time every semantic check on a generated 10,000-rule file (``python bench/checks.py``).

Prints a markdown table of medians over several runs, in one process: parsing the YAML, the first
run of all checks (PromQL parsed once per distinct expression), and a second run on a fresh context
(ASTs already memoised), plus the slowest checks. Times are CPU seconds of this process
(``time.process_time``), so a busy machine does not inflate them.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

from monitoring_as_code.checks import all_checks
from monitoring_as_code.checks._promql import parsed
from monitoring_as_code.checks.base import QueryCheck, RuleCheck
from monitoring_as_code.core.pipeline import read_raw
from monitoring_as_code.core.project import Project
from monitoring_as_code.core.target import Context

TEMPLATES = [
    ("alert", (
        'sum by (job) (rate(http_requests_total{{job="svc{i}", code=~"5.."}}[5m])) / sum by (job) '
        '(rate(http_requests_total{{job="svc{i}"}}[5m])) > 0.05'
    )),
    ("alert", 'histogram_quantile(0.95, sum by (le, job) (rate(http_request_duration_seconds_bucket{{job="svc{i}"}}[5m]))) > 0.5'),
    ("alert", 'up{{job="svc{i}"}} == 0'),
    ("record", 'sum by (job, instance) (rate(process_cpu_seconds_total{{job="svc{i}"}}[5m]))'),
    ("alert", 'job:errors:ratio_rate5m{{job="svc{i}"}} > 0.01 and job:errors:ratio_rate1h{{job="svc{i}"}} > 0.01'),
]
#: the recorded series the alerts above read
RECORDED = [
    "      - record: job:errors:ratio_rate5m\n        expr: 'sum by (job) (rate(errors_total[5m])) / sum by (job) (rate(requests_total[5m]))'",
    "      - record: job:errors:ratio_rate1h\n        expr: 'sum by (job) (rate(errors_total[1h])) / sum by (job) (rate(requests_total[1h]))'",
]


def rule_file(count: int) -> str:
    lines = ["groups:"]
    for group in range(count // 100):
        lines += [f"  - name: group-{group}", "    rules:"]
        for n in range(100):
            i = group * 100 + n
            kind, expr = TEMPLATES[i % len(TEMPLATES)]
            if kind == "record":
                lines += [f"      - record: job_instance:cpu_{i}:rate5m", f"        expr: '{expr.format(i=i)}'"]
            else:
                lines += [
                    f"      - alert: Alert{i}", f"        expr: '{expr.format(i=i)}'", "        for: 5m",
                    "        labels: {severity: warning}",
                    (
                        "        annotations: {summary: '{{ $labels.job }} is unwell', description: 'now {{ $value }}',"
                        f" runbook_url: 'https://runbooks.example/{i}'}}"
                    ),
                ]
    lines += ["  - name: recorded", "    rules:", *RECORDED]
    return "\n".join(lines) + "\n"


def run_checks(docs, alone: bool = False) -> tuple[float, dict[str, float], int]:
    """Every check over ``docs`` as ``mac check`` runs them (the catalogue's query checks together,
    query by query, and its rule checks rule by rule: the first one's time holds them all), or with
    ``alone`` each check by itself."""
    ctx = Context(project=Project(root="."), documents=docs)
    per_check: dict[str, float] = {}
    found = 0
    start = time.process_time()
    for doc in docs:
        doc.extra.clear()
    for check in all_checks():
        t0 = time.process_time()
        for doc in docs:
            if doc.kind in check.kinds:
                run = check.check
                if alone and isinstance(check, QueryCheck):
                    run = check.check_queries
                elif alone and isinstance(check, RuleCheck):
                    run = check.check_rules
                found += len(run(doc, ctx))
        found += len(check.check_all(ctx))
        per_check[check.name] = time.process_time() - t0
    return time.process_time() - start, per_check, found


def main(rules: int = 10_000, repeat: int = 5) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "rules.yml")
        with open(path, "w") as fh:
            fh.write(rule_file(rules))
        reads, firsts, seconds, slowest = [], [], [], {}
        for _ in range(repeat):
            parsed.cache_clear()
            t0 = time.process_time()
            docs, trouble = read_raw(path)
            reads.append(time.process_time() - t0)
            assert docs and not trouble, trouble
            first, _per_check, found = run_checks(docs)
            firsts.append(first)
            seconds.append(run_checks(docs)[0])
            for name, spent in run_checks(docs, alone=True)[1].items():
                slowest.setdefault(name, []).append(spent)
    read, first, second = (statistics.median(x) for x in (reads, firsts, seconds))
    print(f"{rules} rules, {len(all_checks())} checks, {found} problems, median of {repeat} runs (CPU seconds)\n")
    print("| step | median (s) | ratio to YAML parse |")
    print("|---|---:|---:|")
    for label, value in (("parse YAML (read_raw)", read), ("all checks, cold AST cache", first),
                         ("all checks, warm AST cache", second)):
        print(f"| {label} | {value:.3f} | {value / read:.2f} |")
    print("\n| slowest checks (each alone, warm AST cache) | median (s) |\n|---|---:|")
    for name, values in sorted(slowest.items(), key=lambda kv: -statistics.median(kv[1]))[:5]:
        print(f"| {name} | {statistics.median(values):.3f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
