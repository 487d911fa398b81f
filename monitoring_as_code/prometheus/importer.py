"""``mac import rules FILE.yml``: Python source that rebuilds the same rules with this library.

Accepts plain rule files and PrometheusRule custom resources (one RuleFile per document).
Building the output gives YAML semantically equal to the input: same groups in the same
order, the same expressions, durations, labels and annotations.
"""

from __future__ import annotations

import keyword
import os
import re
from typing import Any

from monitoring_as_code.core.yamlsource import YamlSyntaxError, load_documents
from monitoring_as_code.errors import UsageError

_GROUP_KEYS = ("name", "interval", "limit", "query_offset", "rules")
_ALERT_KEYS = ("alert", "expr", "for", "keep_firing_for", "labels", "annotations")
_RECORD_KEYS = ("record", "expr", "labels")
_INDENT = "    "


def scalar_text(value: Any) -> str:
    """A YAML scalar as Prometheus reads it into a string field (``true`` stays ``true``, ``5`` is ``5``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def _quote(text: str) -> str:
    """``repr`` with double quotes when the text has none (the usual Python style)."""
    literal = repr(text)
    if literal.startswith("'") and '"' not in text:
        literal = '"' + literal[1:-1].replace("\\'", "'") + '"'
    return literal


def _string(value: Any, indent: str) -> str:
    text = scalar_text(value)
    if "\n" not in text.rstrip("\n") or len(text) < 40:
        return _quote(text)
    lines = text.splitlines(keepends=True)
    inner = indent + _INDENT
    return "(\n" + "".join(f"{inner}{_quote(line)}\n" for line in lines) + indent + ")"


def _mapping(value: dict, indent: str) -> str:
    if not value:
        return "{}"
    inner = indent + _INDENT
    items = "".join(f"{inner}{_quote(scalar_text(k))}: {_string(v, inner)},\n" for k, v in value.items())
    return "{\n" + items + indent + "}"


def _fail(where: str, message: str) -> UsageError:
    return UsageError(f"{where}: {message}", "fix the file (`mac check FILE` shows every problem), then import again")


def _rule(rule: Any, where: str, indent: str) -> str:
    if not isinstance(rule, dict):
        raise _fail(where, "a rule must be a mapping")
    is_alert = rule.get("alert") not in (None, "")
    allowed = _ALERT_KEYS if is_alert else _RECORD_KEYS
    unknown = [k for k in rule if k not in allowed]
    if unknown:
        raise _fail(where, f"field(s) {', '.join(map(str, unknown))} cannot be in this rule")
    inner = indent + _INDENT
    cls, name_key = ("AlertingRule", "alert") if is_alert else ("RecordingRule", "record")
    args = [f"{inner}{_string(rule.get(name_key, ''), inner)},\n", f"{inner}{_string(rule.get('expr', ''), inner)},\n"]
    for key in allowed[2:]:
        if rule.get(key) is None:
            continue
        arg = "for_" if key == "for" else key
        value = _mapping(rule[key], inner) if key in ("labels", "annotations") else _string(rule[key], inner)
        if key in ("labels", "annotations") and not isinstance(rule[key], dict):
            raise _fail(where, f"{key} must be a mapping")
        args.append(f"{inner}{arg}={value},\n")
    return f"{indent}{cls}(\n" + "".join(args) + f"{indent}),\n"


def _group(group: Any, where: str, indent: str) -> str:
    if not isinstance(group, dict):
        raise _fail(where, "a group must be a mapping")
    unknown = [k for k in group if k not in _GROUP_KEYS]
    if unknown:
        raise _fail(where, f"group field(s) {', '.join(map(str, unknown))} are not Prometheus rule-file fields")
    inner = indent + _INDENT
    rules = group.get("rules") or []
    if not isinstance(rules, list):
        raise _fail(where, "`rules` must be a list")
    body = "".join(_rule(r, f"{where}.rules[{i}]", inner + _INDENT) for i, r in enumerate(rules))
    out = f"{indent}RuleGroup(\n{inner}{_string(group.get('name', ''), inner)},\n{inner}[\n{body}{inner}],\n"
    for key in ("interval", "limit", "query_offset"):
        if group.get(key) is not None:
            value = repr(group[key]) if key == "limit" else _string(group[key], inner)
            out += f"{inner}{key}={value},\n"
    return out + f"{indent}),\n"


def _identifier(text: str) -> str:
    name = re.sub(r"\W+", "_", text).strip("_").lower() or "rules"
    if name[0].isdigit() or keyword.iskeyword(name):
        name = "rules_" + name
    return name


def _groups_of(doc: Any, where: str) -> tuple[list, str | None]:
    if isinstance(doc, dict) and doc.get("kind") == "PrometheusRule":
        spec = doc.get("spec")
        metadata = doc.get("metadata")
        name = metadata.get("name") if isinstance(metadata, dict) else None
        return (spec.get("groups") if isinstance(spec, dict) else None) or [], name
    if isinstance(doc, dict) and "groups" in doc:
        extra = [k for k in doc if k != "groups"]
        if extra:
            raise _fail(where, f"top-level field(s) {', '.join(map(str, extra))} are not rule-file fields")
        return doc.get("groups") or [], None
    raise _fail(where, "not a rule file (`groups:`) or a PrometheusRule resource")


def import_rules(text: str, filename: str) -> str:
    """Python source building the rules of ``text`` (the content of ``filename``).

    :param text: a rule file or PrometheusRule resource(s), as YAML
    :param filename: its name; the rule file is named after it (a resource: after ``metadata.name``)
    :raises UsageError: when the YAML is invalid or holds no rules
    """
    try:
        docs = load_documents(text)
    except YamlSyntaxError as exc:
        raise UsageError(f"{filename}:{exc.line}: invalid YAML: {exc.message}") from None
    if not docs:
        raise UsageError(f"{filename}: no rules in this file")
    stem = os.path.splitext(os.path.basename(filename))[0]
    files: list[str] = []
    names: set[str] = set()
    for index, doc in enumerate(docs):
        groups, cr_name = _groups_of(doc, f"{filename} document {index + 1}")
        if not isinstance(groups, list):
            raise _fail(filename, "`groups` must be a list")
        file_name = cr_name or (stem if len(docs) == 1 else f"{stem}-{index + 1}")
        variable = _identifier(file_name)
        while variable in names:
            variable += "_"
        names.add(variable)
        body = "".join(_group(g, f"groups[{i}]", _INDENT * 2) for i, g in enumerate(groups))
        files.append(f"{variable} = RuleFile(\n{_INDENT}[\n{body}{_INDENT}],\n{_INDENT}name={_quote(file_name)},\n)\n")
    used = [c for c in ("AlertingRule", "RecordingRule", "RuleFile", "RuleGroup") if c + "(" in "".join(files)]
    header = (
        f'"""Rules imported from {os.path.basename(filename)} by `mac import rules`; edit here from now on."""\n\n'
        f"from monitoring_as_code.prometheus import {', '.join(used)}\n\n"
    )
    return header + "\n\n".join(files)
