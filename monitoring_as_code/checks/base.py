"""The Check protocol: a name ``namespace/name``, a default severity, the document kinds it reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from monitoring_as_code.core.problem import Problem, Severity

if TYPE_CHECKING:
    from monitoring_as_code.checks._promql import Query
    from monitoring_as_code.core.document import Document
    from monitoring_as_code.core.target import Context


class Check:
    """Base of semantic checks. Override ``check`` (one document) and/or ``check_all`` (the whole run).

    ``check`` results are cached by their document's content: one that also reads other documents
    of the run must have them in :func:`~monitoring_as_code.checks._context.run_fingerprint`.
    """

    #: ``namespace/name``, e.g. ``alerts/for``; also the docs page ``docs/checks/<namespace>/<name>.md``
    name: str = ""
    severity: Severity = Severity.WARNING
    #: document kinds this check reads; empty means it only implements ``check_all``
    kinds: tuple[str, ...] = ()

    def check(self, doc: Document, ctx: Context) -> list[Problem]:
        return []

    def check_all(self, ctx: Context) -> list[Problem]:
        return []

    def gather(self, doc: Document, ctx: Context) -> None:
        """What ``check_all`` will need from ``doc``, read while ``doc`` is checked: possibly in
        another process (:mod:`monitoring_as_code.core.parallel`), which keeps only the problems
        and the values kept with :func:`~monitoring_as_code.core.cache.document_fact`."""

    def problem(self, doc: Document, path: tuple, message: str, hint: str = "", severity: Severity | None = None) -> Problem:
        """A Problem of this check at ``path`` in ``doc``, with the default severity unless given."""
        return doc.problem(path, self.name, message, hint, self.severity if severity is None else severity)


def rules_of(doc: Document) -> list[tuple[tuple, dict, dict]]:
    """``(path, group, rule)`` of every rule of a rule document, listed once per run."""
    cached = doc.extra.get("checks.rules")
    if cached is None:
        from monitoring_as_code.prometheus.documents import iter_rules

        cached = doc.extra["checks.rules"] = list(iter_rules(doc))
    return cached


def parsed_queries(doc: Document) -> list[Query]:
    """The PromQL queries of a document that parse (what every :class:`QueryCheck` reads), listed once per run."""
    cached = doc.extra.get("checks.parsed_queries")
    if cached is None:
        from monitoring_as_code.checks._promql import queries

        cached = doc.extra["checks.parsed_queries"] = [q for q in queries(doc) if q.parsed.ast is not None]
    return cached


class RuleCheck(Check):
    """A check of one rule at a time (``prometheus/rules``; ``loki/rules`` when listed in ``kinds``).

    Override ``check_rule``; ``alerts_only`` skips recording rules. The catalogue's rule checks
    run together, rule by rule (:func:`_run_together`).
    """

    kinds: tuple[str, ...] = ("prometheus/rules",)
    alerts_only: bool = False

    def check(self, doc: Document, ctx: Context) -> list[Problem]:
        together = _run_together(doc, ctx, RuleCheck)
        return together[self] if self in together else self.check_rules(doc, ctx)

    def check_rules(self, doc: Document, ctx: Context) -> list[Problem]:
        """This check alone over every rule of ``doc``."""
        problems: list[Problem] = []
        for path, group, rule in rules_of(doc):
            if self.alerts_only and "alert" not in rule:
                continue
            problems.extend(self.check_rule(doc, path, group, rule, ctx))
        return problems

    def check_rule(self, doc: Document, path: tuple, group: dict, rule: dict, ctx: Context) -> list[Problem]:
        return []


class QueryCheck(Check):
    """A check of one PromQL expression at a time: rule expressions and dashboard queries alike.

    Override ``check_query``; expressions that do not parse are skipped (syntax is promtool's).
    The catalogue's query checks run together, query by query (:func:`query_problems`).
    """

    kinds: tuple[str, ...] = ("prometheus/rules", "grafana/dashboard")
    alerts_only: bool = False

    def check(self, doc: Document, ctx: Context) -> list[Problem]:
        together = query_problems(doc, ctx)
        return together[self] if self in together else self.check_queries(doc, ctx)

    def check_queries(self, doc: Document, ctx: Context) -> list[Problem]:
        """This check alone over every query of ``doc``."""
        problems: list[Problem] = []
        for query in parsed_queries(doc):
            if self.alerts_only and not query.is_alert:
                continue
            problems.extend(self.check_query(doc, query, ctx))
        return problems

    def check_query(self, doc: Document, query, ctx: Context) -> list[Problem]:
        return []


def query_problems(doc: Document, ctx: Context) -> dict[QueryCheck, list[Problem]]:
    """The problems of every :class:`QueryCheck` of the catalogue that reads ``doc``, found query
    by query (see :func:`_run_together`)."""
    return _run_together(doc, ctx, QueryCheck)  # type: ignore[return-value]


def _run_together(doc: Document, ctx: Context, base: type[RuleCheck | QueryCheck]) -> dict[Check, list[Problem]]:
    """The problems of every check of the catalogue of class ``base`` that reads ``doc`` (and keeps
    ``base``'s own ``check``), found unit by unit, a rule or a query: each unit meets all the checks
    in turn while what they read of it is in the CPU's caches (a pass of each check over a file of
    10,000 rules would fetch every rule and tree from memory again, the larger part of a check's
    time there). Each check's problems keep their order. Kept with ``doc`` for ``ctx``'s run.
    """
    key = f"checks.together.{base.__name__}"
    memo = doc.extra.get(key)
    if memo is not None and memo[0] is ctx:
        return memo[1]
    from monitoring_as_code.checks import all_checks

    checks = [c for c in all_checks() if isinstance(c, base) and type(c).check is base.check and doc.kind in c.kinds]
    found: dict[Check, list[Problem]] = {check: [] for check in checks}
    every = [(check, found[check]) for check in checks if not check.alerts_only]
    alerts = [(check, found[check]) for check in checks]
    if base is RuleCheck:
        for path, group, rule in rules_of(doc):
            for check, problems in alerts if "alert" in rule else every:
                problems.extend(check.check_rule(doc, path, group, rule, ctx))  # type: ignore[union-attr]
    else:
        for query in parsed_queries(doc):
            for check, problems in alerts if query.is_alert else every:
                problems.extend(check.check_query(doc, query, ctx))  # type: ignore[union-attr]
    doc.extra[key] = (ctx, found)
    return found
