"""Run every benchmark in bench/, side by side within each, and print (or write) the results.

Each benchmark is a standalone script printing a markdown section of medians and ratios; this
runs them one after another (never two at once: they would measure each other) and puts them
together under the machine's description. A script that is missing or fails is reported as
"not measured", never guessed.

    .venv/bin/python bench/run.py                      # everything, print markdown
    .venv/bin/python bench/run.py --only startup check_cache
    .venv/bin/python bench/run.py --quick              # fewer rounds, for a smoke test
    .venv/bin/python bench/run.py --write bench/RESULTS.md
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from _harness import HERE, ROOT, bench_env, machine, markdown_table, python

#: (name, script, arguments, quick arguments, what it measures)
BENCHMARKS: list[tuple[str, str, list[str], list[str], str]] = [
    ("startup", "startup.py", [], ["--repeat", "5"], "`mac --help`, `mac check small.yml` vs `promtool --version`"),
    ("check_cache", "check_cache.py", [], ["--repeat", "2"],
     "`mac check` on 10,000 rules (first and cached run) vs `promtool check rules`"),
    ("check_rules", "check_rules.py", [], ["--repeat", "2"], "`mac check` vs `promtool check rules` on ~24,000 rules"),
    ("checks", "checks.py", [], [], "each semantic check on 10,000 rules, in-process"),
    ("build_dashboards", "build_dashboards.py", [], ["--runs", "1"],
     "1,000 dashboards of 20 panels: mac build vs grafanalib"),
    ("test_rules", "test_rules.py", [], ["--repeat", "1", "--files", "10"], "`mac test` vs `promtool test rules` on the same tests"),
    ("routes", "routes.py", [], ["--repeat", "1"], "1,000 route tests in-process vs amtool"),
    ("publish", "publish.py", [], ["--rounds", "1"], "publishing 1,000 dashboards to a local emulator"),
    ("k6_results", "k6_results.py", [], ["--repeat", "1"], "aggregating k6 JSON results (100k, 1M points)"),
]


def run_one(script: str, args: list[str], timeout: float) -> tuple[str, float, str | None]:
    """(markdown output, seconds, failure reason or None) of one benchmark script."""
    path = os.path.join(HERE, script)
    if not os.path.exists(path):
        return "", 0.0, f"`bench/{script}` does not exist yet"
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [python(), path, *args], cwd=ROOT, env=bench_env(), capture_output=True, text=True, timeout=timeout, check=False,
        )
    except subprocess.TimeoutExpired:
        return "", time.perf_counter() - start, f"timed out after {timeout:.0f} s"
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-5:])
        return done.stdout, elapsed, f"exit status {done.returncode}:\n\n```\n{tail}\n```"
    return done.stdout, elapsed, None


def header() -> str:
    facts = machine()
    rows = [[key, value] for key, value in facts.items()]
    return (
        "## Machine\n\n" + markdown_table(["", ""], rows)
        + "\n\nEvery table comes from runs made side by side in the same process run, contenders "
        "alternating round by round; times are medians of whole processes unless a table says "
        "in-process. The machine is shared and noisy: read the ratios, not the absolute times.\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these (names: "
                        + ", ".join(name for name, *_ in BENCHMARKS) + ")")
    parser.add_argument("--quick", action="store_true", help="fewer rounds: a smoke test, not results")
    parser.add_argument("--write", metavar="FILE", help="also write the markdown to FILE")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per benchmark (default %(default)s)")
    args = parser.parse_args(argv)
    unknown = set(args.only or ()) - {name for name, *_ in BENCHMARKS}
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")

    parts = [header()]
    outputs: list[tuple[str, str]] = []
    summary = []
    failed = False
    for name, script, full, quick, what in BENCHMARKS:
        if args.only and name not in args.only:
            continue
        sys.stderr.write(f"bench: {name} ...\n")
        output, seconds, failure = run_one(script, quick if args.quick else full, args.timeout)
        if failure:
            failed = failed or os.path.exists(os.path.join(HERE, script))  # missing is not a failure
            parts.append(f"### {name}: not measured\n\n{what}: {failure}\n" + (f"\n{output}" if output else ""))
            summary.append([name, what, "not measured"])
        else:
            parts.append(output.strip() + "\n")
            outputs.append((name, output))
            summary.append([name, what, f"ran in {seconds:.0f} s"])
    targets = [[name, line[len("Target:"):].strip()] for name, output in outputs
               for line in output.splitlines() if line.startswith("Target:")]
    text = (
        parts[0] + "\n## Targets\n\n"
        + (markdown_table(["benchmark", "target and result (medians)"], targets) if targets else "No target measured.")
        + "\n\n" + "\n".join(parts[1:])
        + "\n## Summary\n\n" + markdown_table(["benchmark", "measures", "status"], summary) + "\n"
    )
    sys.stdout.write(text)
    if args.write:
        with open(args.write, "w", encoding="utf-8") as fh:
            fh.write(text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
