"""Problems are data: a severity, the check that found it, what is wrong, how to fix it, and where.

A Problem is never raised; checks return lists of them and reporters render them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import IntEnum


class Severity(IntEnum):
    """How bad a problem is. A run fails at ``BUG`` or above unless ``--fail-on`` says otherwise."""

    INFO = 0
    WARNING = 1
    BUG = 2
    FATAL = 3

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(s.name.lower() for s in cls)
            raise ValueError(f"unknown severity {text!r}; use one of {names}") from None

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Location:
    """Where a problem is.

    :param file: the file the user edits: a Python definition or a raw YAML/JSON file
    :param line: line in ``file``
    :param artifact: the generated file, relative to the build directory, when there is one
    :param artifact_line: line in the generated file
    :param object_path: path inside the document, e.g. ``groups[0].rules[3].expr``
    :param ref: the resource, e.g. ``RuleGroup/service-alerts``
    """

    file: str | None = None
    line: int | None = None
    artifact: str | None = None
    artifact_line: int | None = None
    object_path: str | None = None
    ref: str | None = None

    def short(self) -> str:
        if self.file and self.line:
            return f"{self.file}:{self.line}"
        return self.file or self.artifact or self.ref or "<unknown>"


@dataclass(frozen=True)
class Problem:
    """One finding.

    :param severity: see :class:`Severity`
    :param check: the check's name, ``namespace/name`` (e.g. ``promql/syntax``)
    :param message: what is wrong, in one sentence
    :param hint: how to fix it
    :param location: where it is
    :param details: longer text kept verbatim (e.g. promtool's expected/got blocks)
    """

    severity: Severity
    check: str
    message: str
    hint: str = ""
    location: Location = field(default_factory=Location)
    details: str = ""

    def at(self, location: Location) -> Problem:
        return replace(self, location=location)

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.file or loc.artifact or "", loc.line or 0, loc.object_path or "", self.check, self.message)

    def to_dict(self) -> dict:
        loc = self.location
        data = {
            "severity": str(self.severity),
            "check": self.check,
            "message": self.message,
            "hint": self.hint,
            "file": loc.file,
            "line": loc.line,
            "artifact": loc.artifact,
            "artifact_line": loc.artifact_line,
            "object_path": loc.object_path,
            "ref": loc.ref,
        }
        if self.details:
            data["details"] = self.details
        return data


@dataclass
class Report:
    """Every problem of a run, with the threshold that decides the exit status."""

    problems: list[Problem] = field(default_factory=list)
    fail_on: Severity = Severity.BUG

    def extend(self, problems) -> None:
        self.problems.extend(problems)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def sorted(self) -> list[Problem]:
        """Problems in file order, exact duplicates folded away."""
        seen: set[Problem] = set()
        unique = []
        for problem in sorted(self.problems, key=Problem.sort_key):
            if problem not in seen:
                seen.add(problem)
                unique.append(problem)
        return unique

    @property
    def failed(self) -> bool:
        return any(p.severity >= self.fail_on for p in self.problems)

    def blocking(self) -> list[Problem]:
        """Problems that stop a build from being written (``bug`` and above)."""
        return [p for p in self.problems if p.severity >= Severity.BUG]

    def counts(self) -> dict[str, int]:
        counts = {str(s).upper(): 0 for s in reversed(Severity)}
        for problem in self.sorted():
            counts[str(problem.severity).upper()] += 1
        return counts

    def summary(self) -> str:
        if not self.problems:
            return "No problems found"
        return "Problems found: " + " ".join(f"{k}={v}" for k, v in self.counts().items())
