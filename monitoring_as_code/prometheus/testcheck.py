"""``mac check`` of a promtool rule-test document (compiled from RuleTests, or a raw test file)."""

from __future__ import annotations

import glob
import os
from typing import Any

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.problem import Problem, Severity
from monitoring_as_code.prometheus import durations
from monitoring_as_code.prometheus.dialect import Dialect
from monitoring_as_code.prometheus.promql import expr_issues
from monitoring_as_code.prometheus.series import HINT as SERIES_HINT
from monitoring_as_code.prometheus.series import series_error, values_error

FILE_FIELDS = ("rule_files", "evaluation_interval", "group_eval_order", "tests")
GROUP_FIELDS = ("name", "interval", "input_series", "alert_rule_test", "promql_expr_test", "external_labels",
                "external_url")
SERIES_FIELDS = ("series", "values")
ALERT_TEST_FIELDS = ("eval_time", "alertname", "exp_alerts")
EXP_ALERT_FIELDS = ("exp_labels", "exp_annotations")
PROMQL_TEST_FIELDS = ("expr", "eval_time", "exp_samples")
SAMPLE_FIELDS = ("labels", "value")
SHAPE_HINT = "a promtool test file has rule_files: [...] and tests: [{name, interval, input_series, alert_rule_test...}]"

Path = tuple[Any, ...]


class TestFileChecker:
    """Checks one ``prometheus/rule-tests`` document.

    :param doc: the document
    :param dialect: the Prometheus version (for PromQL in ``promql_expr_test``)
    """

    __test__ = False  # not a pytest class

    def __init__(self, doc: Document, dialect: Dialect) -> None:
        self.doc = doc
        self.dialect = dialect
        self.problems: list[Problem] = []

    def report(self, path: Path, message: str, hint: str, check: str = "rule-tests/schema",
               severity: Severity = Severity.BUG) -> None:
        self.problems.append(self.doc.problem(path, check, message, hint, severity))

    def fields(self, node: Any, path: Path, allowed: tuple[str, ...], what: str) -> bool:
        if not isinstance(node, dict):
            self.report(path, f"{what} must be a mapping", SHAPE_HINT)
            return False
        for key in node:
            if key not in allowed:
                self.report(path + (key,), f"field {key!r} is not allowed in {what}",
                            f"fields of {what}: {', '.join(allowed)}", "rule-tests/unknown-field")
        return True

    def items(self, node: dict, key: str, path: Path) -> list[tuple[Path, Any]]:
        value = node.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.report(path + (key,), f"`{key}` must be a list", SHAPE_HINT)
            return []
        return [(path + (key, i), item) for i, item in enumerate(value)]

    def duration(self, node: dict, key: str, path: Path, required: bool = False) -> None:
        if node.get(key) is None:
            if required:
                self.report(path, f"`{key}` is missing", f"add `{key}: 5m` (time since the series start)")
            return
        error = durations.duration_error(node[key])
        if error:
            self.report(path + (key,), f"{key}: {error}", durations.HINT, "rule-tests/duration")

    def run(self) -> list[Problem]:
        """Every problem of the test file: top-level fields, rule files, then each test group."""
        data = self.doc.data
        if not self.fields(data, (), FILE_FIELDS, "a test file"):
            return self.problems
        self.rule_files(data)
        self.duration(data, "evaluation_interval", ())
        names: dict[str, Path] = {}
        for path, group in self.items(data, "tests", ()):
            if not self.fields(group, path, GROUP_FIELDS, "a test group"):
                continue
            name = str(group.get("name") or "")
            if name in names:
                self.report(path + ("name",), f"test name {name!r} is used twice in this file",
                            "give every test its own name so its result can be told apart",
                            "rule-tests/duplicate-name", Severity.WARNING)
            names.setdefault(name, path)
            self.duration(group, "interval", path)
            self.group(group, path)
        return self.problems

    def rule_files(self, data: dict) -> None:
        files = data.get("rule_files")
        if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
            self.report(("rule_files",) if "rule_files" in data else (), "`rule_files` must be a list of paths",
                        "list the rule files under test, relative to this file")
            return
        if self.doc.compiled:
            return
        base = os.path.dirname(os.path.abspath(self.doc.file))
        for i, pattern in enumerate(files):
            full = pattern if os.path.isabs(pattern) else os.path.join(base, pattern)
            if not glob.glob(full):
                self.report(("rule_files", i), f"rule file {pattern!r} not found", "paths are relative to the test file",
                            "rule-tests/rule-file")

    def group(self, group: dict, path: Path) -> None:
        for spath, series in self.items(group, "input_series", path):
            if not self.fields(series, spath, SERIES_FIELDS, "an input series"):
                continue
            error = series_error(series.get("series"))
            if error:
                self.report(spath + ("series",), error, 'write the series as metric{label="value"}',
                            "rule-tests/series")
            error = values_error(series.get("values", ""))
            if error:
                self.report(spath + ("values",), error, SERIES_HINT, "rule-tests/series")
        for apath, test in self.items(group, "alert_rule_test", path):
            if not self.fields(test, apath, ALERT_TEST_FIELDS, "an alert_rule_test"):
                continue
            self.duration(test, "eval_time", apath, required=True)
            if not isinstance(test.get("alertname"), str) or not test.get("alertname"):
                self.report(apath, "`alertname` is missing", "name the alert this test checks")
            for epath, alert in self.items(test, "exp_alerts", apath):
                self.fields(alert, epath, EXP_ALERT_FIELDS, "an expected alert")
        for ppath, test in self.items(group, "promql_expr_test", path):
            if not self.fields(test, ppath, PROMQL_TEST_FIELDS, "a promql_expr_test"):
                continue
            self.duration(test, "eval_time", ppath, required=True)
            expr = test.get("expr")
            if expr in (None, ""):
                self.report(ppath, "`expr` is missing", "add the PromQL expression to evaluate")
            else:
                for issue in expr_issues(expr, self.dialect):
                    self.report(ppath + ("expr",), issue.message, issue.hint, issue.check, issue.severity)
            for spath, sample in self.items(test, "exp_samples", ppath):
                if self.fields(sample, spath, SAMPLE_FIELDS, "an expected sample"):
                    labels = sample.get("labels")
                    if labels not in (None, "") and series_error(labels):
                        self.report(spath + ("labels",), str(series_error(labels)),
                                    'write labels as metric{label="value"} or {label="value"}', "rule-tests/series")


def check_test_document(doc: Document, dialect: Dialect) -> list[Problem]:
    """Every problem of one ``prometheus/rule-tests`` document."""
    return TestFileChecker(doc, dialect).run()
