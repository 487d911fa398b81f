"""Checks across the rules and the Alertmanager config: do our alerts reach someone, and do
they carry the labels their routes group by and their inhibit rules compare?

Rules are read from every ``prometheus/rules`` document of the run (Python or raw), so
``mac check rules/ alertmanager/`` checks both sides together. Conservative by design: an alert
is only reported when its fixed labels decide its route (no route on the way depends on a
label its expression may set), and a label only counts as missing when the expression
certainly drops it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.encode import format_path
from monitoring_as_code.core.problem import Problem, Severity
from monitoring_as_code.core.target import Context

CONFIG = "alertmanager/config"


def _alerts(ctx: Context) -> Iterator[tuple[Document, tuple, dict]]:
    from monitoring_as_code.prometheus.documents import iter_rules

    for doc in ctx.of_kind("prometheus/rules"):
        for path, _group, rule in iter_rules(doc):
            if isinstance(rule.get("alert"), str):
                yield doc, path, rule


def _static_labels(rule: dict) -> dict[str, str]:
    labels = {str(k): str(v) for k, v in (rule.get("labels") or {}).items() if "{{" not in str(v)}
    labels["alertname"] = rule["alert"]
    return labels


def _may_carry(expr: Any, label: str) -> bool:
    """Whether the expression's result may carry ``label`` (``True`` whenever unsure)."""
    if not isinstance(expr, str):
        return True
    try:
        from monitoring_as_code.checks._labels import may_carry
    except ImportError:  # the PromQL label analysis is optional: without it, assume carried
        return True
    try:
        return may_carry(expr, label)
    except Exception:  # noqa: BLE001 - an analysis failure must never become a false report
        return True


def _decided(nodes: list, static: dict[str, str]) -> bool:
    """Whether every matcher on the way to ``nodes`` reads only the alert's fixed labels."""
    return all(m.name in static for node in nodes for m in node.matchers)


def _carries(rule: dict, static: dict[str, str], label: str) -> bool:
    return label in static or label in (rule.get("labels") or {}) or _may_carry(rule.get("expr"), label)


def _blackholes(config: dict) -> set[str]:
    return {
        str(r.get("name")) for r in config.get("receivers") or []
        if isinstance(r, dict) and not any(k.endswith("_configs") and r.get(k) for k in r)
    }


def _check_config(am: Document, ctx: Context) -> list[Problem]:
    from monitoring_as_code.alertmanager.inhibition import rules_of
    from monitoring_as_code.alertmanager.routing import tree_of

    try:
        tree = tree_of(am.data)
        inhibitions = rules_of(am.data)
    except (ValueError, AttributeError, TypeError):
        return []  # invalid matchers are reported by validation
    blackholes = _blackholes(am.data)
    problems: list[Problem] = []
    for doc, path, rule in _alerts(ctx):
        static = _static_labels(rule)
        where = f"alert {rule['alert']}" + (f" (severity={static['severity']})" if "severity" in static else "")
        every_node = list(tree.walk())
        nodes = tree.match(static)
        receivers = [n.receiver for n in nodes]
        # Only the default route counts: a route that sends alerts to a blackhole on purpose
        # (kube-prometheus' Watchdog -> "null") is a decision, not a mistake.
        by_default = any(node is tree for node in nodes)
        if by_default and all(r in blackholes for r in receivers) and _decided(every_node, static):
            problems.append(doc.problem(
                path, "alertmanager/unrouted-severity",
                f"{where} reaches no notifier: no route of Alertmanager {am.name} takes it, and the default "
                f"receiver {receivers[0]!r} has no notification config",
                f"add a route for severity={static.get('severity', '?')} to a real receiver in {am.file}",
                Severity.BUG,
            ))
        if not _decided(nodes, static):
            continue
        for node in nodes:
            if node.group_by_all or node.receiver in blackholes:
                continue  # a blackhole sends nothing, so its grouping does not matter
            for label in node.group_by:
                if not _carries(rule, static, label):
                    problems.append(doc.problem(
                        path + ("expr",), "alertmanager/group-by-label",
                        f"{where} is grouped by `{label}` at {format_path(node.path)} of {am.name}, "
                        f"but its expression drops `{label}`: all its alerts fall into one notification group",
                        f"keep `{label}` in the expression (e.g. `by ({label}, ...)`) or add it to the alert's labels",
                        Severity.WARNING,
                    ))
        for inhibition in inhibitions:
            sides = [("target", inhibition.target), ("source", inhibition.source)]
            for side, matchers in sides:
                if not matchers or not all(m.name in static for m in matchers):
                    continue
                if not all(m.matches(static) for m in matchers):
                    continue
                for label in inhibition.equal:
                    if not _carries(rule, static, label):
                        problems.append(doc.problem(
                            path + ("expr",), "alertmanager/inhibit-label",
                            f"{where} matches the {side} side of {format_path(inhibition.path)} of {am.name}, which "
                            f"compares `{label}`, but its expression drops `{label}`",
                            f"keep `{label}` in the expression, or remove it from the inhibit rule's `equal`",
                            Severity.WARNING,
                        ))
    return problems


def cross_check(ctx: Context) -> list[Problem]:
    """Problems between the run's rules and each Alertmanager config."""
    problems: list[Problem] = []
    for am in ctx.of_kind(CONFIG):
        if isinstance(am.data, dict) and isinstance(am.data.get("route"), dict):
            problems.extend(_check_config(am, ctx))
    return problems
