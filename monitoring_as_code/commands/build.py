"""``mac build``: compile definitions into the build directory, checked, written atomically."""

from __future__ import annotations

import argparse
import os

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

HELP = "compile definitions into the build directory and check them"
EPILOG = """\
Builds every definition under the project's definition folders (setup.cfg
[monitoring_as_code] definitions, default: dashboards rules alertmanager loki), or the
given files and folders. Nothing in the build directory changes when a problem at or
above `bug` is found; unchanged files are not rewritten.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="definition files or folders (default: the project's)")
    parser.add_argument("-o", "--out", help="build directory (default: build/, or build/<env>/ with --env)")
    add_jobs_option(parser)
    add_project_options(parser)
    add_report_options(parser)


def run(args: argparse.Namespace, env) -> ExitStatus:
    from monitoring_as_code.core import pipeline
    from monitoring_as_code.core.tools import tools_required

    project = load_project(args, env)
    out = os.path.join(env.cwd, args.out) if args.out else None
    outcome = pipeline.build(
        project, resolve_paths(args.paths, env), out, args.fail_on, require_tools=tools_required(env.environ),
        jobs=jobs_of(args, env),
    )
    print_report(outcome.report, args.format, env)
    target = os.path.relpath(out or project.build_dir, env.cwd)
    if outcome.report.failed or outcome.report.blocking():
        env.stderr.write(f"Build failed: nothing written to {target}/\n")
        return ExitStatus.PROBLEMS
    written, unchanged, removed = outcome.written
    kinds: dict[str, int] = {}
    for doc in outcome.ctx.documents:
        if doc.compiled:
            kinds[doc.kind] = kinds.get(doc.kind, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "nothing to build"
    env.stderr.write(
        f"Built {len(outcome.artifacts)} files into {target}/ ({written} written, {unchanged} unchanged, "
        f"{removed} removed): {summary}\n"
    )
    return ExitStatus.SUCCESS
