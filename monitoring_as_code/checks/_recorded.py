"""Shared by ``rule/missing`` and ``dashboard/recording-rule``: reads of recorded series
(names with a colon) that no recording rule of the run defines."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from monitoring_as_code.checks._config import settings
from monitoring_as_code.checks._rules import Site, gather_reads, rule_index
from monitoring_as_code.checks.base import Check
from monitoring_as_code.core.problem import Problem, Severity

if TYPE_CHECKING:
    from monitoring_as_code.core.document import Document
    from monitoring_as_code.core.target import Context


def undefined_reads(ctx: Context, kind: str) -> Iterator[tuple[str, Site]]:
    """``(name, site)`` for each read in documents of ``kind`` of a recorded series no rule defines.

    Nothing is reported when the run holds no rule file: then nothing can be known to be missing.
    """
    index = rule_index(ctx)
    if not index.has_rules:
        return
    conf = settings(ctx)
    seen: set[tuple[int, tuple, str]] = set()
    for name, sites in index.readers.items():
        if ":" not in name or name in index.recorded or conf.is_external_recording(name):
            continue
        for site in sites:
            key = (id(site.doc), site.path, name)
            if site.doc.kind == kind and key not in seen:
                seen.add(key)
                yield name, site


def near_misses(ctx: Context, name: str) -> str:
    """`` (did you mean `x`?)`` when a defined recorded series is spelt almost like ``name``."""
    import difflib

    memo = ctx.extra.setdefault("checks.near_misses", {})
    if name not in memo:
        # a typo changes the length by a character or two: compare only with names that close
        candidates = [n for n in rule_index(ctx).recorded if abs(len(n) - len(name)) <= 2]
        close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.8)
        memo[name] = f" (did you mean `{close[0]}`?)" if close else ""
    return memo[name]


class UndefinedReadsCheck(Check):
    """Base of the checks reporting reads of recorded series that no recording rule of the run records.

    Subclasses set ``reader_kind`` (the documents whose queries are read), ``hint`` and ``message()``.
    Only whole-project runs report: the recording rule may be in a file the user did not name.
    """

    severity = Severity.WARNING
    reader_kind = ""
    hint = ""

    def message(self, name: str) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def gather(self, doc: Document, ctx: Context) -> None:
        gather_reads(doc, ctx)

    def check_all(self, ctx: Context) -> list[Problem]:
        if not ctx.complete:
            return []
        return [
            self.problem(site.doc, site.path, self.message(name) + near_misses(ctx, name), self.hint)
            for name, site in undefined_reads(ctx, self.reader_kind)
        ]
