"""Benchmark: publish 1,000 dashboards to a Grafana emulator answering after 10 ms, side by side.

The emulator (``monitoring_as_code.testing.grafana_emulator``) runs in its own process, so its work
does not share this process's interpreter lock. Scenarios, in one run:

* ``mac publish, first run``: plan (one GET per dashboard) + create the folder and every dashboard.
* ``mac publish, unchanged rerun``: plan only; must perform zero writes.
* ``mac publish, all changed``: every dashboard changed: plan + one update each.
* ``sequential requests loop``: the plain script people write: one ``requests.post`` per
  dashboard with ``overwrite: true`` (no plan, no safety), over one keep-alive session.

The first run is measured once (it creates the dashboards); then ``--rounds`` rounds alternate all
changed, unchanged rerun and the loop, and the table gives medians, the ratio to the loop's median,
this process's CPU time (the client's: the emulator's is not in it) and the HTTP requests the
emulator received per dashboard. Peak memory (tracemalloc) of publishing all-changed dashboards is
reported at a quarter of the count and at the full count, to show it stays flat. The emulator sets
TCP_NODELAY as Go's net/http does (without it every answer waited ~40 ms for a delayed ACK, which
flattered the concurrent runs).
Usage::

    .venv/bin/python bench/publish.py [--dashboards 1000] [--latency 0.01] [--concurrency 16] [--rounds 3]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import statistics
import sys
import time
import tracemalloc
from functools import partial

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def serve(latency: float, conn) -> None:
    """The emulator process: answers ``counts``/``stop`` commands from the benchmark over a pipe."""
    from monitoring_as_code.testing.grafana_emulator import GrafanaEmulator

    with GrafanaEmulator(latency=latency) as emulator:
        conn.send((emulator.url, emulator.token))
        while True:
            command = conn.recv()
            if command == "counts":  # (requests, writes) received so far
                conn.send((len(emulator.requests), len(emulator.writes())))
            elif command == "stop":
                return


def desired(n: int, version: int):
    from monitoring_as_code.grafana.plan import (
        CONTENT_HASH_FIELD,
        Desired,
        FolderSpec,
        content_hash,
    )

    folder = FolderSpec("bench", "Bench")
    items = []
    for d in range(n):
        panels = [{"type": "timeseries", "title": f"Panel {p}", "id": p + 1,
                   "gridPos": {"x": 12 * (p % 2), "y": 8 * (p // 2), "w": 12, "h": 8},
                   "targets": [{"refId": "A", "expr": f'sum(rate(http_requests_total{{job="svc-{d}"}}[5m])) * {version}'}]}
                  for p in range(10)]
        data = {"title": f"Service {d}", "uid": f"bench-{d}", "schemaVersion": 39, "panels": panels}
        data[CONTENT_HASH_FIELD] = content_hash(data)
        items.append(Desired(data["uid"], data["title"], folder, data, f"bench-{d}.json"))
    return items


def publish(client, items, concurrency: int) -> tuple[float, dict]:
    from monitoring_as_code.grafana.plan import make_plan
    from monitoring_as_code.grafana.publisher import Publisher

    started = time.perf_counter()
    plan = make_plan(client, items, concurrency, with_diff=False)
    outcome = Publisher(client, "bench", workers=concurrency).run(plan)
    elapsed = time.perf_counter() - started
    return elapsed, {"created": len(outcome.created), "updated": len(outcome.updated), "unchanged": len(outcome.unchanged)}


def sequential_loop(url: str, token: str, items) -> float:
    import requests

    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    started = time.perf_counter()
    for item in items:
        response = session.post(url + "/api/dashboards/db", json={"dashboard": item.dashboard, "folderUid": "bench",
                                                                  "overwrite": True}, timeout=30)
        response.raise_for_status()
    return time.perf_counter() - started


class Emulator:
    """The emulator process and the requests it has counted."""

    def __init__(self, latency: float) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._pipe, child = ctx.Pipe()
        self._process = ctx.Process(target=serve, args=(latency, child), daemon=True)
        self._process.start()
        self.url, self.token = self._pipe.recv()

    def counts(self) -> tuple[int, int]:
        self._pipe.send("counts")
        return self._pipe.recv()

    def stop(self) -> None:
        self._pipe.send("stop")
        self._process.join(5)


def measured(emulator: Emulator, run) -> tuple[float, float, int, int]:
    """``(seconds, this process's CPU seconds, requests, writes)`` of ``run()``."""
    requests_before, writes_before = emulator.counts()
    cpu, started = time.process_time(), time.perf_counter()
    run()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    requests_after, writes_after = emulator.counts()
    return elapsed, cpu, requests_after - requests_before, writes_after - writes_before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dashboards", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.01)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of the compared scenarios")
    args = parser.parse_args()
    from monitoring_as_code.grafana.client import GrafanaClient
    from monitoring_as_code.grafana.settings import GrafanaSettings

    n = args.dashboards
    emulator = Emulator(args.latency)
    client = GrafanaClient(GrafanaSettings(url=emulator.url, token=emulator.token, concurrency=args.concurrency))
    runs: dict[str, list[tuple[float, float, int, int]]] = {}
    names = ("mac publish, first run", "mac publish, unchanged rerun", "mac publish, all changed",
             "sequential requests loop (overwrite, no plan)")
    memory = []
    try:
        first = partial(publish, client, desired(n, 1), args.concurrency)
        runs[names[0]] = [measured(emulator, first)]
        for r in range(args.rounds):
            changed = partial(publish, client, desired(n, 2 + 2 * r), args.concurrency)  # every dashboard changed
            runs.setdefault(names[2], []).append(measured(emulator, changed))
            runs.setdefault(names[1], []).append(measured(emulator, changed))  # the same again: unchanged
            loop = partial(sequential_loop, emulator.url, emulator.token, desired(n, 3 + 2 * r))
            runs.setdefault(names[3], []).append(measured(emulator, loop))
        unchanged_writes = [writes for *_, writes in runs[names[1]]]
        assert not any(unchanged_writes), f"unchanged reruns wrote {unchanged_writes} times"
        for count in sorted({max(n // 4, 1), n}):
            items = desired(count, 1000 + count)  # all changed: a read and a write each
            tracemalloc.start()
            publish(client, items, args.concurrency)
            memory.append((count, tracemalloc.get_traced_memory()[1]))
            tracemalloc.stop()
            del items
    finally:
        client.close()
        emulator.stop()
    loop_median = statistics.median(elapsed for elapsed, *_ in runs[names[3]])
    print(f"## Publish {n} dashboards to an emulator answering after {args.latency * 1000:.0f} ms "
          f"(concurrency {args.concurrency})\n")
    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs; medians of "
          f"{args.rounds} alternating round(s) (the first run: once)\n")
    print("| scenario | seconds | dashboards/s | client CPU s | requests per dashboard | writes | vs sequential loop |")
    print("|---|---|---|---|---|---|---|")
    for name in names:
        elapsed, cpu, requests, writes = (statistics.median(column) for column in zip(*runs[name]))
        print(f"| {name} | {elapsed:.2f} | {n / elapsed:.0f} | {cpu:.2f} | {requests / n:.2f} | {writes:.0f} "
              f"| {loop_median / elapsed:.1f}x |")
    print("\n| dashboards published (all changed) | peak traced memory MB | per dashboard KB |")
    print("|---|---|---|")
    for count, peak in memory:
        print(f"| {count} | {peak / 1e6:.1f} | {peak / count / 1e3:.1f} |")
    print("\nThe desired dashboards are built before measuring; what is traced is publishing's own memory "
          "(plan, requests, bookkeeping). Requests in flight are bounded by the concurrency; per dashboard the "
          "plan keeps only what a write and a rollback need (version, id, folder, author), never the live JSON. "
          "Client CPU is this process's (user + system): the requests stack, JSON, classification and threads.")


if __name__ == "__main__":
    main()
