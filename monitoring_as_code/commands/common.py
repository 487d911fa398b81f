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
