"""``mac test`` for rules: every compiled and raw promtool test file in one ``promtool test rules``.

Each test group becomes a TestResult located at its RuleTest definition (or raw file line),
with promtool's expected/got block verbatim when it fails.
"""

from __future__ import annotations

import os

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.target import Context, TestResult
from monitoring_as_code.core.tools import find_tool, install_hint
from monitoring_as_code.errors import ToolNotFoundError
from monitoring_as_code.prometheus.promtool import FileResult, test_rules

TARGET = "prometheus-rules"


def _test_file(doc: Document, staged_dir: str) -> str:
    if doc.compiled:
        return os.path.join(staged_dir, str(doc.artifact))
    # Raw test files run where they are: their rule_files are relative to them.
    return os.path.abspath(doc.file)


def _results(doc: Document, result: FileResult, output: str) -> list[TestResult]:
    tests = doc.data.get("tests") if isinstance(doc.data, dict) else None
    tests = tests if isinstance(tests, list) else []
    results: list[TestResult] = []
    where = os.path.basename(doc.artifact or doc.file)
    for i, group in enumerate(tests):
        raw_name = str(group.get("name") or "") if isinstance(group, dict) else ""
        name = raw_name or f"{where} tests[{i}]"
        location = doc.locate(("tests", i))
        if not result.seen:
            details = "promtool did not run this file:\n" + output.strip()
            results.append(TestResult(name, False, location, details, TARGET))
        elif raw_name in result.failures:
            results.append(TestResult(name, False, location, result.failures[raw_name], TARGET))
        elif result.errors:
            # promtool does not name the group an early error (series or rules not loading) belongs to.
            details = "promtool reported, for this file:\n" + "\n".join(result.errors)
            results.append(TestResult(name, False, location, details, TARGET))
        else:
            results.append(TestResult(name, True, location, "", TARGET))
    if not tests and result.errors:
        results.append(TestResult(where, False, doc.locate(()), "\n".join(result.errors), TARGET))
    return results


def run_rule_tests(docs: list[Document], staged_dir: str, ctx: Context) -> list[TestResult]:
    """Run every test document; raises ToolNotFoundError without promtool (tests cannot pass unrun)."""
    if not docs:
        return []
    promtool = find_tool("promtool", ctx.project.environ)
    if promtool is None:
        raise ToolNotFoundError("promtool", install_hint("promtool") + " (mac test runs rule tests with it)")
    files: dict[str, Document] = {}
    for doc in docs:
        files.setdefault(_test_file(doc, staged_dir), doc)
    outcomes, output = test_rules(promtool, list(files))
    results: list[TestResult] = []
    for path, doc in files.items():
        results.extend(_results(doc, outcomes[path], output))
    return results
