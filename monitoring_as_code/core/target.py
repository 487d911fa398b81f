"""What a target (Prometheus rules, Grafana dashboards, Alertmanager...) plugs into the pipeline.

A target module must stay cheap to import (stdlib and ``monitoring_as_code.core`` only at
module level): ``mac check`` on one rule file imports every target to recognise the file.
Heavy imports (grafanalib, requests, jsonschema) go inside the methods that need them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from monitoring_as_code.core.problem import Location, Problem

if TYPE_CHECKING:
    from monitoring_as_code.core.document import Document
    from monitoring_as_code.core.project import Project


@dataclass
class Definition:
    """A resource collected from a definition file.

    :param obj: the object as the user built it
    :param name: the module-level variable that holds it
    :param file: the definition file
    :param line: the line of that variable's assignment (or of the constructor call)
    """

    obj: Any
    name: str
    file: str
    line: int | None = None


@dataclass
class TestResult:
    """One test case's verdict, located at the test's definition."""

    name: str
    passed: bool
    location: Location = field(default_factory=Location)
    details: str = ""
    target: str = ""


@dataclass
class Context:
    """What a target sees of the run: the project and every document of every target."""

    project: Project
    documents: list[Document] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    require_tools: bool = False
    #: whether the run covers the whole project (no PATH given): checks that look for what is
    #: *missing* across documents (a dashboard an alert links to, a recorded series) only
    #: mean something then, not when the user names a few files
    complete: bool = True
    #: processes per-document validation may use (1: this one only; see :mod:`.parallel`)
    jobs: int = 1
    #: per-run memo for checks and targets (e.g. indexes built once from all documents)
    extra: dict[str, Any] = field(default_factory=dict)

    def of_kind(self, kind: str) -> list[Document]:
        return [d for d in self.documents if d.kind == kind]


class Target:
    """Base class: override what the target supports; the defaults do nothing."""

    #: short name, e.g. ``prometheus-rules``
    name: str = ""
    #: document kinds this target owns, e.g. ``("prometheus/rules", "prometheus/rule-tests")``
    kinds: tuple[str, ...] = ()

    def accepts(self, obj: Any) -> bool:
        """Whether a module-level object of a definition file belongs to this target."""
        return False

    def compile(self, definitions: list[Definition], ctx: Context) -> list[Document]:
        """Documents (with ``artifact`` and rendered ``text``) for the accepted definitions.

        The pipeline calls it only when the target accepted at least one definition.
        """
        return []

    def derive(self, ctx: Context) -> list[Document]:
        """Documents made from other targets' documents (runs after every ``compile``)."""
        return []

    def recognize(self, data: Any, path: str) -> str | None:
        """The kind of a raw YAML/JSON document this target reads, or ``None``."""
        return None

    def validate(self, doc: Document, ctx: Context) -> list[Problem]:
        """In-process syntax and structure checks of one document of this target's kinds."""
        return []

    def split(self, doc: Document, ways: int) -> list[Document]:
        """``doc`` as up to ``ways`` parts that :meth:`validate` and the checks can read apart, so a
        very large document is checked on several cores (default: it stays whole).

        Parts are usually :class:`~monitoring_as_code.core.document.DocumentPart`; what only the
        whole document shows is :meth:`validate_across`'s.
        """
        return [doc]

    def validate_across(self, doc: Document, ctx: Context) -> list[Problem]:
        """For a document :meth:`split` into parts: the problems no part shows on its own."""
        return []

    def cross_check(self, ctx: Context) -> list[Problem]:
        """Checks that need several documents, possibly of other targets."""
        return []

    def tool_check(self, docs: list[Document], staged_dir: str, ctx: Context) -> list[Problem]:
        """Checks by external tools (promtool, amtool) on the staged output files."""
        return []

    def run_tests(self, docs: list[Document], staged_dir: str, ctx: Context) -> list[TestResult]:
        """Run this target's tests (compiled and raw test documents)."""
        return []
