"""``mac check`` of a rule document (a rule file or a PrometheusRule resource), compiled or raw.

Reports everything promtool rejects, each at its own path (so at its file:line), plus
warnings promtool's lint and Prometheus' naming practices give. Problems are data; nothing
here raises.
"""

from __future__ import annotations

import difflib
from typing import Any

from monitoring_as_code.core.document import Document, DocumentPart
from monitoring_as_code.core.problem import Problem, Severity
from monitoring_as_code.prometheus import durations, names
from monitoring_as_code.prometheus.dialect import Dialect
from monitoring_as_code.prometheus.promql import expr_issues
from monitoring_as_code.prometheus.templates import HINT as TEMPLATE_HINT
from monitoring_as_code.prometheus.templates import template_error

FILE_FIELDS = ("groups",)
GROUP_FIELDS = ("name", "interval", "limit", "query_offset", "rules")
#: PrometheusRule groups may carry Thanos' field; the operator passes it on.
CR_GROUP_FIELDS = GROUP_FIELDS + ("partial_response_strategy",)
ALERT_FIELDS = ("alert", "expr", "for", "keep_firing_for", "labels", "annotations")
RECORD_FIELDS = ("record", "expr", "labels")
RULE_FIELDS = ("record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations")
SHAPE_HINT = "a rule file is `groups:` holding a list of `{name: ..., rules: [...]}` mappings"
#: each field list as a set, for the one test that passes nodes with only known fields
_FIELD_SETS: dict[tuple[str, ...], frozenset[str]] = {
    fields: frozenset(fields) for fields in (FILE_FIELDS, GROUP_FIELDS, CR_GROUP_FIELDS, RULE_FIELDS)
}

Path = tuple[Any, ...]

#: the checks reported here (a rule file's other problems come from the catalogue in ``checks/``)
OWN_CHECKS = ("rules/", "promql/syntax", "promql/version", "promql/experimental")


#: what a label or annotation value may be (YAML reads `1` and `true` unquoted)
_SCALARS = (str, int, float, bool)


