"""``rule/duplicate``: the same rule defined in two files is evaluated twice: double notifications,
or two recording rules writing the same series (``duplicate sample`` errors and values flipping
between two expressions).

Duplicates inside one file are the rules target's ``rules/duplicate-rule`` (promtool's lint), so
this check reports only what no single file shows: the second file's copy."""

from __future__ import annotations

import json

from monitoring_as_code.checks.base import Check
from monitoring_as_code.core.problem import Severity

NAME = "rule/duplicate"


def _normalised(expr: object) -> str:
    """The expression without whitespace: `a>1` and `a > 1` are the same rule."""
    return "".join(str(expr).split())


_NO_LABELS: frozenset = frozenset()


def _labels_key(rule: dict) -> frozenset | str:
    """The rule's labels as a key: two rules' keys are equal exactly when their labels' JSON (keys
    sorted, other values as ``str()``) is, which is what "the same labels" has always meant here.

    Labels are strings nearly always: then their items are the key (no JSON written). Any other
    labels get their JSON text, or the items of the string labels with the same JSON.
    """
    labels = rule.get("labels")
    if not isinstance(labels, dict) or not labels:
        return _NO_LABELS
    if all(type(key) is str and type(value) is str for key, value in labels.items()):
        return frozenset(labels.items())
    return _json_key(labels)


def _json_key(labels: dict) -> frozenset | str:
    """:func:`_labels_key` of labels that are not all strings (``{1: "a"}``, ``{"since": date}``):
    their JSON text, unless string labels have the very same JSON (``{"1": "a"}``, ``{"since":
    "2024-01-01"}``): then those labels' key, so the two still match."""
    text = json.dumps(labels, sort_keys=True, default=str)
    same = json.loads(text)
    if all(type(key) is str and type(value) is str for key, value in same.items()) and (
        json.dumps(same, sort_keys=True) == text
    ):
        return frozenset(same.items())
    return text


class RuleDuplicateCheck(Check):
    """Identical alerting rules, and recording rules writing the same series with the same labels,
    in different files."""

    name = NAME
    severity = Severity.BUG

    def check_all(self, ctx):
        from monitoring_as_code.prometheus.documents import iter_rules

        first: dict[tuple, tuple] = {}  # key -> the first rule with it
        # An alert's key ends with its normalised expression, written only once a second alert has
        # the same name and labels (most alerts never do): until then the first one waits here.
        waiting: dict[tuple, tuple | None] = {}
        problems = []
        documents = ctx.of_kind("prometheus/rules")
        if len(documents) < 2:
            return problems  # one document: its duplicates are all rules/duplicate-rule's
        for doc in documents:
            for path, _group, rule in iter_rules(doc):
                this = (doc, path, rule)
                if "record" in rule:
                    key = ("record", str(rule.get("record")), _labels_key(rule))
                else:
                    named = ("alert", str(rule.get("alert")), _labels_key(rule))
                    alone = waiting.setdefault(named, this)
                    if alone is this:
                        continue
                    if alone is not None:  # the second of this name and labels: the first one's key now
                        first[named + (_normalised(alone[2].get("expr", "")),)] = alone
                        waiting[named] = None
                    key = named + (_normalised(rule.get("expr", "")),)
                earlier = first.setdefault(key, this)
                if earlier is this:
                    continue  # the first of its kind
                other_doc, other_path, other_rule = earlier
                if other_doc is doc:
                    continue  # rules/duplicate-rule reports duplicates inside one file
                where = other_doc.locate(other_path).short()
                if key[0] == "record":
                    same = _normalised(other_rule.get("expr", "")) == _normalised(rule.get("expr", ""))
                    message = (
                        f"recording rule {key[1]!r} with the same labels is already defined at {where}"
                        + ("" if same else " with a different expression: both write the same series")
                    )
                    hint = "keep one definition (or tell them apart with a label)"
                else:
                    message = f"alert {key[1]!r} with the same expression and labels is already defined at {where}"
                    hint = "delete one of them: both fire and notify"
                problems.append(self.problem(doc, path, message, hint))
        return problems
