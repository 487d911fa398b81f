"""Benchmark: aggregating k6 ``--out json`` files of 100k and 1M points with ``mac loadtest check``.

Runs, in one process and side by side, the gate's streaming reader (exact percentiles in
bounded memory, see monitoring_as_code/k6/quantiles.py) and a keep-every-value reader (the
straightforward exact approach: one float per point in an ``array('d')``, sorted at the end),
and prints a markdown table of median times and tracemalloc peaks. Memory should stay flat
for the gate and grow tenfold for keep-every-value.

    .venv/bin/python bench/k6_results.py [--repeat 3] [--sizes 100000,1000000]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from array import array

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from monitoring_as_code.k6.gate import evaluate
from monitoring_as_code.k6.results import load_results
from monitoring_as_code.k6.sample_points import write_points
from monitoring_as_code.k6.stream import wanted_for

THRESHOLDS = {"http_req_duration": ["p(95)<500", "p(99)<1000", "med<300"], "http_req_failed": ["rate<0.01"],
              "http_reqs": ["count>0"]}


def gate(path: str) -> dict[str, float]:
    results = load_results(path, wanted_for(THRESHOLDS))
    verdicts = evaluate(THRESHOLDS, results)
    return {f"{v.metric} {v.threshold}": v.observed for v in verdicts}


def keep_every_value(path: str) -> dict[str, float]:
    durations = array("d")
    failed = total = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record.get("type") != "Point":
                continue
            if record["metric"] == "http_req_duration":
                durations.append(record["data"]["value"])
            elif record["metric"] == "http_req_failed":
                total += 1
                failed += record["data"]["value"] != 0
    ordered = sorted(durations)

    def p(pct: float) -> float:
        i = pct / 100 * (len(ordered) - 1)
        low, high = ordered[math.floor(i)], ordered[math.ceil(i)]
        return low + (high - low) * (i - math.floor(i))

    return {"p(95)": p(95), "p(99)": p(99), "med": p(50), "rate": failed / total}


def measure(function, path: str, repeat: int) -> tuple[float, float, float, dict]:
    """Median wall and CPU seconds over ``repeat`` runs, then the tracemalloc peak (MiB) of one more run.

    CPU time is reported too because wall time on a shared machine swings with its load.
    """
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        out = function(path)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    tracemalloc.start()
    function(path)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(walls), statistics.median(cpus), peak / 2**20, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="100000,1000000", help="points per file, comma-separated")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="mac-bench-k6-") as tmp:
        for points in sizes:
            path = os.path.join(tmp, f"{points}.json")
            with open(path, "w", encoding="utf-8") as fh:
                write_points(fh, points // 4, seed=7)  # 4 points per request
            gate_s, gate_cpu, gate_mib, gate_out = measure(gate, path, args.repeat)
            keep_s, keep_cpu, keep_mib, keep_out = measure(keep_every_value, path, args.repeat)
            # Same numbers both ways: the gate's percentiles are exact.
            assert gate_out["http_req_duration p(95)<500"] == keep_out["p(95)"]
            assert gate_out["http_req_duration p(99)<1000"] == keep_out["p(99)"]
            assert gate_out["http_req_duration med<300"] == keep_out["med"]
            rows.append((points, os.path.getsize(path) / 2**20, gate_s, gate_cpu, gate_mib, keep_s, keep_cpu, keep_mib))
    try:
        import orjson  # noqa: F401

        parser = "orjson"
    except ImportError:
        parser = "stdlib json"
    print(f"k6 --out json aggregation, gate parsing with {parser} (median of {args.repeat} runs; "
          "peak = tracemalloc peak of one more run)\n")
    print("| points | file MiB | gate wall s | gate CPU s | gate peak MiB | keep-all wall s | keep-all CPU s "
          "| keep-all peak MiB | peak keep-all/gate |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for points, mib, gate_s, gate_cpu, gate_mib, keep_s, keep_cpu, keep_mib in rows:
        print(f"| {points:,} | {mib:.0f} | {gate_s:.2f} | {gate_cpu:.2f} | {gate_mib:.2f} | {keep_s:.2f} | "
              f"{keep_cpu:.2f} | {keep_mib:.2f} | {keep_mib / gate_mib:.1f}x |")
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        print(f"\n{last[0] // first[0]}x the points: gate peak memory x{last[4] / first[4]:.2f}, "
              f"keep-all x{last[7] / first[7]:.2f}; gate CPU time x{last[3] / first[3]:.1f} "
              "(the gate re-reads the file once past 65,536 values per series, for exact percentiles).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
