"""``dashboard/uid``, ``dashboard/title``, ``dashboard/folder``: the identity rules Grafana enforces on save.

Grafana trims uid and title, rejects a blank title, a title over 5000 characters, and a uid with
characters outside ``a-zA-Z0-9-_`` or longer than 40 (``pkg/util/shortid_generator.go``). Two
dashboards of one repo with the same uid would overwrite each other on publish.
"""

from __future__ import annotations

from typing import Any

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.problem import Problem, Severity
from monitoring_as_code.core.target import Context
from monitoring_as_code.grafana.uid import TITLE_MAX_LENGTH, uid_error

UID = "dashboard/uid"
TITLE = "dashboard/title"
NAME = UID
FOLDER = "dashboard/folder"
KIND = "grafana/dashboard"


def check(doc: Document, root: tuple, data: dict, ctx: Context) -> list[Problem]:
    problems = []
    title = data.get("title")
    if isinstance(title, str):
        if not title.strip():
            problems.append(doc.problem(root + ("title",), TITLE, "Dashboard title cannot be empty", "give the dashboard a title"))
        elif len(title) > TITLE_MAX_LENGTH:
            problems.append(
                doc.problem(root + ("title",), TITLE, f"title has {len(title)} characters; Grafana allows {TITLE_MAX_LENGTH}",
                            "shorten the title")
            )
    uid = data.get("uid")
    if isinstance(uid, str):
        error = uid_error(uid.strip())
        if error:
            problems.append(
                doc.problem(root + ("uid",), UID, f"{error}: {uid!r}",
                            "use at most 40 characters of a-z A-Z 0-9 - _ (e.g. stable_uid(title))")
            )
        elif uid != uid.strip():
            problems.append(doc.problem(root + ("uid",), UID, f"uid {uid!r} has surrounding spaces Grafana strips",
                                        "remove the spaces", Severity.WARNING))
    elif uid is None and doc.compiled:
        problems.append(doc.problem(root, UID, "dashboard has no uid: Grafana would generate a new one on every publish",
                                    "set uid=... (stable URLs for alert links)"))
    return problems


def check_across(ctx: Context) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, Document] = {}
    folders: dict[str, tuple[str, Document]] = {}
    for doc in ctx.of_kind(KIND):
        data = doc.data.get("dashboard") if isinstance(doc.data, dict) and "meta" in doc.data else doc.data
        uid = data.get("uid") if isinstance(data, dict) else None
        if isinstance(uid, str) and uid:
            first = seen.setdefault(uid, doc)
            if first is not doc:
                where = first.locate(()).short()
                problems.append(doc.problem((), UID, f"uid {uid!r} is also used by {where}: one would overwrite the other",
                                            "give each dashboard its own uid"))
        folder: Any = doc.extra.get("folder")
        if isinstance(folder, dict):
            known = folders.setdefault(folder["uid"], (folder["title"], doc))
            if known[0] != folder["title"]:
                problems.append(
                    doc.problem((), FOLDER, f"folder {folder['uid']!r} is titled {folder['title']!r} here and "
                                f"{known[0]!r} at {known[1].locate(()).short()}", "use one Folder object for both"))
    return problems
