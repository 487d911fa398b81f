"""What the whole run knows about recording rules: who records a series, and who reads it.

Built once per run (kept in ``ctx.extra``) from every ``prometheus/rules``, ``loki/rules`` and
``grafana/dashboard`` document, so cross-document checks (missing and unused recording rules,
labels of recorded series) cost one pass however many checks ask.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from monitoring_as_code.checks._labels import ANY, LabelSet, expression_labels
from monitoring_as_code.checks._promql import queries
from monitoring_as_code.core.cache import document_fact

if TYPE_CHECKING:
    from monitoring_as_code.core.document import Document
    from monitoring_as_code.core.target import Context


#: the documents whose queries may read recorded series
READER_KINDS = ("prometheus/rules", "grafana/dashboard")


@dataclass
class Site:
    """A place in a document: the document, the path, and the rule there (if any)."""

    doc: Document
    path: tuple
    rule: dict | None = None


@dataclass
class RuleIndex:
    """Recording rules of the run and the series names every query reads."""

    recorded: dict[str, list[Site]] = field(default_factory=dict)
    has_rules: bool = False
    has_dashboards: bool = False
    #: the rule files and dashboards whose queries :attr:`readers` lists
    reading: list[Document] = field(default_factory=list)
    _readers: dict[str, list[Site]] | None = field(default=None, repr=False)
    _labels: dict[str, LabelSet | None] = field(default_factory=dict)

    @property
    def readers(self) -> dict[str, list[Site]]:
        """For each series name, the queries that read it (built on first use: it walks every query)."""
        if self._readers is None:
            self._readers = {}
            for doc in self.reading:
                for name, path in reads_of(doc):
                    self._readers.setdefault(name, []).append(Site(doc, tuple(path)))
        return self._readers

    def resolve(self, name: str) -> LabelSet | None:
        """The labels a recorded series may carry (``None`` if no rule of the run records it)."""
        sites = self.recorded.get(name)
        if not sites:
            return None  # not recorded in this run (most series): nothing to remember
        if name in self._labels:
            return self._labels[name] or ANY  # a cycle (or in progress) answers "anything"
        self._labels[name] = None
        result: LabelSet | None = None
        for site in sites:
            rule = site.rule or {}
            labels = expression_labels(str(rule.get("expr", "")), self.resolve) or ANY
            static = rule.get("labels")
            if isinstance(static, dict):
                labels = labels.add(frozenset(str(k) for k in static))
            result = labels if result is None else result.union(labels)
        self._labels[name] = result
        return result


def _record(index: RuleIndex, doc: Document, path: tuple, rule: dict) -> None:
    name = rule.get("record")
    if isinstance(name, str) and name:
        index.recorded.setdefault(name, []).append(Site(doc, path, rule))


def rule_index(ctx: Context) -> RuleIndex:
    """The run's :class:`RuleIndex` (built on first use)."""
    cached = ctx.extra.get("checks.rule_index")
    if cached is not None:
        return cached
    from monitoring_as_code.prometheus.documents import iter_rules

    index = RuleIndex()
    for doc in ctx.documents:
        if doc.kind == "loki/rules":
            for path, _group, rule in iter_rules(doc):
                _record(index, doc, path, rule)
        if doc.kind not in ("prometheus/rules", "grafana/dashboard"):
            continue
        if doc.kind == "prometheus/rules":
            index.has_rules = True
            for path, _group, rule in iter_rules(doc):
                _record(index, doc, path, rule)
        else:
            index.has_dashboards = True
        index.reading.append(doc)
    ctx.extra["checks.rule_index"] = index
    return index


def reads_of(doc: Document) -> list[tuple[str, tuple]]:
    """The series names ``doc``'s queries read, with the paths of the queries. Kept with the
    document (:func:`document_fact`): in the check cache, so a cached run does not parse every
    expression again, and across processes, so a worker's parses serve the whole run."""
    return document_fact(doc, "rules.reads", partial(_reads, doc))


def gather_reads(doc: Document, ctx: Context) -> None:
    """Read ``doc``'s series names now if this run will list the readers of recorded series."""
    if ctx.complete and doc.kind in READER_KINDS and rule_index(ctx).has_rules:
        reads_of(doc)


def _reads(doc: Document) -> list[tuple[str, tuple]]:
    """``(series name, path of the expression)`` for every selector with a name in ``doc``'s queries."""
    found = []
    for query in queries(doc):
        for node in query.parsed.of_kind("VectorSelector"):
            name = node.metric  # read once per selector, shared with the other checks
            if name:
                found.append((name, query.path))
    return found


def resolver(ctx: Context) -> Any:
    """A resolver for the label inference (:func:`monitoring_as_code.checks._labels.node_labels`) backed by the run."""
    return rule_index(ctx).resolve


def labels_of(ctx: Context, text: str) -> LabelSet | None:
    """The labels the result of ``text`` may carry, resolved against the run (``None``: no parse)."""
    memo = ctx.extra.get("checks.labels")
    if memo is None:
        memo = ctx.extra["checks.labels"] = {}
    found = memo.get(text, memo)  # the memo itself marks "not there yet" (``None`` is an answer)
    if found is memo:
        found = memo[text] = expression_labels(text, rule_index(ctx).resolve)
    return found
