"""``mac test``: run rule unit tests (through promtool) and every other target's tests."""

from __future__ import annotations

import argparse

from monitoring_as_code.commands.common import (
    add_project_options,
    add_report_options,
    load_project,
    print_report,
    resolve_paths,
)
from monitoring_as_code.status import ExitStatus

HELP = "run rule unit tests through promtool, route tests, and other definition tests"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="definition files, folders or promtool test files")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every test case")
    add_project_options(parser)
    add_report_options(parser)


def run(args: argparse.Namespace, env) -> ExitStatus:
    from monitoring_as_code.core import pipeline
    from monitoring_as_code.core.tools import tools_required
    from monitoring_as_code.report.console import format_problem

    project = load_project(args, env)
    outcome = pipeline.test(project, resolve_paths(args.paths, env), require_tools=tools_required(env.environ))
    if outcome.report.blocking():
        print_report(outcome.report, args.format, env)
        env.stderr.write("Tests not run: fix the problems above first\n")
        return ExitStatus.PROBLEMS
    failed = [t for t in outcome.tests if not t.passed]
    for result in outcome.tests:
        if args.verbose or not result.passed:
            env.stdout.write(f"{'PASS' if result.passed else 'FAIL'} {result.name}  ({result.location.short()})\n")
        if not result.passed and result.details:
            env.stdout.write("".join(f"    {line}\n" for line in result.details.rstrip().splitlines()))
    for problem in outcome.report.sorted():
        env.stderr.write(format_problem(problem) + "\n")
    passed = len(outcome.tests) - len(failed)
    env.stdout.write(f"{passed} passed, {len(failed)} failed\n")
    return ExitStatus.PROBLEMS if failed else ExitStatus.SUCCESS
