"""``mac diff``: what ``mac publish`` would change in Grafana (read-only)."""

from __future__ import annotations

import argparse

from monitoring_as_code.commands.common import (
    add_project_options,
    load_project,
    print_report,
    resolve_paths,
)
from monitoring_as_code.status import ExitStatus

HELP = "show what publishing would change in Grafana (exit 1 when something would change)"
EPILOG = """\
Reads Grafana (never writes) and prints, per dashboard: create, update (with a unified diff that
ignores server-managed fields such as id and version), unchanged, or CONFLICT when the dashboard
was changed in Grafana since mac last published it; and the folders to create.

environment:
  GRAFANA_URL (GRAFANA_SERVER)        Grafana base URL
  GRAFANA_TOKEN (GRAFANA_API_KEY)     service-account token
  GRAFANA_USER, GRAFANA_PASSWORD      basic auth, when no token
  GRAFANA_AUTH                        "user:password" or a token
  GRAFANA_ORG_ID                      organisation (X-Grafana-Org-Id)
  GRAFANA_CA_BUNDLE                   CA bundle to verify TLS with
"""


def add_grafana_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="definition files/folders or dashboard JSON (default: the project's)")
    parser.add_argument("--grafana-url", help="Grafana base URL (default: setup.cfg environment, then GRAFANA_URL)")
    parser.add_argument("--ca-bundle", metavar="FILE", help="CA bundle to verify Grafana's TLS certificate")
    parser.add_argument("--concurrency", type=int, metavar="N", help="parallel requests (default 16, or grafana_concurrency)")
    parser.add_argument("--datasources", action="store_true",
                        help="also publish the datasource definitions (grafana/datasources) over the datasource API")
    add_project_options(parser)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_grafana_options(parser)
    parser.add_argument("--no-diff", action="store_true", help="list the plan without the diffs")


def open_client(args: argparse.Namespace, env, project):
    """``(settings, client)`` for this run's Grafana."""
    from monitoring_as_code.grafana.client import GrafanaClient
    from monitoring_as_code.grafana.settings import load_settings

    settings = load_settings(project, env.environ, url=args.grafana_url, ca_bundle=args.ca_bundle)
    if args.concurrency:
        settings.concurrency = max(args.concurrency, 1)
    return settings, GrafanaClient(settings)


def run(args: argparse.Namespace, env) -> ExitStatus:
    from monitoring_as_code.grafana.workflow import checked_dashboards, connect, read_plan, render_plan

    project = load_project(args, env)
    settings, client = open_client(args, env, project)
    try:
        desired, report, documents = checked_dashboards(project, resolve_paths(args.paths, env), settings.folder_prefix)
        if report.blocking() or report.failed:
            print_report(report, "console", env)
            env.stderr.write("mac diff: fix the problems above first\n")
            return ExitStatus.PROBLEMS
        connect(client)
        plan = read_plan(client, desired, documents, settings.concurrency, env.stderr, datasources=args.datasources)
    finally:
        client.close()
    render_plan(plan, env.stdout, show_diff=not args.no_diff)
    return ExitStatus.PROBLEMS if plan.has_changes else ExitStatus.SUCCESS