class RuleChecker:
    """Checks one rule document for one Prometheus dialect.

    :param doc: a ``prometheus/rules`` Document
    :param dialect: the Prometheus version the rules are for
    """

    def __init__(self, doc: Document, dialect: Dialect) -> None:
        self.doc = doc
        self.dialect = dialect
        self.problems: list[Problem] = []
        # label and annotation names found valid so far: rules repeat the same few names
        self._valid_names: dict[str, set] = {"label": set(), "annotation": set()}

    def report(self, path: Path, check: str, message: str, hint: str, severity: Severity = Severity.BUG) -> None:
        self.problems.append(self.doc.problem(path, check, message, hint, severity))

    def unknown_fields(self, node: dict, path: Path, allowed: tuple[str, ...], what: str) -> None:
        if _FIELD_SETS[allowed].issuperset(node):
            return
        for key in node:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f"did you mean `{close[0]}`? " if close else ""
                self.report(
                    path + (key,), "rules/unknown-field", f"field {key!r} is not allowed in {what}",
                    f"{hint}fields of {what}: {', '.join(allowed)} (promtool rejects unknown fields)",
                )

    def run(self) -> list[Problem]:
        """Every problem of the document: its shape, then each group and rule."""
        found = self.file()
        if found is not None:
            self.each_group(*found)
            self.across_groups(*found)
        return self.problems

    def run_part(self) -> list[Problem]:
        """A :class:`~monitoring_as_code.core.document.DocumentPart`: only what each group shows on
        its own; the whole document's :meth:`run_across` reports the file and what spans groups."""
        found = RuleChecker(self.doc, self.dialect).file()  # its problems are the whole document's to report
        if found is not None:
            self.each_group(*found)
        return self.problems

    def run_across(self) -> list[Problem]:
        """The file's shape and what spans groups (duplicates), for a document validated in parts."""
        found = self.file()
        if found is not None:
            self.across_groups(*found)
        return self.problems

    def file(self) -> tuple[Path, list] | None:
        """The groups list and its path, after the file-level checks (``None``: no list to walk)."""
        data = self.doc.data
        base: Path = ()
        if isinstance(data, dict) and data.get("kind") == "PrometheusRule":
            spec = data.get("spec")
            if not isinstance(spec, dict):
                self.report(("spec",), "rules/shape", "PrometheusRule has no `spec` mapping", "add spec: {groups: [...]}")
                return None
            data, base = spec, ("spec",)
            self.unknown_fields(spec, base, FILE_FIELDS, "a PrometheusRule spec")
        elif not isinstance(data, dict):
            self.report((), "rules/shape", f"a rule file must be a mapping, not a {type(data).__name__}", SHAPE_HINT)
            return None
        else:
            self.unknown_fields(data, (), FILE_FIELDS, "a rule file")
        groups = data.get("groups")
        if "groups" not in data:
            self.report(base, "rules/shape", "no `groups:` key", SHAPE_HINT)
            return None
        if groups is None:
            return None
        if not isinstance(groups, list):
            self.report(base + ("groups",), "rules/shape", "`groups` must be a list", SHAPE_HINT)
            return None
        return base, groups

    def each_group(self, base: Path, groups: list) -> None:
        """Each group that is a mapping, and its rules, on their own."""
        cr = bool(base)
        for i, group in enumerate(groups):
            if not isinstance(group, dict):
                continue
            path = base + ("groups", i)
            self.check_group(group, path, cr)
            rules = group.get("rules")
            if not isinstance(rules, list):
                continue
            for j, rule in enumerate(rules):
                rule_path = path + ("rules", j)
                if not isinstance(rule, dict):
                    self.report(rule_path, "rules/shape", "a rule must be a mapping with alert/record and expr", SHAPE_HINT)
                    continue
                self.check_rule(rule, rule_path)

    def across_groups(self, base: Path, groups: list) -> None:
        """Groups that are not mappings, and repeated group names and rules (which span groups)."""
        seen_groups: dict[str, int] = {}
        rules_seen = _RulesSeen()
        for i, group in enumerate(groups):
            path = base + ("groups", i)
            if not isinstance(group, dict):
                self.report(path, "rules/shape", f"group {i} must be a mapping", SHAPE_HINT)
                continue
            name = group.get("name")
            if isinstance(name, str) and name:
                if name in seen_groups:
                    self.report(
                        path + ("name",), "rules/duplicate-group",
                        f"group name {name!r} is repeated in the same file (first at groups[{seen_groups[name]}])",
                        "give every group in a file its own name, or merge the two groups",
                    )
                else:
                    seen_groups[name] = i
            rules = group.get("rules")
            if isinstance(rules, list):
                for j, rule in enumerate(rules):
                    if isinstance(rule, dict):
                        self.duplicate(rule, path, j, rules_seen)

    def check_group(self, group: dict, path: Path, cr: bool) -> None:
        """Fields, name, durations and target-version fields of one group."""
        self.unknown_fields(group, path, CR_GROUP_FIELDS if cr else GROUP_FIELDS, "a rule group")
        name = group.get("name")
        if not isinstance(name, str) or not name:
            self.report(
                path + ("name",) if "name" in group else path, "rules/shape", "group name must not be empty",
                "add `name: <group-name>`, unique in the file",
            )
        for key in ("interval", "query_offset"):
            if group.get(key) is not None:
                self.duration(group[key], path + (key,), key)
        if "limit" in group and group["limit"] is not None and (
            isinstance(group["limit"], bool) or not isinstance(group["limit"], int)
        ):
            self.report(path + ("limit",), "rules/shape", f"limit must be an integer, got {group['limit']!r}",
                        "set the most alerts/series one evaluation may produce, or 0 for no limit")
        for key in group:
            since = self.dialect.group_field_since(str(key))
            if since:
                self.report(
                    path + (key,), "rules/version", f"group field {key!r} needs Prometheus {since[0]}.{since[1]}+, "
                    f"the project targets {self.dialect}",
                    "remove it, or set prometheus_version in setup.cfg [monitoring_as_code] if your Prometheus is newer",
                )
        rules = group.get("rules")
        if rules is not None and not isinstance(rules, list):
            self.report(path + ("rules",), "rules/shape", "`rules` must be a list", SHAPE_HINT)

    def duration(self, value: Any, path: Path, field: str) -> None:
        error = durations.duration_error(value)
        if error:
            self.report(path, "rules/duration", f"{field}: {error}", durations.HINT)

    def check_rule(self, rule: dict, path: Path) -> None:
        """One rule: alert/record, expr (PromQL), durations, labels, annotations and their templates."""
        alert, record = rule.get("alert"), rule.get("record")
        is_alert = alert not in (None, "")
        is_record = record not in (None, "")
        self.unknown_fields(rule, path, RULE_FIELDS, "a rule")
        if is_alert and is_record:
            self.report(path + ("record",), "rules/shape", "only one of 'record' and 'alert' must be set",
                        "split it into an alerting rule and a recording rule")
        elif not is_alert and not is_record:
            self.report(path, "rules/shape", "one of 'record' or 'alert' must be set",
                        "name the rule: `alert: CamelCaseName` or `record: level:metric:operations`")
        for key, name in (("alert", alert), ("record", record)):
            if name is not None and not isinstance(name, str):
                self.report(path + (key,), "rules/shape", f"{key} must be a string", f"quote the {key} name")
        expr = rule.get("expr")
        if expr is None or expr == "":
            self.report(path + ("expr",) if "expr" in rule else path, "rules/shape", "field 'expr' must be set in rule",
                        "add `expr: <PromQL>`")
        else:
            for issue in expr_issues(expr, self.dialect):
                self.report(path + ("expr",), issue.check, issue.message, issue.hint, issue.severity)
        if is_record and not is_alert:
            self.check_record(rule, path)
        for key in ("for", "keep_firing_for"):
            if rule.get(key) is not None:
                self.duration(rule[key], path + (key,), key)
        if "keep_firing_for" in rule:
            since = self.dialect.rule_field_since("keep_firing_for")
            if since:
                self.report(path + ("keep_firing_for",), "rules/version",
                            f"keep_firing_for needs Prometheus {since[0]}.{since[1]}+", "remove it or upgrade Prometheus")
        self.mapping(rule, path, "labels", "label", templates=is_alert)
        self.mapping(rule, path, "annotations", "annotation", templates=is_alert)

    def check_record(self, rule: dict, path: Path) -> None:
        record = rule.get("record")
        if isinstance(record, str):
            error = names.metric_name_error(record)
            if error:  # the level:metric:operations convention is the catalogue's `rule/name`
                self.report(path + ("record",), "rules/name", error, names.METRIC_HINT)
        for key in ("for", "keep_firing_for", "annotations"):
            if key in rule:
                self.report(path + (key,), "rules/shape", f"invalid field {key!r} in recording rule",
                            f"remove `{key}`: only alerting rules have it")

    def mapping(self, rule: dict, path: Path, key: str, what: str, templates: bool) -> None:
        value = rule.get(key)
        if value is None:
            return
        if not isinstance(value, dict):
            self.report(path + (key,), "rules/shape", f"{key} must be a mapping of names to strings",
                        f"write `{key}: {{name: value}}`")
            return
        valid_names = self._valid_names[what]
        new_names = not valid_names.issuperset(value)
        for name, text in value.items():
            if new_names:
                error = names.label_name_error(name, what)
                if error:
                    self.report(path + (key, name), "rules/name", error, names.LABEL_HINT)
                else:
                    valid_names.add(name)
            if not isinstance(text, _SCALARS) and text is not None:
                self.report(path + (key, name), "rules/shape", f"{what} {name!r} must be a string",
                            "quote the value")
            elif templates and isinstance(text, str):
                error = template_error(text, self.dialect)
                if error:
                    self.report(path + (key, name), "rules/template", f"{what} {name!r}: template: {error}",
                                TEMPLATE_HINT)

    def duplicate(self, rule: dict, group_path: Path, index: int, seen: _RulesSeen) -> None:
        # promtool's lint: the same name and the same labels twice in one file.
        name = rule.get("alert") or rule.get("record")
        labels = rule.get("labels")
        if not isinstance(name, str) or (labels is not None and not isinstance(labels, dict)):
            return
        first = seen.first(name, labels, group_path + ("rules", index))
        if first is not None:
            self.report(
                group_path + ("rules", index), "rules/duplicate-rule",
                f"duplicate rule {name!r}: same name and labels as groups[{first[-3]}].rules[{first[-1]}]",
                "remove the duplicate, or give the rules different labels (e.g. severity) so they can be told apart",
                Severity.WARNING,
            )


