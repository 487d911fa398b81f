#!/usr/bin/env python3
"""Benchmark: `mac check FILE` against `promtool check rules FILE` on a ~5 MB file of ~24,000 rules.

Both run as whole processes (start-up included), alternating, several times; prints a markdown
table of medians and their ratio. Run: `python bench/check_rules.py [--runs N] [--keep FILE]`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

GROUPS = 400
RULES_PER_GROUP = 60


def generate(path: str, groups: int = GROUPS, per_group: int = RULES_PER_GROUP) -> tuple[int, int]:
    """Write a realistic rule file (recording and alerting rules, templates); returns (rules, bytes)."""
    out = ["groups:"]
    count = 0
    for g in range(groups):
        out.append(f"- name: service-{g}\n  interval: 1m\n  rules:")
        for r in range(per_group):
            count += 1
            job = f"svc-{g}"
            if r % 2 == 0:
                out.append(
                    f"  - record: job:http_requests:rate5m_{g}_{r}\n"
                    f"    expr: sum by (job) (rate(http_requests_total{{job=\"{job}\",code=\"{r}\"}}[5m]))"
                )
            else:
                out.append(
                    f"  - alert: HighErrorRate{g}x{r}\n"
                    f"    expr: job:http_requests:rate5m_{g}_{r - 1}{{job=\"{job}\"}} > {r % 9 + 1}00\n"
                    f"    for: {r % 10 + 1}m\n"
                    f"    labels:\n      severity: warning\n"
                    f"    annotations:\n"
                    f"      summary: \"{{{{ $labels.job }}}} errors at {{{{ $value | humanizePercentage }}}}\"\n"
                    f"      description: More than {r % 9 + 1}% of requests to {{{{ $labels.job }}}} fail.\n"
                    f"      runbook_url: https://runbooks.example.com/HighErrorRate"
                )
    text = "\n".join(out) + "\n"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return count, len(text.encode())


def timed(argv: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start, proc.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="alternating runs of each tool (default 5)")
    parser.add_argument("--keep", help="write the generated file here and keep it")
    args = parser.parse_args()
    promtool = os.environ.get("MAC_PROMTOOL") or shutil.which("promtool")
    mac = [sys.executable, "-m", "monitoring_as_code"]
    workdir = tempfile.mkdtemp(prefix="mac-bench-")
    path = args.keep or os.path.join(workdir, "rules.yml")
    try:
        rules, size = generate(path)
        tools = {"mac check": mac + ["check", path]}
        if promtool:
            tools["promtool check rules"] = [promtool, "check", "rules", path]
        times: dict[str, list[float]] = {name: [] for name in tools}
        for _ in range(args.runs):
            for name, argv in tools.items():  # alternate, so drift hits both alike
                seconds, status = timed(argv)
                if status != 0:
                    print(f"{name} failed (exit {status}) on the generated file", file=sys.stderr)
                    return 1
                times[name].append(seconds)
        print(f"Rule file: {rules} rules, {size / 1e6:.1f} MB; {args.runs} alternating runs each, whole process.\n")
        print("| command | median (s) | min (s) | max (s) | ratio to promtool |")
        print("|---|---:|---:|---:|---:|")
        base = statistics.median(times["promtool check rules"]) if promtool else None
        for name, values in times.items():
            median = statistics.median(values)
            ratio = f"{median / base:.2f}x" if base else "n/a"
            print(f"| `{name}` | {median:.2f} | {min(values):.2f} | {max(values):.2f} | {ratio} |")
        if not promtool:
            print("\npromtool not found: install Debian package `prometheus` or set MAC_PROMTOOL.")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
