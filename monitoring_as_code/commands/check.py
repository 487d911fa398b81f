"""``mac check``: check definitions and plain YAML/JSON files; writes nothing."""

from __future__ import annotations

import argparse

from monitoring_as_code.commands.common import (
    add_jobs_option,
    add_project_options,
    add_report_options,
    jobs_of,
    load_project,
    print_report,
    resolve_paths,
)
from monitoring_as_code.status import ExitStatus

HELP = "check definitions and plain rule/config files (no promtool needed)"
EPILOG = """\
PATHs may be Python definition files, folders, or plain files recognised by content:
Prometheus rule files, PrometheusRule resources, promtool test files, alertmanager.yml,
Grafana dashboard JSON, Loki and Promtail configs. Every problem names its file and line.
This is what the `mac-check` pre-commit hook runs.

Plain files are cached by content: an unchanged file is not parsed or checked again
(cross-file checks still run). The cache is .mac-cache/ at the project root, or
$MAC_CACHE_DIR; --no-cache skips it, and deleting it is always safe.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the project's definitions)")
    parser.add_argument(
        "--tools", action="store_true",
        help="also run promtool/amtool on the output (slower; `mac build` always does)",
    )
    parser.add_argument(
        "--no-cache", action="store_true",
        help="neither read nor write the check cache (.mac-cache/ or $MAC_CACHE_DIR) for plain files",
    )
    add_jobs_option(parser)
    add_project_options(parser)
    add_report_options(parser)


def run(args: argparse.Namespace, env) -> ExitStatus:
    from monitoring_as_code.core import pipeline
    from monitoring_as_code.core.tools import tools_required

    project = load_project(args, env)
    outcome = pipeline.check(
        project, resolve_paths(args.paths, env), args.fail_on, run_tools=args.tools,
        require_tools=tools_required(env.environ), cache=not args.no_cache, jobs=jobs_of(args, env),
    )
    print_report(outcome.report, args.format, env)
    return ExitStatus.PROBLEMS if outcome.report.failed else ExitStatus.SUCCESS
