"""Benchmark: build 1,000 dashboards of 20 panels, ours vs grafanalib alone, side by side.

* grafanalib: build ``Dashboard``/``TimeSeries``/``Stat`` objects, serialise them with
  grafanalib's own encoder (``sort_keys=True, indent=2`` as ``generate-dashboard`` does), write files.
* mac: ``mac build`` (``pipeline.build``, in a fresh process) on a project whose ``dashboards/bench.py``
  builds the same dashboards with ``monitoring_as_code.grafana`` helpers: load the file, compile with
  every target, run every in-process check (the schema, grid, PromQL parse, variables, and the
  semantic-check catalogue), stage, and write ``build/`` (atomic, unchanged files untouched). The
  project sets ``kubernetes = false``: the Grafana sidecar ConfigMaps are output grafanalib has no
  counterpart for (``--kubernetes`` measures them too).
  It checks in as many processes as the ``mac`` command does (``-j``: ``MAC_JOBS``, else every CPU;
  ``--jobs`` here) and, for comparison, in one (``mac -j1``).
* mac (unchanged rerun): a second build of the same project, in another fresh process: nothing is rewritten.

Every build runs in a fresh Python process, as ``make build`` does: imports are warmed on a tiny
project of other dashboards first (for both sides), then the timed build starts with nothing
memoised. (Timed in one long-lived process, a build of the same queries again is served from the
parse caches of the run before and looks far faster than any real ``make build``.)

Each dashboard queries its own expressions (its number is in the ``job`` label), as in a real repo;
``--repeated-queries`` puts the same 15 on every dashboard. Contenders alternate within each run; the
table shows medians and ratios. Usage::

    .venv/bin/python bench/build_dashboards.py [--dashboards 1000] [--panels 20] [--runs 3]
        [--jobs N] [--kubernetes] [--repeated-queries]
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

#: also derive the Grafana sidecar ConfigMaps (``--kubernetes``)
KUBERNETES = False
#: every dashboard queries the same 15 expressions (``--repeated-queries``); by default each dashboard's
#: are its own, as in a real repo, so parse caches answer no more than they would there
REPEATED = False
SERVICES = ["api-gateway", "auth-service", "blog-service", "shopping-service", "notification-service"]


def expr(d: int, p: int) -> str:
    job = SERVICES[(d + p) % len(SERVICES)] + ("" if REPEATED else f"-{d}")
    if p % 3 == 0:
        return f'sum by (job) (rate(http_server_requests_seconds_count{{job="{job}", status=~"5.."}}[$__rate_interval]))'
    if p % 3 == 1:
        return f'histogram_quantile(0.95, sum by (le) (rate(http_server_requests_seconds_bucket{{job="{job}"}}[$__rate_interval])))'
    return f'sum by (instance) (jvm_memory_used_bytes{{job="{job}", area="heap"}})'


def build_grafanalib(n: int, panels: int, out: str, first: int = 0) -> int:
    from grafanalib._gen import DashboardEncoder
    from grafanalib.core import Dashboard, GridPos, Stat, Target, TimeSeries

    size = 0
    for d in range(first, first + n):
        items = []
        for p in range(panels):
            pos = GridPos(h=8, w=12, x=12 * (p % 2), y=8 * (p // 2))
            target = [Target(expr=expr(d, p), legendFormat="{{job}}", refId="A")]
            if p % 5 == 4:
                items.append(Stat(title=f"Panel {p}", targets=target, gridPos=pos, format="short"))
            else:
                items.append(TimeSeries(title=f"Panel {p}", targets=target, gridPos=pos, unit="reqps"))
        board = Dashboard(title=f"Service {d}", uid=f"bench-{d}", panels=items).auto_panel_ids()
        text = json.dumps(board.to_json_data(), sort_keys=True, indent=2, cls=DashboardEncoder)
        with open(os.path.join(out, f"bench-{d}.json"), "w", encoding="utf-8") as fh:
            fh.write(text)
        size += len(text.encode("utf-8"))
    return size


#: first dashboard number of the warm-up project: its queries are none of the measured ones
WARM_UP_FIRST = 10**6


def definitions_source(n: int, panels: int, first: int = 0) -> str:
    """A ``dashboards/bench.py`` definition file building the same dashboards with our helpers."""
    return "\n".join([
        "from monitoring_as_code.grafana import Folder, dashboard, stat, timeseries",
        f"SERVICES = {SERVICES!r}",
        f"REPEATED = {REPEATED!r}",
        inspect.getsource(expr),
        'folder = Folder(uid="bench", title="Bench")',
        "DASHBOARDS = [",
        '    dashboard(f"Service {d}", [stat(f"Panel {p}", expr(d, p), unit="short") if p % 5 == 4',
        '                              else timeseries(f"Panel {p}", expr(d, p), unit="reqps")',
        f"                              for p in range({panels})], uid=f\"bench-{{d}}\", folder=folder)",
        f"    for d in range({first}, {first + n})",
        "]",
        "",
    ])


def make_project(n: int, panels: int, first: int = 0) -> str:
    root = tempfile.mkdtemp(prefix="mac-")
    os.mkdir(os.path.join(root, "dashboards"))
    with open(os.path.join(root, "setup.cfg"), "w", encoding="utf-8") as fh:
        # Dashboards only: the Kubernetes ConfigMaps `mac build` also derives by default are extra output
        # grafanalib has no counterpart for (turn them on to measure them too).
        fh.write(f"[monitoring_as_code]\ndefinitions = dashboards\nkubernetes = {'true' if KUBERNETES else 'false'}\n")
    with open(os.path.join(root, "dashboards", "bench.py"), "w", encoding="utf-8") as fh:
        fh.write(definitions_source(n, panels, first))
    return root


def build_mac(root: str, jobs: int = 1) -> tuple[int, int, int]:
    """``mac build`` in this process on the project at ``root``: load the definition file, compile,
    run every check (in ``jobs`` processes, as ``mac build -j``), write ``build/``. Returns (bytes of
    dashboards, files written, problems at bug or above)."""
    from monitoring_as_code.core import pipeline
    from monitoring_as_code.core.problem import Severity
    from monitoring_as_code.core.project import Project

    outcome = pipeline.build(Project.load(root), None, jobs=jobs)
    bugs = sum(p.severity >= Severity.BUG for p in outcome.report.problems)
    size = sum(len(a.text.encode("utf-8")) for a in outcome.artifacts if a.path.startswith("grafana/dashboards/"))
    return size, outcome.written[0], bugs


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the checking workers ``-j`` forks)."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def child(contender: str, n: int, panels: int, where: str, jobs: int) -> None:
    """One timed build in this fresh process (imports warmed on other dashboards); prints its numbers."""
    warm_up = tempfile.mkdtemp(prefix="gl-") if contender == "grafanalib" else make_project(2, 2, first=WARM_UP_FIRST)
    if contender == "grafanalib":
        build_grafanalib(2, 2, warm_up, first=WARM_UP_FIRST)
    else:
        build_mac(warm_up)  # jsonschema, promql_parser, orjson... imported
    shutil.rmtree(warm_up, ignore_errors=True)
    started, started_cpu = time.perf_counter(), _cpu_seconds()
    if contender == "grafanalib":
        size, written, bugs = build_grafanalib(n, panels, where), n, 0
    else:
        size, written, bugs = build_mac(where, jobs)
    wall, cpu = time.perf_counter() - started, _cpu_seconds() - started_cpu
    print(json.dumps({"wall": wall, "cpu": cpu, "size": size, "written": written, "bugs": bugs}))


def run_child(contender: str, n: int, panels: int, where: str, jobs: int) -> dict:
    command = [sys.executable, os.path.abspath(__file__), "--dashboards", str(n), "--panels", str(panels),
               "--jobs", str(jobs), "--child", contender, where]
    command += ["--kubernetes"] * KUBERNETES + ["--repeated-queries"] * REPEATED
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{contender} build failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dashboards", type=int, default=1000)
    parser.add_argument("--panels", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kubernetes", action="store_true", help="also build the dashboards' Kubernetes ConfigMaps")
    parser.add_argument("--repeated-queries", action="store_true",
                        help="the same 15 queries on every dashboard (default: each dashboard its own)")
    parser.add_argument("--jobs", type=int, default=None,
                        help="processes mac build checks in (default: as the mac command, MAC_JOBS or every CPU)")
    parser.add_argument("--child", nargs=2, metavar=("CONTENDER", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    global KUBERNETES, REPEATED
    KUBERNETES, REPEATED = args.kubernetes, args.repeated_queries
    n, panels = args.dashboards, args.panels
    if args.jobs is None:
        from monitoring_as_code.core.parallel import default_jobs

        args.jobs = default_jobs()
    if args.child:
        child(args.child[0], n, panels, args.child[1], args.jobs)
        return
    # `mac build` as the command runs it (-j: every CPU), and in one process for comparison.
    contenders = ["grafanalib", f"mac -j{args.jobs}"] + (["mac -j1"] if args.jobs > 1 else []) + ["mac-rerun"]
    times: dict[str, list[float]] = {name: [] for name in contenders}
    cpu: dict[str, list[float]] = {name: [] for name in contenders}
    sizes: dict[str, int] = {}
    rewritten = None
    for _ in range(args.runs):
        mac_root = make_project(n, panels)
        made = [mac_root]
        for name in contenders:
            where = tempfile.mkdtemp(prefix="gl-") if name == "grafanalib" else (
                make_project(n, panels) if name == "mac -j1" else mac_root)  # its own project: a first build
            if where not in made:
                made.append(where)
            jobs = 1 if name == "mac -j1" else args.jobs
            result = run_child("grafanalib" if name == "grafanalib" else "mac", n, panels, where, jobs)
            times[name].append(result["wall"])
            cpu[name].append(result["cpu"])
            assert result["bugs"] == 0, f"{result['bugs']} problems at bug or above in the benchmark dashboards"
            sizes.setdefault(name, result["size"])
            if name == "mac-rerun":
                rewritten = result["written"]
        for directory in made:  # about 100 MB of output per run
            shutil.rmtree(directory, ignore_errors=True)
    base = statistics.median(times["grafanalib"])
    base_cpu = statistics.median(cpu["grafanalib"])
    print(f"## Build {n} dashboards x {panels} panels ({args.runs} runs, medians, each build a fresh process)\n")
    print("CPU s counts the checking workers `-j` forks; mac-rerun is a second `-j` build of the first's project.\n")
    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs\n")
    print("| build | wall s | dashboards/s | speed vs grafanalib (wall) | CPU s | speed vs grafanalib (CPU) "
          "| output MB | size vs grafanalib |")
    print("|---|---|---|---|---|---|---|---|")
    for name in contenders:
        median, median_cpu = statistics.median(times[name]), statistics.median(cpu[name])
        size = sizes[name]
        print(f"| {name} | {median:.2f} | {n / median:.0f} | {base / median:.2f}x | {median_cpu:.2f} | "
              f"{base_cpu / median_cpu:.2f}x | {size / 1e6:.1f} | {size / sizes['grafanalib']:.2f} |")
    print(f"\nmac-rerun rewrote {rewritten} files (unchanged output is never rewritten).")


if __name__ == "__main__":
    main()
