"""Carry out a plan: create folders, write changed dashboards in parallel, all or nothing.

Updates send the live version with ``overwrite: false``, so a save made in Grafana between our
read and our write is refused by Grafana itself (412) instead of silently overwritten; ``--force``
sends ``overwrite: true``. When a write fails for good (after the client's retries), or the run is
interrupted (Ctrl-C), no new write starts, the writes in flight end, the dashboards this run wrote
are put back (updated ones restored to the version they had, created ones deleted, created folders
deleted) and :class:`RollbackError` (D003) says so.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from monitoring_as_code.errors import PublishError, RollbackError
from monitoring_as_code.grafana.parallel import parallel_map
from monitoring_as_code.grafana.plan import Change, FolderSpec, Plan

if TYPE_CHECKING:
    from monitoring_as_code.grafana.client import GrafanaClient


@dataclass
class Outcome:
    """What a publish run did."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[Change] = field(default_factory=list)
    folders_created: list[str] = field(default_factory=list)
    datasources_written: list[str] = field(default_factory=list)


@dataclass
class _Written:
    change: Change
    version_before: int | None  # None: created by this run


class Publisher:
    """Publish one plan.

    :param client: the Grafana client
    :param message: the version message of every write (names the git commit)
    :param force: overwrite dashboards changed in Grafana, and ignore version races
    :param workers: parallel writes
    :param progress: called with 1 after each dashboard is handled
    """

    def __init__(self, client: GrafanaClient, message: str, force: bool = False, workers: int = 8,
                 progress: Callable[[int], None] | None = None) -> None:
        self.client = client
        self.message = message
        self.force = force
        self.workers = max(workers, 1)
        self.progress = progress or (lambda n: None)
        self._written: list[_Written] = []
        self._datasources_written: list = []
        self._lock = threading.Lock()
        self._failed = threading.Event()
        self._failure: PublishError | None = None

    def run(self, plan: Plan) -> Outcome:
        outcome = Outcome(unchanged=[c.uid for c in plan.of("unchanged")])
        todo = [c for c in plan.changes if c.action in ("create", "update") or (c.action == "conflict" and self.force)]
        outcome.refused = [] if self.force else plan.of("conflict")
        try:
            if todo:
                self._create_folders(plan.folders_to_create, outcome)
            self._write_datasources(plan, outcome)
            parallel_map(self._write, todo, self.workers, "mac-publish")
        except KeyboardInterrupt:  # the writes in flight have ended: put back what this run wrote
            self._failure = self._failure or PublishError(
                "interrupted (Ctrl-C) while publishing", "publish again when ready", ref="Ctrl-C")
            self._roll_back(outcome)
        for _ in plan.of("unchanged"):
            self.progress(1)
        if self._failure is not None:
            self._roll_back(outcome)
        for written in self._written:
            (outcome.updated if written.version_before is not None else outcome.created).append(written.change.uid)
        outcome.created.sort()
        outcome.updated.sort()
        return outcome

    def _create_folders(self, folders: list[FolderSpec], outcome: Outcome) -> None:
        for folder in folders:
            try:
                self.client.create_folder(folder.uid, folder.title, folder.parent_uid)
            except PublishError as exc:
                self._failure = exc
                self._roll_back(outcome)
            outcome.folders_created.append(folder.uid)

    def _write_datasources(self, plan: Plan, outcome: Outcome) -> None:
        """Datasources first (dashboards use them), one by one: there are few."""
        from monitoring_as_code.grafana.datasource_publishing import write

        for change in plan.datasources:
            if change.action == "unchanged":
                continue
            try:
                write(self.client, change)
            except PublishError as exc:
                self._failure = exc
                self._roll_back(outcome)
            self._datasources_written.append(change)
            outcome.datasources_written.append(change.uid)

    def _write(self, change: Change) -> None:
        if self._failed.is_set():
            return  # all or nothing: after a failure, start no new write
        desired = change.desired
        dashboard = dict(desired.dashboard)
        overwrite = self.force
        if change.live is not None:
            dashboard["version"] = change.live_version
            dashboard["id"] = change.live.id
        try:
            self.client.save_dashboard(dashboard, folder_uid=desired.folder_uid, message=self.message, overwrite=overwrite)
        except PublishError as exc:
            if exc.status == 412 and change.live is None and self._already_ours(change):
                pass  # a retried create whose first attempt had succeeded
            else:
                with self._lock:
                    if self._failure is None:
                        self._failure = exc
                self._failed.set()
                return
        with self._lock:
            self._written.append(_Written(change, change.live_version))
        self.progress(1)

    def _already_ours(self, change: Change) -> bool:
        from monitoring_as_code.grafana.plan import CONTENT_HASH_FIELD

        live = self.client.get_dashboard(change.uid)
        recorded = ((live or {}).get("dashboard") or {}).get(CONTENT_HASH_FIELD)
        return recorded == change.desired.dashboard.get(CONTENT_HASH_FIELD)

    def _roll_back(self, outcome: Outcome) -> None:
        failure = self._failure
        assert failure is not None
        restored, problems = [], []
        for written in reversed(self._written):
            uid = written.change.uid
            try:
                if written.version_before is None:
                    self.client.delete_dashboard(uid)
                    restored.append(f"Dashboard/{uid} (created by this run) deleted")
                else:
                    self._restore(written)
                    restored.append(f"Dashboard/{uid} restored to version {written.version_before}")
            except PublishError as exc:
                problems.append(f"Dashboard/{uid}: {exc.message}")
        from monitoring_as_code.grafana.datasource_publishing import undo

        for ds_change in reversed(self._datasources_written):
            try:
                restored.append(undo(self.client, ds_change))
            except PublishError as exc:
                problems.append(f"Datasource/{ds_change.uid}: {exc.message}")
        self._datasources_written.clear()
        outcome.datasources_written.clear()
        for folder_uid in reversed(outcome.folders_created):
            try:
                self.client.delete_folder(folder_uid)
                restored.append(f"Folder/{folder_uid} (created by this run) deleted")
            except PublishError as exc:
                problems.append(f"Folder/{folder_uid}: {exc.message}")
        self._written.clear()
        outcome.folders_created.clear()
        lines = [f"publish failed: {failure.ref or 'request'}: {failure.message}"]
        lines.append("rolled back: " + ("; ".join(restored) if restored else "nothing had been written"))
        if problems:
            lines.append("COULD NOT ROLL BACK (fix by hand): " + "; ".join(problems))
        raise RollbackError("\n  ".join(lines), failure.hint, status=failure.status, body=failure.body, ref=failure.ref)

    def _restore(self, written: _Written) -> None:
        """Put the previous version back: the restore endpoint, else re-post that version's JSON from the history."""
        uid = written.change.uid
        folder_uid = written.change.live.folder_uid if written.change.live else ""
        if folder_uid == written.change.desired.folder_uid:  # restore keeps the current folder
            try:
                self.client.restore(uid, int(written.version_before or 0))
                return
            except PublishError as exc:
                if exc.status not in (404, 405):
                    raise
        previous = self.client.version(uid, int(written.version_before or 0)).get("data") or {}
        previous.pop("version", None)
        self.client.save_dashboard(previous, folder_uid=folder_uid, message=f"rollback: {self.message}", overwrite=True)
