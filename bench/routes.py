"""Routes: 1,000 label sets through our routing engine vs 1,000 `amtool config routes test` calls.

amtool answers one alert per process (about 12 ms each here), so checking a routing tree against
many alerts costs seconds; our engine answers in-process. The target (from the performance issue)
is 1,000 route tests in under 1 s for `mac test`, whole process. Every answer is also compared:
the engine must agree with amtool on all 1,000 label sets, or the benchmark fails.

    .venv/bin/python bench/routes.py [--repeat 3] [--count 1000]
"""

from __future__ import annotations

import os
import random
import subprocess
import sys

from _harness import OUT, ROOT, Bench, bench_env, python, tool

sys.path.insert(0, ROOT)

LABELS = {
    "severity": ["critical", "warning", "info", "Critical", ""],
    "alertname": ["ServiceDown", "HighErrorRate", "HighLatency", "RedisMemoryHigh", "Watchdog"],
    "job": ["api-gateway", "auth-service", "blog-service", "shopping-service", "mysql-exporter"],
    "instance": ["a:8080", "b:8080"],
    "team": ["platform", "shop", ""],
}


def label_sets(count: int, seed: int = 7) -> list[dict[str, str]]:
    rng = random.Random(seed)
    return [{k: rng.choice(v) for k, v in LABELS.items() if rng.random() < 0.8} for _ in range(count)]


def portal_config() -> dict:
    from monitoring_as_code.core.encode import to_data
    from monitoring_as_code.core.loader import load_definitions

    defs = load_definitions([os.path.join(ROOT, "alertmanager", "alertmanager.py")], ROOT,
                            lambda o: type(o).__name__ == "AlertmanagerConfig")
    return to_data(defs[0].obj)


def write_inputs(config: dict, sets: list[dict[str, str]]) -> tuple[str, str]:
    """The built alertmanager.yml, and a definition file with one RouteTest per label set."""
    from monitoring_as_code.alertmanager.routing import receivers_for
    from monitoring_as_code.core.encode import dump_yaml

    os.makedirs(os.path.join(OUT, "routes"), exist_ok=True)
    yml = os.path.join(OUT, "routes", "alertmanager.yml")
    with open(yml, "w", encoding="utf-8") as fh:
        fh.write(dump_yaml(config))
    tests = os.path.join(OUT, "routes", "route_tests.py")
    with open(tests, "w", encoding="utf-8") as fh:
        fh.write("from monitoring_as_code.alertmanager import RouteTest\n")
        fh.write(f"from monitoring_as_code.alertmanager.legacy import from_data\nimport yaml\n"
                 f"CONFIG = from_data(yaml.safe_load(open({yml!r})))\nTESTS = [\n")
        fh.writelines(f"    RouteTest({labels!r}, {receivers_for(config, labels)!r}),\n" for labels in sets)
        fh.write("]\n")
    return yml, tests


def amtool_answers(yml: str, sets: list[dict[str, str]]) -> list[list[str]]:
    answers = []
    for labels in sets:
        args = ["amtool", "config", "routes", "test", f"--config.file={yml}", *[f'{k}="{v}"' for k, v in labels.items()]]
        out = subprocess.run(args, capture_output=True, text=True, check=True).stdout.strip()
        answers.append([r for r in out.split(",") if r])
    return answers


def main(argv: list[str] | None = None) -> None:
    from monitoring_as_code.alertmanager.routing import receivers_for, tree_of

    bench, args = Bench.from_args(__doc__.splitlines()[0], argv, repeat=3, count=1000)
    config = portal_config()
    sets = label_sets(args.count)
    yml, tests = write_inputs(config, sets)

    ours = [receivers_for(config, labels) for labels in sets]
    theirs = amtool_answers(yml, sets)
    disagree = [s for s, a, b in zip(sets, ours, theirs) if a != b]
    if disagree:
        raise SystemExit(f"engine and amtool disagree on {len(disagree)} label sets, e.g. {disagree[0]}")

    def engine() -> None:
        tree = tree_of(config)
        for labels in sets:
            tree.match(labels)

    def mac_test() -> None:
        done = subprocess.run([tool("mac"), "test", tests], cwd=OUT, env=bench_env(), capture_output=True, text=True,
                              check=False)
        if done.returncode != 0 or f"{args.count} passed" not in done.stdout:
            raise RuntimeError(done.stdout[-2000:] + done.stderr[-2000:])

    results = bench.calls({
        f"amtool config routes test x {args.count} (processes)": lambda: amtool_answers(yml, sets),
        f"`mac test` with {args.count} RouteTests (whole process)": mac_test,
        f"routing engine, {args.count} label sets (in-process)": engine,
    })
    baseline = f"amtool config routes test x {args.count} (processes)"
    met = results[f"`mac test` with {args.count} RouteTests (whole process)"].median < 1.0
    bench.table(
        results, baseline=baseline, per=(args.count, "label set"),
        target=f"{args.count} route tests under 1 s with `mac test`: {'met' if met else 'NOT met'}",
        note=f"Portal Universe alertmanager.yml; {args.count} random label sets over severity, alertname, job, "
             f"instance, team. The engine agreed with amtool on all {args.count}. Python: `{python()}`.",
    )
    bench.print()


if __name__ == "__main__":
    sys.exit(main())
