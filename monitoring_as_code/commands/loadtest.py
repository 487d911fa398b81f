"""``mac loadtest check RESULTS``: the k6 load-test gate (replaces a hand-written check-results.py)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile

from monitoring_as_code.status import ExitStatus

HELP = "check k6 results against load-test thresholds"
EPILOG = """\
RESULTS is any of k6's result files, recognised by content:
  k6 run --summary-export=summary.json script.js
  k6 run --out json=points.json script.js        (also .gz; '-' reads standard input)
  a handleSummary() returning {'summary.json': JSON.stringify(data)}

Thresholds come from --options (a k6 options file such as build/k6/load.options.json),
--threshold METRIC EXPR (repeatable), --test NAME (the project's LoadTest of that name),
or else from the thresholds recorded in RESULTS itself. A metric or statistic missing from
the results fails. Exit status 0 when every threshold passes, 1 otherwise.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = sub.add_parser("check", help="evaluate thresholds on a k6 results file", description=EPILOG,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("results", metavar="RESULTS", help="k6 results file ('-' for standard input)")
    check.add_argument("--options", metavar="FILE", help="k6 options JSON whose `thresholds` to apply")
    check.add_argument("--threshold", "--thresholds", dest="threshold", nargs=2, action="append", default=[],
                       metavar=("METRIC", "EXPR"),
                       help="a threshold, e.g. --threshold http_req_duration 'p(95)<500' (repeatable)")
    check.add_argument("--test", metavar="NAME", help="use the thresholds of the project's LoadTest NAME")
    check.add_argument("--format", choices=("console", "json"), default="console", help="output format")
    check.add_argument("-C", "--project-dir", default=None, help="project root for --test (default: found from cwd)")
    check.add_argument("--env", help="environment whose settings --test's definitions see (default: MAC_ENV or default_env)")


def _read_options(path: str) -> dict:
    from monitoring_as_code.errors import UsageError

    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror}", "build the options first (make build) or fix the path") from None
    except ValueError as exc:
        raise UsageError(f"{path}: invalid JSON: {exc}") from None
    thresholds = data.get("thresholds") if isinstance(data, dict) else None
    if not isinstance(thresholds, dict):
        raise UsageError(f"{path}: no `thresholds` object", "pass a k6 options file (build/k6/<name>.options.json)")
    return thresholds


def _project_thresholds(name: str, args: argparse.Namespace, env) -> dict:
    from monitoring_as_code.commands.common import load_project
    from monitoring_as_code.core import pipeline
    from monitoring_as_code.core.encode import to_data
    from monitoring_as_code.errors import UsageError
    from monitoring_as_code.k6.target import K6Target

    project = load_project(argparse.Namespace(project_dir=args.project_dir, env=args.env), env)
    dirs = [d for d in project.definition_dirs if os.path.isdir(d)]
    tests = [d.obj for d in pipeline.load(project, dirs, K6Target().accepts)]
    for test in tests:
        if test.name == name:
            return to_data(test)["thresholds"]
    known = ", ".join(sorted(t.name for t in tests)) or "none"
    raise UsageError(f"no LoadTest named {name!r} in the project", f"known load tests: {known}")


def _spool_stdin() -> str:
    fd, path = tempfile.mkstemp(prefix="mac-k6-", suffix=".json")
    with os.fdopen(fd, "wb") as out:
        shutil.copyfileobj(sys.stdin.buffer, out)
    return path


def run(args: argparse.Namespace, env) -> ExitStatus:
    from monitoring_as_code.errors import UsageError
    from monitoring_as_code.k6.gate import evaluate, render_json, render_table
    from monitoring_as_code.k6.results import FORMAT_NAMES, load_results
    from monitoring_as_code.k6.stream import wanted_for

    thresholds: dict = {}
    if args.options:
        thresholds.update(_read_options(os.path.join(env.cwd, args.options)))
    if args.test:
        thresholds.update(_project_thresholds(args.test, args, env))
    for metric, expression in args.threshold:
        thresholds.setdefault(metric, []).append(expression)
    spooled = None
    path = args.results
    if path == "-":
        path = spooled = _spool_stdin()  # the gate may read the stream more than once
    else:
        path = os.path.join(env.cwd, path)
    try:
        results = load_results(path, wanted_for(thresholds) if thresholds else None)
    finally:
        if spooled:
            os.unlink(spooled)
    if not thresholds:
        thresholds = results.thresholds
    if not thresholds:
        raise UsageError(
            f"{args.results}: no thresholds to check",
            "pass --options build/k6/<name>.options.json, --threshold METRIC EXPR or --test NAME",
        )
    verdicts = evaluate(thresholds, results)
    failed = [v for v in verdicts if not v.passed]
    if args.format == "json":
        env.stdout.write(render_json(verdicts, results))
    else:
        env.stdout.write(render_table(verdicts))
        for note in results.notes:
            env.stderr.write(f"note: {note}\n")
        what = FORMAT_NAMES[results.format] + (f", {results.points:,} points" if results.points else "")
        env.stderr.write(
            f"{len(verdicts)} thresholds: {len(verdicts) - len(failed)} passed, {len(failed)} failed ({what})\n"
        )
    return ExitStatus.PROBLEMS if failed else ExitStatus.SUCCESS
