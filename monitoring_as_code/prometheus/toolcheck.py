"""``promtool check rules`` on every rule document of a run, in one process, mapped back to our locations.

Compiled rule files are checked as staged; raw files and PrometheusRule resources are
written out as plain rule files first (promtool cannot read custom resources). Each promtool
error becomes a ``promtool/check`` Problem at the rule (or field) it names, and so at the
Python line or the raw file's line.
"""

from __future__ import annotations

import os
import re
from typing import Any

import yaml

from monitoring_as_code.core.cache import PROBLEMS as PER_DOCUMENT_PROBLEMS
from monitoring_as_code.core.document import Document
from monitoring_as_code.core.encode import dump_yaml, format_path
from monitoring_as_code.core.problem import Problem, Severity
from monitoring_as_code.core.target import Context
from monitoring_as_code.core.tools import find_tool
from monitoring_as_code.prometheus.documents import groups_path
from monitoring_as_code.prometheus.promtool import CheckIssue, check_rules
from monitoring_as_code.prometheus.rulecheck import OWN_CHECKS

HINT = "promtool check rules rejected this; fix the rule (run `promtool check rules` on the built file to see it)"
_FIELD = re.compile(r'^(label|annotation) "((?:[^"\\]|\\.)*)": ')
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _paths_by_line(text: str) -> dict[int, tuple]:
    """Line -> the deepest path that starts on it (for promtool errors that carry only a line)."""
    lines: dict[int, tuple] = {}

    def walk(node: yaml.Node, path: tuple, line: int) -> None:
        if len(path) >= len(lines.get(line, ())):
            lines[line] = path
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, path + (key.value,), key.start_mark.line + 1)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, path + (i,), item.start_mark.line + 1)

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.YAMLError:
        return lines
    if root is not None:
        walk(root, (), root.start_mark.line + 1)
    return lines


def _find_value(data: Any, wanted: str, path: tuple = ()) -> tuple | None:
    items: Any
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return path if str(data) == wanted else None
    for key, value in items:
        found = _find_value(value, wanted, path + (key,))
        if found is not None:
            return found
    return None


def _path_of(issue: CheckIssue, doc: Document, staged_text: str, line_index: dict) -> tuple:
    """The path in ``doc`` of what promtool complains about (staged files are plain rule files)."""
    base = groups_path(doc)[:-1]  # () or ("spec",)
    staged_path: tuple | None = None
    if issue.line:
        if not line_index:
            line_index.update(_paths_by_line(staged_text))
        staged_path = line_index.get(issue.line)
    groups = doc.data
    for key in base + ("groups",):
        groups = groups.get(key) if isinstance(groups, dict) else None
    groups = groups if isinstance(groups, list) else []
    if issue.group is not None:
        named = [i for i, g in enumerate(groups) if isinstance(g, dict) and g.get("name") == issue.group]
        if named:
            # A repeated group name: the line tells which of the groups promtool means.
            index = named[0]
            if staged_path is not None and len(staged_path) > 1 and staged_path[0] == "groups":
                index = staged_path[1] if staged_path[1] in named else index
            path: tuple = ("groups", index)
            field = _FIELD.match(issue.message)
            if issue.rule is not None:
                path += ("rules", issue.rule - 1)
                if field:
                    path += (field.group(1) + "s", field.group(2))
            if not field and staged_path and staged_path[: len(path)] == path:
                path = staged_path
            return base + path
    if staged_path:
        return base + staged_path
    quoted = _QUOTED.search(issue.message)
    if quoted:
        found = _find_value({"groups": groups}, quoted.group(1))
        if found is not None:
            return base + found
    return base


def promtool_check(docs: list[Document], staged_dir: str, ctx: Context) -> list[Problem]:
    """Problems from one ``promtool check rules`` over every rule document."""
    from monitoring_as_code.prometheus.target import rule_of, tool_missing

    if not docs:
        return []
    promtool = find_tool("promtool", ctx.project.environ)
    if promtool is None:
        return tool_missing(ctx, "promtool check rules")
    staged: dict[str, tuple[Document, str]] = {}
    for i, doc in enumerate(docs):
        if doc.artifact is not None and doc.text is not None:
            rel, text = doc.artifact, doc.text
        else:  # raw files (and custom resources) are checked as the plain rule file they hold
            node: Any = doc.data
            for key in groups_path(doc):
                node = node.get(key) if isinstance(node, dict) else None
            if not isinstance(doc.data, dict) or not isinstance(node, (list, type(None))):
                continue  # a shape problem our own check reports
            rel = os.path.join("promtool-input", str(i), os.path.basename(doc.file))
            text = dump_yaml({"groups": node or []}, header=False)
            os.makedirs(os.path.join(staged_dir, os.path.dirname(rel)), exist_ok=True)
            with open(os.path.join(staged_dir, rel), "w", encoding="utf-8") as fh:
                fh.write(text)
        staged[rel] = (doc, text)
    if not staged:
        return []
    issues, output = check_rules(promtool, list(staged), staged_dir)
    problems: list[Problem] = []
    understood = False
    for rel, found in issues.items():
        doc, text = staged[rel]
        line_index: dict = {}
        # Rules our own validation rejects (found here, in another process or served by the check
        # cache): promtool's word on them would only repeat ours.
        rejected = {
            rule_of(p.location.object_path) for p in doc.extra.get(PER_DOCUMENT_PROBLEMS, ())
            if p.severity >= Severity.BUG and p.check.startswith(OWN_CHECKS)
        }
        for issue in found:
            if not issue.message:
                continue
            understood = True
            path = _path_of(issue, doc, text, line_index)
            if rule_of(format_path(path)) in rejected:
                continue  # our own check already reports this rule as broken, at the same place
            problems.append(doc.problem(path, "promtool/check", issue.message, HINT, Severity.BUG))
    if not understood and "FAILED" in output:  # promtool failed in a way we could not read: show it all
        problems.append(Problem(Severity.BUG, "promtool/check", "promtool check rules failed", HINT, details=output))
    return problems
