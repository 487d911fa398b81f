"""Benchmark: ``mac loadtest check`` aggregating k6 ``--out json`` files of 100k and 1M points.

Contenders, alternating round after round in this process (bench/_harness.py):

* **gate**: the gate's streaming reader (exact percentiles in bounded memory: at most 65,536 raw
  values per series, then histograms and one more pass over the file; see
  monitoring_as_code/k6/quantiles.py);
* **keep-all**: the straightforward exact reader, one float per point in an ``array('d')``,
  sorted at the end (the same numbers, asserted equal).

Then one more run of each under tracemalloc gives its peak Python allocation. The gate's peak
must stay flat from 100k to 1M points while keep-all's grows with the points.

    .venv/bin/python bench/k6_results.py [--repeat 3] [--sizes 100000,1000000]
"""

from __future__ import annotations

import json
import math
import os
import sys
from array import array

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from _harness import OUT, Bench, fmt_seconds, markdown_table, measure_call

from monitoring_as_code.k6.gate import evaluate
from monitoring_as_code.k6.results import load_results
from monitoring_as_code.k6.sample_points import write_points
from monitoring_as_code.k6.stream import wanted_for

THRESHOLDS = {"http_req_duration": ["p(95)<500", "p(99)<1000", "med<300"], "http_req_failed": ["rate<0.01"],
              "http_reqs": ["count>0"]}


def gate(path: str) -> dict[str, float | None]:
    results = load_results(path, wanted_for(THRESHOLDS))
    return {f"{v.metric} {v.threshold}": v.observed for v in evaluate(THRESHOLDS, results)}


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

    def percentile(pct: float) -> float:
        i = pct / 100 * (len(ordered) - 1)
        low, high = ordered[math.floor(i)], ordered[math.ceil(i)]
        return low + (high - low) * (i - math.floor(i))

    return {"p(95)": percentile(95), "p(99)": percentile(99), "med": percentile(50), "rate": failed / total}


def points_file(points: int) -> str:
    """A generated k6 stream (4 points per request), reused across runs."""
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, f"k6-points-{points}.json")
    if not os.path.exists(path):
        with open(path + ".tmp", "w", encoding="utf-8") as fh:
            write_points(fh, points // 4, seed=7)
        os.replace(path + ".tmp", path)
    return path


def main(argv: list[str] | None = None) -> int:
    bench, args = Bench.from_args("k6 results: mac loadtest check on --out json streams", argv, repeat=3,
                                  sizes="100000,1000000")
    sizes = [int(s) for s in args.sizes.split(",")]
    try:
        import orjson  # noqa: F401

        parser = "orjson (the `k6` extra)"
    except ImportError:
        parser = "the standard library's json"
    bench.note(f"The gate parses with {parser}; keep-all with `json.loads`.")
    peaks: list[tuple[int, float, float, float]] = []
    for points in sizes:
        path = points_file(points)
        ours, theirs = gate(path), keep_every_value(path)
        assert ours["http_req_duration p(95)<500"] == theirs["p(95)"]  # exact, as k6 computes it
        assert ours["http_req_duration p(99)<1000"] == theirs["p(99)"]
        assert ours["http_req_duration med<300"] == theirs["med"]
        results = bench.calls({"gate": lambda p=path: gate(p), "keep-all": lambda p=path: keep_every_value(p)})
        bench.table(results, baseline="keep-all", note=f"{points:,} points ({os.path.getsize(path) / 2**20:.0f} MiB).")
        gate_peak = measure_call(lambda p=path: gate(p), memory=True)[1] / 1024
        keep_peak = measure_call(lambda p=path: keep_every_value(p), memory=True)[1] / 1024
        peaks.append((points, gate_peak, keep_peak, results["gate"].median))
    rows = [(f"{p:,}", f"{g:.2f} MiB", f"{k:.2f} MiB", f"{k / g:.1f}x", fmt_seconds(t)) for p, g, k, t in peaks]
    bench.note("Peak Python allocation (tracemalloc, one run each):\n\n"
               + markdown_table(["points", "gate peak", "keep-all peak", "keep-all / gate", "gate median"], rows))
    if len(peaks) > 1:
        (p0, g0, k0, _t0), (p1, g1, k1, _t1) = peaks[0], peaks[-1]
        bench.note(
            f"{p1 // p0}x the points: the gate's peak x{g1 / g0:.2f}, keep-all's x{k1 / k0:.2f}. The gate's memory "
            "is bounded (65,536 raw values per series, then a histogram of at most a few thousand buckets); "
            "below the bound a small file needs less, above it the peak no longer grows. Past the bound it "
            "reads the file a second time, which the time column includes."
        )
    bench.print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
