"""Prometheus rules target: RuleFile/RuleGroup/RuleTest definitions and raw rule and test files.

Compiles rule files to ``prometheus/rules/<file>.yml`` and rule tests to
``prometheus/tests/<file>.test.yml``; checks them in-process, with ``promtool check rules``
on the output, and runs the tests with ``promtool test rules``, each in one process.
Only stdlib and ``monitoring_as_code.core`` are imported at module level (startup time).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.problem import Problem, Severity
from monitoring_as_code.core.target import Context, Definition, Target, TestResult

if TYPE_CHECKING:
    from monitoring_as_code.prometheus.dialect import Dialect

RULES = "prometheus/rules"
TESTS = "prometheus/rule-tests"
_OUR_KINDS = ("RuleFile", "RuleGroup", "RuleTest")
#: Keys that make a YAML mapping look like a (possibly misshaped) rule file, so its shape gets reported.
_RULE_KEYS = {"rules", "alert", "record", "expr"}


def _looks_like_rule_tests(tests: Any) -> bool:
    return isinstance(tests, list) and any(
        isinstance(t, dict) and {"input_series", "alert_rule_test", "promql_expr_test"} & set(t) for t in tests
    )


def rule_of(object_path: str | None) -> str:
    """``groups[0].rules[3].expr`` -> ``groups[0].rules[3]`` (a group-level path stays as it is)."""
    path = object_path or ""
    end = path.find("]", path.find(".rules[")) if ".rules[" in path else -1
    return path[: end + 1] if end >= 0 else path


def _ours(obj: Any) -> bool:
    cls = type(obj)
    return getattr(cls, "kind", None) in _OUR_KINDS and cls.__module__.startswith("monitoring_as_code.prometheus.")


class RulesTarget(Target):
    """Prometheus alerting/recording rules and their promtool unit tests."""

    name = "prometheus-rules"
    kinds = (RULES, TESTS)

    def accepts(self, obj: Any) -> bool:
        return _ours(obj)

    def compile(self, definitions: list[Definition], ctx: Context) -> list[Document]:
        from monitoring_as_code.prometheus.compiler import compile_rules, compile_tests

        rule_docs = compile_rules([d for d in definitions if d.obj.kind != "RuleTest"])
        return rule_docs + compile_tests([d for d in definitions if d.obj.kind == "RuleTest"], rule_docs)

    def recognize(self, data: Any, path: str) -> str | None:
        if isinstance(data, dict):
            if data.get("kind") == "PrometheusRule" and str(data.get("apiVersion", "")).startswith("monitoring.coreos.com"):
                return RULES
            if "groups" in data and not ({"apiVersion", "kind"} & set(data)):
                return RULES
            if "rule_files" in data or _looks_like_rule_tests(data.get("tests")):
                return TESTS
            if data and set(data) <= _RULE_KEYS | {"name", "interval", "limit", "query_offset"} and "rules" in data:
                return RULES  # a bare group: reported as a shape problem
        if isinstance(data, list) and data and all(isinstance(i, dict) for i in data):
            keys = set().union(*data)
            if keys & {"alert", "record"} or {"name", "rules"} <= keys:
                return RULES  # a list of groups or rules without `groups:`: reported as a shape problem
        return None

    def dialect(self, ctx: Context) -> Dialect:
        """The project's target Prometheus (``prometheus_version``), parsed once per run."""
        from monitoring_as_code.prometheus.dialect import Dialect

        if "prometheus-dialect" not in ctx.extra:
            from monitoring_as_code.errors import UsageError

            try:
                ctx.extra["prometheus-dialect"] = Dialect.parse(ctx.project.get("prometheus_version"))
            except ValueError as exc:
                raise UsageError(str(exc), "set prometheus_version = 2.42 (or 3.5...) in setup.cfg") from None
        return ctx.extra["prometheus-dialect"]

    def validate(self, doc: Document, ctx: Context) -> list[Problem]:
        if doc.kind == RULES:
            from monitoring_as_code.prometheus.rulecheck import check_rule_document

            return check_rule_document(doc, self.dialect(ctx))
        from monitoring_as_code.prometheus.testcheck import check_test_document

        return check_test_document(doc, self.dialect(ctx))

    def split(self, doc: Document, ways: int) -> list[Document]:
        """A rule document as runs of whole groups with about the same number of rules each."""
        from monitoring_as_code.core.document import DocumentPart
        from monitoring_as_code.prometheus.documents import groups_path

        if doc.kind != RULES or ways < 2:
            return [doc]
        where = groups_path(doc)
        groups: Any = doc.data
        for key in where:
            groups = groups.get(key) if isinstance(groups, dict) else None
        if not isinstance(groups, list) or len(groups) < 2:
            return [doc]
        sizes = [len(g["rules"]) if isinstance(g, dict) and isinstance(g.get("rules"), list) else 1 for g in groups]
        parts: list[Document] = []
        share, start, count = sum(sizes) / ways, 0, 0
        for i, size in enumerate(sizes):
            count += size
            if count >= share * (len(parts) + 1) and len(parts) < ways - 1 and i + 1 < len(groups):
                parts.append(DocumentPart.of(doc, where, start, i + 1))
                start = i + 1
        parts.append(DocumentPart.of(doc, where, start, len(groups)))
        return parts

    def validate_across(self, doc: Document, ctx: Context) -> list[Problem]:
        from monitoring_as_code.prometheus.rulecheck import check_rules_across

        return check_rules_across(doc, self.dialect(ctx)) if doc.kind == RULES else []

    def tool_check(self, docs: list[Document], staged_dir: str, ctx: Context) -> list[Problem]:
        from monitoring_as_code.prometheus.toolcheck import promtool_check

        return promtool_check([d for d in docs if d.kind == RULES], staged_dir, ctx)

    def run_tests(self, docs: list[Document], staged_dir: str, ctx: Context) -> list[TestResult]:
        from monitoring_as_code.prometheus.testrun import run_rule_tests

        return run_rule_tests([d for d in docs if d.kind == TESTS], staged_dir, ctx)


def tool_missing(ctx: Context, doing: str) -> list[Problem]:
    """An info problem when promtool is absent (a ToolNotFoundError under MAC_REQUIRE_TOOLS=1)."""
    from monitoring_as_code.core.tools import install_hint
    from monitoring_as_code.errors import ToolNotFoundError

    if ctx.require_tools:
        raise ToolNotFoundError("promtool", install_hint("promtool"))
    return [Problem(Severity.INFO, "promtool/missing", f"promtool not found: {doing} skipped", install_hint("promtool"))]
