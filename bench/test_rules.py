"""test: rule unit tests through `mac test`, next to `promtool test rules` alone on the same files.

`mac test` reads the test files (and checks them), then runs every test file in one
`promtool test rules` process and maps each group's verdict back to its file and line. The
target is at most 10% over promtool alone on the same tests. Also shown: one promtool process
per file, which is what a naive wrapper does.

    .venv/bin/python bench/test_rules.py [--files 30] [--alerts 10] [--repeat 3]
"""

from __future__ import annotations

import os
import shutil
import sys

from _corpus import SERVICES
from _harness import OUT, Bench, tool, verdict

RULES = """\
groups:
  - name: {service}
    rules:
{rules}"""
RULE = """\
      - record: job:http_errors_{i}:rate5m
        expr: sum by (job) (rate(http_requests_total{{job="{service}", code=~"5.."}}[5m]))
      - alert: HighErrors{i}
        expr: job:http_errors_{i}:rate5m > 1
        for: 5m
        labels:
          severity: critical
        annotations:
          summary: "{{{{ $labels.job }}}} answers errors"
"""
TESTS = """\
rule_files:
  - {rules}
evaluation_interval: 1m
tests:
{groups}"""
GROUP = """\
  - name: errors-{i}
    interval: 1m
    input_series:
      - series: 'http_requests_total{{job="{service}", code="500"}}'
        values: '0+120x20'
    alert_rule_test:
      - eval_time: 10m
        alertname: HighErrors{i}
        exp_alerts:
          - exp_labels:
              severity: critical
              job: {service}
            exp_annotations:
              summary: "{service} answers errors"
    promql_expr_test:
      - expr: job:http_errors_{i}:rate5m
        eval_time: 10m
        exp_samples:
          - labels: 'job:http_errors_{i}:rate5m{{job="{service}"}}'
            value: 2
"""


def corpus(folder: str, files: int, alerts: int) -> list[str]:
    """``files`` pairs of rule file + test file, ``alerts`` alerting and recording rules each."""
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    tests = []
    for n in range(files):
        service = f"{SERVICES[n % len(SERVICES)]}-{n}"
        rules = f"rules-{n}.yml"
        with open(os.path.join(folder, rules), "w", encoding="utf-8") as fh:
            fh.write(RULES.format(service=service, rules="".join(RULE.format(i=i, service=service) for i in range(alerts))))
        path = os.path.join(folder, f"rules-{n}.test.yml")
        groups = "".join(GROUP.format(i=i, service=service) for i in range(alerts))
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(TESTS.format(rules=rules, groups=groups))
        tests.append(path)
    return tests


def main(argv: list[str] | None = None) -> None:
    bench, args = Bench.from_args(__doc__.splitlines()[0], argv, repeat=3, files=30, alerts=10)
    folder = os.path.join(OUT, "rule-tests")
    tests = corpus(folder, args.files, args.alerts)
    per_file = os.path.join(OUT, "promtool-per-file.sh")
    with open(per_file, "w", encoding="utf-8") as fh:
        fh.write("#!/bin/sh\nset -e\nfor f in \"$@\"; do promtool test rules \"$f\" >/dev/null; done\n")
    results = bench.commands(
        {
            "promtool test rules (all files, one process)": ["promtool", "test", "rules", *tests],
            "mac test (all files)": [tool("mac"), "test", *tests],
            "promtool per file (naive wrapper)": ["sh", per_file, *tests],
        },
        cwd=folder, ok=(0,),
    )
    alone = results["promtool test rules (all files, one process)"].median
    ours = results["mac test (all files)"].median
    overhead = ours / alone - 1
    bench.table(
        results, baseline="promtool test rules (all files, one process)",
        target=f"`mac test` at most 10% over promtool alone: {overhead:+.0%} {verdict(overhead <= 0.10)}",
        note=f"Input: {args.files} rule files with {args.files} test files, {args.files * args.alerts} test groups "
             f"({args.files * args.alerts} alert tests, {args.files * args.alerts} PromQL tests); every test passes.",
    )
    bench.print()


if __name__ == "__main__":
    sys.exit(main())
