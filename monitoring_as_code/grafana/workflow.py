"""The steps ``mac diff`` and ``mac publish`` share: load and check definitions, connect, plan, print."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from monitoring_as_code.errors import HealthCheckError, PublishError

if TYPE_CHECKING:
    from monitoring_as_code.core.project import Project
    from monitoring_as_code.grafana.client import GrafanaClient
    from monitoring_as_code.grafana.plan import Desired, Plan

MESSAGE_MAX = 500  # Grafana refuses longer version messages


def checked_dashboards(project: Project, paths: list[str] | None,
                       folder_prefix: str) -> tuple[list[Desired], Any, list[Any]]:
    """The dashboards to publish, after every check; ``(desired, report, documents)``. Blocking problems stop here."""
    from monitoring_as_code.core import pipeline
    from monitoring_as_code.grafana.plan import desired_dashboards

    outcome = pipeline.check(project, paths)
    if outcome.report.blocking() or outcome.report.failed:
        return [], outcome.report, []
    return desired_dashboards(outcome.ctx.documents, folder_prefix), outcome.report, outcome.ctx.documents


def connect(client: GrafanaClient) -> dict:
    """The health check (D002 when it fails): nothing is read or written from an unhealthy Grafana."""
    try:
        return client.health()
    except PublishError as exc:
        raise HealthCheckError(exc.message, exc.hint or "check that Grafana is up and GRAFANA_URL points at it",
                               status=exc.status, body=exc.body) from None


def git_message(root: str, environ: dict | Any) -> str:
    """``Published by monitoring-as-code from git commit <sha>`` (with ``+ uncommitted changes`` when dirty)."""
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=10, check=False)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    sha = git("rev-parse", "--short=12", "HEAD") or environ.get("GITHUB_SHA", "")[:12] or environ.get("CI_COMMIT_SHA", "")[:12]
    if not sha:
        return "Published by monitoring-as-code (not from a git checkout)"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return f"Published by monitoring-as-code from git commit {sha}{' + uncommitted changes' if dirty else ''}"[:MESSAGE_MAX]


def progress_bar(total: int, stream: TextIO, label: str) -> tuple[Callable[[int], None], Callable[[], None]]:
    """``(update, close)``: a tqdm bar on a terminal, nothing otherwise (CI logs stay clean)."""
    if not (hasattr(stream, "isatty") and stream.isatty()) or total == 0 or os.environ.get("NO_PROGRESS"):
        return (lambda n: None), (lambda: None)
    from tqdm import tqdm

    bar = tqdm(total=total, desc=label, unit="dashboard", file=stream, leave=False)
    return bar.update, bar.close


def read_plan(client: GrafanaClient, desired: list[Desired], documents: list, workers: int, stream: TextIO,
              datasources: bool = False, with_diff: bool = True) -> Plan:
    """What publishing would do: Grafana's live state read for ``desired`` (and the run's datasource
    documents when ``datasources``), with a progress bar on a terminal. Read-only.

    :param documents: the run's documents (datasource definitions are taken from them)
    :param workers: concurrent reads
    :param with_diff: keep a readable diff per changed dashboard (costs memory; only shown plans need it)
    """
    from monitoring_as_code.grafana.plan import make_plan

    update, close = progress_bar(len(desired), stream, "reading Grafana")
    try:
        plan = make_plan(client, desired, workers, update, with_diff=with_diff)
        if datasources:
            from monitoring_as_code.grafana.datasource_publishing import desired_datasources, plan_datasources

            plan.datasources = plan_datasources(client, desired_datasources(documents))
    finally:
        close()
    return plan


def render_plan(plan: Plan, out: TextIO, show_diff: bool = True) -> None:
    for ds in plan.datasources:
        detail = f" ({', '.join(ds.changed_keys)} changed)" if ds.action == "update" else ""
        out.write(f"Datasource/{ds.uid}: {ds.action} {ds.name!r}{detail}\n")
    out.writelines(f"Folder/{folder.uid}: create {folder.title!r}\n" for folder in plan.folders_to_create)
    for change in plan.changes:
        ref = f"Dashboard/{change.uid}"
        where = f" in {change.desired.folder.title!r}" if change.desired.folder else " in General"
        if change.action == "create":
            out.write(f"{ref}: create {change.desired.title!r}{where}\n")
        elif change.action == "unchanged":
            out.write(f"{ref}: unchanged (version {change.live_version})\n")
        elif change.action == "update":
            out.write(f"{ref}: update (live version {change.live_version})\n")
        else:
            out.write(f"{ref}: CONFLICT: {change.reason} (version {change.live_version}, saved by "
                      f"{change.updated_by}); publish refuses it without --force\n")
        if show_diff and change.diff and change.action in ("update", "conflict"):
            out.write("".join(f"    {line}" for line in change.diff.splitlines(keepends=True)))
            if not change.diff.endswith("\n"):
                out.write("\n")
    counts = {a: len(plan.of(a)) for a in ("create", "update", "unchanged", "conflict")}
    if plan.datasources:
        ds_counts = {a: sum(d.action == a for d in plan.datasources) for a in ("create", "update", "unchanged")}
        out.write(f"Datasources: {ds_counts['create']} to create, {ds_counts['update']} to update, "
                  f"{ds_counts['unchanged']} unchanged\n")
    out.write(f"Plan: {len(plan.folders_to_create)} folder(s) to create, {counts['create']} dashboard(s) to create, "
              f"{counts['update']} to update, {counts['unchanged']} unchanged, {counts['conflict']} conflict(s)\n")