class _RulesSeen:
    """The rules of a file by name and labels, for :meth:`RuleChecker.duplicate`.

    Most names occur once, so a rule's labels are put in order only when a second rule of
    the same name comes (until then the first is only remembered).
    """

    def __init__(self) -> None:
        self._single: dict[str, tuple[dict | None, Path] | None] = {}  # name -> its only rule so far
        self._by_key: dict[tuple, Path] = {}  # (name, labels) -> first path, for repeated names

    def first(self, name: str, labels: dict | None, path: Path) -> Path | None:
        """The path of an earlier rule with ``name`` and ``labels``, or ``None`` (and this one is remembered)."""
        if name not in self._single:
            self._single[name] = (labels, path)
            return None
        single = self._single[name]
        if single is not None:  # the second rule of this name: the first one's key is due now
            self._by_key[_key(name, single[0])] = single[1]
            self._single[name] = None
        key = _key(name, labels)
        if key in self._by_key:
            return self._by_key[key]
        self._by_key[key] = path
        return None


def _key(name: str, labels: dict | None) -> tuple:
    return (name, tuple(sorted((str(k), str(v)) for k, v in (labels or {}).items())))


def check_rule_document(doc: Document, dialect: Dialect) -> list[Problem]:
    """Every problem of one ``prometheus/rules`` document (only its groups' for a part of one)."""
    checker = RuleChecker(doc, dialect)
    return checker.run_part() if isinstance(doc, DocumentPart) else checker.run()


def check_rules_across(doc: Document, dialect: Dialect) -> list[Problem]:
    """What a rule document validated in parts needs checked whole: its shape and duplicates."""
    return RuleChecker(doc, dialect).run_across()
