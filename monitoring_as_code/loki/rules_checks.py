"""Checks of Loki ruler rule files (compiled or raw): shape, LogQL syntax, durations, labels.

* ``logql/syntax``: the expression does not parse (line and column inside the expression, hint).
* ``loki/rule``: the file's shape (groups, names, alert/record, unknown keys), a log query where a
  metric query is needed, invalid record names, bad durations.
* ``loki/rule-severity``: an alert without ``severity``, or a value Alertmanager routes don't know.
* ``loki/rule-labels``: an annotation or label template uses ``$labels.X`` that the query drops.
"""

from __future__ import annotations

import re
from typing import Any

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.problem import Problem, Severity
from monitoring_as_code.loki.duration import HINT as DURATION_HINT
from monitoring_as_code.loki.duration import duration_error
from monitoring_as_code.loki.keycheck import suggest

GROUP_KEYS = ("name", "interval", "limit", "rules", "query_offset", "labels")
RULE_KEYS = ("alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations")
SEVERITIES = ("critical", "warning", "info")
_METRIC_NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")
_LABEL_REF = re.compile(r"\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)|\.Labels\.([a-zA-Z_][a-zA-Z0-9_]*)")


def check_rules(doc: Document) -> list[Problem]:
    """Every problem of one ``loki/rules`` document.

    :param doc: a compiled or raw Loki ruler rule file
    """
    data = doc.data
    groups = data.get("groups") if isinstance(data, dict) else None
    if not isinstance(groups, list):
        return [doc.problem((), "loki/rule", "a rule file needs a `groups:` list",
                            "write groups: [{name: ..., rules: [...]}]")]
    problems: list[Problem] = []
    names: set[Any] = set()
    for i, group in enumerate(groups):
        path = ("groups", i)
        if not isinstance(group, dict):
            problems.append(doc.problem(path, "loki/rule", "a group must be a mapping", "give it name: and rules:"))
            continue
        problems += _unknown(doc, path, group, GROUP_KEYS)
        name = group.get("name")
        if not name:
            problems.append(doc.problem(path, "loki/rule", "a group needs a name", "add name: <group name>"))
        elif str(name) in names:
            problems.append(doc.problem(path + ("name",), "loki/rule", f"duplicate group name {name!r}",
                                        "group names must be unique within a file"))
        names.add(str(name))
        problems += _duration(doc, path, group, "interval")
        rules = group.get("rules")
        if not isinstance(rules, list):
            problems.append(doc.problem(path, "loki/rule", "a group needs a `rules:` list", "add rules: [...]"))
            continue
        for j, rule in enumerate(rules):
            problems += _rule(doc, path + ("rules", j), rule)
    return problems


def _unknown(doc: Document, path: tuple, node: dict, known: tuple[str, ...]) -> list[Problem]:
    problems = []
    for key in node:
        if key not in known:
            close = suggest(key, known)
            problems.append(doc.problem(path + (key,), "loki/rule", f"unknown key `{key}`",
                                        f"did you mean `{close}`?" if close else "allowed: " + ", ".join(known)))
    return problems


def _duration(doc: Document, path: tuple, node: dict, key: str) -> list[Problem]:
    if key in node and duration_error(node[key]):
        return [doc.problem(path + (key,), "loki/rule", f"`{key}`: {duration_error(node[key])}", DURATION_HINT)]
    return []


def _rule(doc: Document, path: tuple, rule: Any) -> list[Problem]:
    from monitoring_as_code.loki.logql import LogQLSyntaxError, parse

    if not isinstance(rule, dict):
        return [doc.problem(path, "loki/rule", "a rule must be a mapping", "give it alert: or record:, and expr:")]
    problems = _unknown(doc, path, rule, RULE_KEYS)
    for section in ("labels", "annotations"):
        if not isinstance(rule.get(section), (dict, type(None))):
            problems.append(doc.problem(path + (section,), "loki/rule", f"`{section}` must be a mapping",
                                        f"{section}: {{name: value}}"))
            return problems
    if ("alert" in rule) == ("record" in rule):
        problems.append(doc.problem(path, "loki/rule", "a rule needs exactly one of `alert` or `record`",
                                    "name an alert (alert: HighErrorRate) or a recorded metric (record: job:x:rate5m)"))
    if "record" in rule and not _METRIC_NAME.match(str(rule["record"])):
        problems.append(doc.problem(path + ("record",), "loki/rule", f"invalid metric name {rule['record']!r}",
                                    "use letters, digits, _ and :, e.g. job:log_errors:rate5m"))
    problems += _duration(doc, path, rule, "for") + _duration(doc, path, rule, "keep_firing_for")
    expr = rule.get("expr")
    if not isinstance(expr, str) or not expr.strip():
        problems.append(doc.problem(path, "loki/rule", "a rule needs an `expr`", "add a LogQL metric query"))
        return problems
    try:
        query = parse(expr)
    except LogQLSyntaxError as exc:
        where = f"line {exc.line}, column {exc.column}" if "\n" in expr.strip() else f"column {exc.column}"
        problems.append(doc.problem(path + ("expr",), "logql/syntax", f"LogQL syntax error at {where}: {exc.message}",
                                    exc.hint, details=_caret(expr, exc.line, exc.column)))
        return problems
    if query.kind == "log":
        problems.append(doc.problem(path + ("expr",), "loki/rule",
                                    "a rule needs a metric query, not a log query",
                                    'wrap it: sum by (job) (count_over_time(<query> [5m])) > 0'))
        return problems
    if "alert" in rule:
        problems += _severity(doc, path, rule)
        problems += _label_refs(doc, path, rule, query.labels)
    return problems


def _caret(expr: str, line: int, column: int) -> str:
    text = expr.split("\n")[line - 1] if line <= len(expr.split("\n")) else expr
    return f"{text}\n{' ' * (column - 1)}^"


def _severity(doc: Document, path: tuple, rule: dict) -> list[Problem]:
    labels = rule.get("labels") or {}
    severity = labels.get("severity") if isinstance(labels, dict) else None
    if severity is None:
        return [doc.problem(path + ("labels",), "loki/rule-severity", f"alert {rule.get('alert')!r} has no severity",
                            "add labels={'severity': 'warning'} (or critical, info) so Alertmanager routes it",
                            Severity.WARNING)]
    if severity not in SEVERITIES:
        return [doc.problem(path + ("labels", "severity"), "loki/rule-severity", f"unknown severity {severity!r}",
                            "use one of " + ", ".join(SEVERITIES) + " (the values the Alertmanager routes match)")]
    return []


def _label_refs(doc: Document, path: tuple, rule: dict, kept: frozenset[str] | None) -> list[Problem]:
    if kept is None:
        return []
    problems = []
    for section in ("annotations", "labels"):
        for key, text in (rule.get(section) or {}).items():
            for match in _LABEL_REF.finditer(str(text)):
                label = match.group(1) or match.group(2)
                if label not in kept:
                    problems.append(doc.problem(
                        path + (section, key), "loki/rule-labels",
                        f"`{key}` uses $labels.{label}, which the query does not keep (it keeps: "
                        f"{', '.join(sorted(kept)) or 'no labels'})",
                        f"add {label} to the aggregation's by (...), or stop using it", Severity.WARNING))
    return problems
