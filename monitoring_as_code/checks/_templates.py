"""Alert templates (Go text/template, as Prometheus expands them): label references and mistakes.

This is not a full Go template parser: it finds what alert templates get wrong in practice
(unbalanced ``{{ }}``, an ``{{ end }}`` too many or too few, undefined variables such as
``$label``, unknown functions such as ``humanise``) and the labels a template reads.
"""

from __future__ import annotations

import re

#: variables Prometheus defines for alert templates
PROMETHEUS_VARIABLES = frozenset({"labels", "value", "externalLabels", "externalURL"})
#: Prometheus's template functions and Go's builtins
FUNCTIONS = frozenset(
    ["args", "first", "humanize", "humanize1024", "humanizeDuration", "humanizePercentage", "humanizeTimestamp", "label", "match", "query", "reReplaceAll", "safeHtml", "sortByLabel", "stripPort", "stripDomain", "strvalue", "title", "toUpper", "toLower", "value", "graphLink", "tableLink", "pathPrefix", "externalURL", "parseDuration", "toTime", "toDuration", "now", "urlUnescape", "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf", "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne"]
)
KEYWORDS = frozenset({"if", "else", "end", "range", "with", "define", "template", "block", "break", "continue", "nil", "true", "false"})
_OPENERS = frozenset({"if", "range", "with", "define", "block"})

_ACTION = re.compile(r"\{\{-?(.*?)-?\}\}", re.DOTALL)
_LABEL_REF = re.compile(r"(?:\$labels|\.Labels)\.([A-Za-z_][A-Za-z0-9_]*)|index\s+(?:\$labels|\.Labels)\s+\"([^\"]+)\"")
_STRING = re.compile(r"\"(?:[^\"\\]|\\.)*\"|`[^`]*`|'(?:[^'\\]|\\.)*'")
_VARIABLE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_DECLARATION = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)\s*(?:,\s*\$([A-Za-z_][A-Za-z0-9_]*)\s*)?:?=")
_COMMAND_WORD = re.compile(r"(?:^|\||\()\s*([A-Za-z_][A-Za-z0-9_]*)")


def label_refs(text: str) -> list[str]:
    """Labels a template reads: ``$labels.x``, ``.Labels.x``, ``index $labels "x"``."""
    if "abels" not in text or "{{" not in text:  # every reference names `$labels` or `.Labels` in an action
        return []
    found = []
    for action in _ACTION.findall(text):
        for dotted, indexed in _LABEL_REF.findall(action):
            found.append(dotted or indexed)
    return found


def uses_value(text: str) -> bool:
    """Whether a template reads the alert's value (``$value``, ``.Value``)."""
    if "alue" not in text or "{{" not in text:  # `$value` or `.Value`, in an action
        return False
    return any(re.search(r"\$value\b|\.Value\b", action) for action in _ACTION.findall(text))


def mistakes(text: str) -> list[str]:
    """What is wrong with a template, one sentence each (empty when nothing is found)."""
    if "{{" not in text and "}}" not in text:
        return []
    problems: list[str] = []
    stripped = _ACTION.sub("", text)
    if "{{" in stripped or "}}" in stripped:
        problems.append("unbalanced `{{`/`}}`: an action is not closed (or closed twice)")
    declared: set[str] = set()
    depth = 0
    for action in _ACTION.findall(text):
        code = _STRING.sub('""', action).strip()
        if code.startswith("/*"):
            continue
        for first, second in _DECLARATION.findall(code):
            declared.update(n for n in (first, second) if n)
        for name in _VARIABLE.findall(code):
            if name not in PROMETHEUS_VARIABLES and name not in declared:
                hint = " (did you mean `$labels`?)" if name.lower().startswith("label") else ""
                problems.append(f"undefined variable `${name}`{hint}")
        words = _COMMAND_WORD.findall(code)
        if words and words[0] in _OPENERS:
            depth += 1
        elif words and words[0] == "end":
            depth -= 1
            if depth < 0:
                problems.append("`{{ end }}` without an opening `if`, `range` or `with`")
                depth = 0
        for word in words:
            if word not in FUNCTIONS and word not in KEYWORDS:
                problems.append(f"unknown template function `{word}`")
    if depth > 0:
        problems.append("an `if`, `range` or `with` is not closed by `{{ end }}`")
    return problems
