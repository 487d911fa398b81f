"""``mac publish``: publish dashboards to Grafana, only what changed, all or nothing."""

from __future__ import annotations

import argparse

from monitoring_as_code.commands.common import load_project, print_report, resolve_paths
from monitoring_as_code.commands.diff import add_grafana_options, open_client
from monitoring_as_code.status import ExitStatus

HELP = "publish dashboards to Grafana (only what changed; refuses to overwrite edits made in Grafana)"
EPILOG = """\
Checks every definition, checks Grafana's /api/health (D002), creates missing folders, then writes
only the dashboards that changed, in parallel, each with a version message naming the git commit.
A dashboard changed in Grafana since mac last published it is refused (its uid, version and the
user who saved it are printed) unless --force. When a write fails for good (after retries on
429/5xx/connection errors), the dashboards and folders this run wrote are rolled back (D003).

error codes: D001 publish failed, D002 health check failed, D003 rollback triggered,
D004 definitions could not be loaded. Exit status 4 on D001-D003.
Environment variables: see `mac diff --help`.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_grafana_options(parser)
    parser.add_argument("--dry-run", action="store_true", help="print the plan, write nothing")
    parser.add_argument("--force", action="store_true", help="overwrite dashboards changed in Grafana")
    parser.add_argument("-m", "--message", help="version message (default: names the git commit)")


def run(args: argparse.Namespace, env) -> ExitStatus:
    from monitoring_as_code.errors import PublishError
    from monitoring_as_code.grafana.client import display_url
    from monitoring_as_code.grafana.publisher import Publisher
    from monitoring_as_code.grafana.workflow import (
        checked_dashboards,
        connect,
        git_message,
        progress_bar,
        read_plan,
        render_plan,
    )

    project = load_project(args, env)
    settings, client = open_client(args, env, project)
    try:
        desired, report, documents = checked_dashboards(project, resolve_paths(args.paths, env), settings.folder_prefix)
        if report.blocking() or report.failed:
            print_report(report, "console", env)
            env.stderr.write("mac publish: nothing published: fix the problems above first\n")
            return ExitStatus.PROBLEMS
        health = connect(client)
        env.stderr.write(f"Grafana {health.get('version', '?')} at {display_url(settings.url)} is healthy\n")
        plan = read_plan(client, desired, documents, settings.concurrency, env.stderr,
                         datasources=args.datasources, with_diff=args.dry_run)
        if args.dry_run:
            render_plan(plan, env.stdout)
            env.stderr.write("Dry run: nothing written\n")
            return ExitStatus.SUCCESS
        render_plan(plan, env.stdout, show_diff=False)
        message = (args.message or git_message(project.root, env.environ))[:500]
        writes = len([c for c in plan.changes if c.action != "unchanged"])
        update, close = progress_bar(writes, env.stderr, "publishing")
        try:
            outcome = Publisher(client, message, force=args.force, workers=settings.concurrency, progress=update).run(plan)
        finally:
            close()
    finally:
        client.close()
    env.stdout.write(
        f"Published: {len(outcome.folders_created)} folder(s) created, {len(outcome.created)} dashboard(s) created, "
        f"{len(outcome.updated)} updated, {len(outcome.unchanged)} unchanged, {len(outcome.refused)} refused"
        + (f", {len(outcome.datasources_written)} datasource(s) written" if args.datasources else "") + "\n"
    )
    if outcome.refused:
        lines = [f"Dashboard/{c.uid}: {c.reason} (version {c.live_version}, saved by {c.updated_by})" for c in outcome.refused]
        raise PublishError("refused to overwrite dashboards changed in Grafana:\n  " + "\n  ".join(lines),
                           "review with `mac diff`, bring the change into the Python definition, or publish with --force")
    return ExitStatus.SUCCESS
