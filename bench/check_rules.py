#!/usr/bin/env python3
"""check_rules: `mac check FILE` next to `promtool check rules FILE` on a ~5 MB file of ~24,000 rules.

Whole processes (start-up included), alternating round after round; prints a markdown table of
medians and ratios (see `_harness.py`). `mac check --no-cache` is the honest first run (on every
CPU; `-j 1` in one process); plain `mac check` may answer from its cache on the later rounds.

    .venv/bin/python bench/check_rules.py [--repeat 5] [--groups 400] [--per-group 60]
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _harness import OUT, Bench, tool, verdict

#: 400 groups of 60 rules: 24,000 rules, about 5.5 MB.
GROUPS = 400
RULES_PER_GROUP = 60


def rule_file_text(groups: int = GROUPS, per_group: int = RULES_PER_GROUP) -> str:
    """A realistic rule file: recording rules and alerts on them, with labels and templated annotations."""
    out = ["groups:"]
    for g in range(groups):
        job = f"svc-{g}"
        out.append(f"- name: service-{g}\n  interval: 1m\n  rules:")
        for r in range(per_group):
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
    return "\n".join(out) + "\n"


def main() -> int:
    argv = ["--repeat" if a == "--runs" else a for a in sys.argv[1:]]  # --runs: bench/run.py's spelling
    bench, args = Bench.from_args(__doc__.splitlines()[0], argv, repeat=5, groups=GROUPS, per_group=RULES_PER_GROUP)
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "check-rules.yml")
    text = rule_file_text(args.groups, args.per_group)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    rules = args.groups * args.per_group
    mac = tool("mac")
    results = bench.commands(
        {
            "promtool check rules": ["promtool", "check", "rules", path],
            "mac check --no-cache": [mac, "check", "--no-cache", path],
            "mac check --no-cache -j 1": [mac, "check", "--no-cache", "-j", "1", path],
            "mac check": [mac, "check", path],
        },
        cwd=OUT, ok=(0,),
    )
    promtool = results["promtool check rules"].median
    cold = results["mac check --no-cache"].median
    bench.table(
        results, baseline="promtool check rules",
        target=f"`mac check --no-cache` no slower than promtool: {promtool / cold:.2f}x {verdict(cold <= promtool)}",
        note=f"Input: {rules:,} rules ({rules // 2:,} alerting with templates), {len(text.encode()) / 1e6:.1f} MB; "
             "every run finds no problem (exit 0).",
    )
    bench.print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
