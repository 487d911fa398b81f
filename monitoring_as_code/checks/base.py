"""The Check protocol: a name ``namespace/name``, a default severity, the document kinds it reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from monitoring_as_code.core.problem import Problem, Severity

if TYPE_CHECKING:
    from monitoring_as_code.core.document import Document
    from monitoring_as_code.core.target import Context


class Check:
    """Base of semantic checks. Override ``check`` (one document) and/or ``check_all`` (the whole run)."""

    #: ``namespace/name``, e.g. ``alerts/for``; also the docs page ``docs/checks/<namespace>/<name>.md``
    name: str = ""
    severity: Severity = Severity.WARNING
    #: document kinds this check reads; empty means it only implements ``check_all``
    kinds: tuple[str, ...] = ()

    def check(self, doc: "Document", ctx: "Context") -> list[Problem]:
        return []

    def check_all(self, ctx: "Context") -> list[Problem]:
        return []

    def problem(self, doc: "Document", path: tuple, message: str, hint: str = "", severity: Severity | None = None) -> Problem:
        """A Problem of this check at ``path`` in ``doc``, with the default severity unless given."""
        return doc.problem(path, self.name, message, hint, self.severity if severity is None else severity)
