"""check: 10,000 rules, `mac check` (first run and cached run) next to `promtool check rules`.

A second table does the same on a file where every alert has two problems (10,000 problems),
which measures the cost of locating problems (line numbers are computed only for them).

`mac check` parses the file (yaml-rs fast path), validates every rule (PromQL parsed in-process,
durations, names, templates) and runs every semantic check, on every CPU by default (the file's
groups split over forked workers; `-j 1` is one process); promtool parses and validates.
Both are whole processes, start-up included. The first `mac` run has an empty cache; the
second finds the unchanged file in `.mac-cache/` and runs only the cross-file checks.

    .venv/bin/python bench/check_cache.py [--rules 10000] [--repeat 5]
"""

from __future__ import annotations

import os
import shutil
import sys

from _corpus import rule_file_text, write
from _harness import OUT, Bench, bench_env, tool, verdict


def main(argv: list[str] | None = None) -> None:
    bench, args = Bench.from_args(__doc__.splitlines()[0], argv, repeat=5, rules=10_000)
    path = write(f"rules-{args.rules}.yml", rule_file_text(args.rules), OUT)
    size = os.path.getsize(path) / 1e6
    cold = os.path.join(OUT, "cache-cold")
    warm = os.path.join(OUT, "cache-warm")
    mac = tool("mac")
    env = bench_env({"MAC_CACHE_DIR": warm})
    for folder in (cold, warm):
        shutil.rmtree(folder, ignore_errors=True)

    def clear_cold() -> None:
        shutil.rmtree(cold, ignore_errors=True)

    results = bench.commands(
        {
            "promtool check rules": ["promtool", "check", "rules", path],
            "mac check (first run)": [mac, "check", path],
            "mac check --no-cache": [mac, "check", "--no-cache", path],
            "mac check --no-cache -j 1": [mac, "check", "--no-cache", "-j", "1", path],
            "mac check (cached)": [mac, "check", path],
        },
        cwd=OUT, env=env, ok=(0,), before={"mac check (first run)": clear_cold},
        envs={"mac check (first run)": {"MAC_CACHE_DIR": cold}},
    )
    promtool = results["promtool check rules"].median
    first = results["mac check (first run)"].median
    cached = results["mac check (cached)"].median
    bench.table(
        results, baseline="promtool check rules",
        target=(
            f"`mac check` at least 2x faster than promtool on {args.rules:,} rules: "
            f"first run {promtool / first:.2f}x {verdict(promtool / first >= 2)}, "
            f"cached {promtool / cached:.2f}x {verdict(promtool / cached >= 2)}"
        ),
        note=f"Input: {args.rules:,} rules ({args.rules // 2:,} alerting with templates), {size:.1f} MB; "
             "every run finds no problem (exit 0).",
    )

    # The same size with a problem in every alert: line numbers are computed for 10,000 problems.
    flawed = write(f"rules-{args.rules}-flawed.yml", rule_file_text(args.rules, flawed=True), OUT)
    results = bench.commands(
        {
            "promtool check rules": ["promtool", "check", "rules", flawed],
            "mac check --no-cache": [mac, "check", "--no-cache", flawed],
            "mac check (cached)": [mac, "check", flawed],
        },
        cwd=OUT, env=env, ok=(0, 1),
    )
    promtool = results["promtool check rules"].median
    bench.table(
        results, baseline="promtool check rules",
        note=f"Input: the same {args.rules:,} rules, but every alert aggregates `job` away and templates "
             f"`$labels.job`: {args.rules:,} problems, each with its file and line (promtool accepts the file). "
             f"`--no-cache` is {promtool / results['mac check --no-cache'].median:.2f}x promtool's speed here.",
    )
    bench.print()


if __name__ == "__main__":
    sys.exit(main())
