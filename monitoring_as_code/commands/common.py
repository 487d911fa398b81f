"""Options and output shared by several verbs."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from monitoring_as_code.core.problem import Report, Severity

if TYPE_CHECKING:
    from monitoring_as_code.cli import Environment
    from monitoring_as_code.core.project import Project


def add_project_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--env", help="environment from setup.cfg [monitoring_as_code:ENV] (default: MAC_ENV or default_env)")
    parser.add_argument("-C", "--project-dir", default=None, help="project root (default: found from the working directory)")


def add_report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("console", "json", "github"), default="console", help="problem output format")
    parser.add_argument(
        "--fail-on", default="bug", type=Severity.parse, metavar="SEVERITY",
        help="lowest severity that fails the run: info, warning, bug (default) or fatal",
    )


def add_jobs_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-j", "--jobs", type=_positive, metavar="N",
        help="processes to check a large run in (default: MAC_JOBS, else every CPU; 1: serially; "
             "small runs never fork)",
    )


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 or more)")
    return int(text)


def jobs_of(args: argparse.Namespace, env: Environment) -> int:
    """``--jobs``, else ``$MAC_JOBS``, else every usable CPU."""
    from monitoring_as_code.core.parallel import default_jobs
    from monitoring_as_code.errors import UsageError

    if args.jobs:
        return int(args.jobs)
    try:
        return default_jobs(env.environ)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def load_project(args: argparse.Namespace, env: Environment) -> Project:
    from monitoring_as_code.core.project import Project

    return Project.load(args.project_dir or env.cwd, env=args.env, environ=env.environ)


def resolve_paths(paths: list[str] | None, env: Environment) -> list[str] | None:
    if not paths:
        return None
    return [p if os.path.isabs(p) else os.path.join(env.cwd, p) for p in paths]


def print_report(report: Report, fmt: str, env: Environment) -> None:
    from monitoring_as_code.report import render

    render(report, fmt, env.stdout)
    if fmt == "console":
        env.stderr.write(report.summary() + "\n")
