"""Alertmanager's routing, in Python: given an alert's labels, which routes and receivers take it.

This follows Alertmanager's ``dispatch.Route.Match``: a route matches when all its matchers
do (legacy ``match``/``match_re`` included, a missing label being the empty string); its
children are tried in order, and the first matching child stops the search unless it has
``continue: true``; a matching route with no matching child takes the alert itself. Receivers
are listed in tree order, duplicates kept, exactly as ``amtool config routes test`` prints them.
It works on plain config data, so compiled definitions and raw ``alertmanager.yml`` alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from monitoring_as_code.alertmanager.matchers import (
    Matcher,
    MatcherError,
    from_legacy,
    parse_matcher,
    parse_matchers,
)

#: Alertmanager's defaults for the root route.
DEFAULTS = {"group_wait": "30s", "group_interval": "5m", "repeat_interval": "4h"}


@dataclass
class RouteNode:
    """A route with everything inherited from its parents resolved.

    :param path: the route's object path in the config, e.g. ``("route", "routes", 0)``
    """

    receiver: str
    matchers: list[Matcher]
    continue_: bool
    group_by: tuple[str, ...]
    group_by_all: bool
    options: dict[str, Any]
    path: tuple
    routes: list[RouteNode] = field(default_factory=list)
    mute_time_intervals: tuple[str, ...] = ()
    active_time_intervals: tuple[str, ...] = ()

    def matches(self, labels: Mapping[str, str]) -> bool:
        return all(m.matches(labels) for m in self.matchers)

    def match(self, labels: Mapping[str, str]) -> list[RouteNode]:
        """The routes that take an alert with ``labels``, in tree order (``Route.Match``)."""
        if not self.matches(labels):
            return []
        found: list[RouteNode] = []
        for child in self.routes:
            matched = child.match(labels)
            found.extend(matched)
            if matched and not child.continue_:
                break
        return found or [self]

    def walk(self):
        yield self
        for child in self.routes:
            yield from child.walk()


def route_matchers(data: Mapping[str, Any]) -> list[Matcher]:
    """A route's (or inhibit side's) matchers: legacy ``match``/``match_re`` first, then ``matchers``."""
    matchers = from_legacy(data.get("match"), data.get("match_re"))
    for item in data.get("matchers") or []:
        matchers.extend(parse_matchers(item))
    return matchers


def build_tree(route: Mapping[str, Any], parent: RouteNode | None = None, path: tuple = ("route",)) -> RouteNode:
    """The resolved routing tree of a ``route:`` mapping; raises ``ValueError`` on invalid matchers."""
    options = dict(parent.options if parent else DEFAULTS)
    for key in DEFAULTS:
        if route.get(key) is not None:
            options[key] = route[key]
    group_by = parent.group_by if parent else ()
    group_by_all = parent.group_by_all if parent else False
    if route.get("group_by") is not None:
        labels = [str(x) for x in route["group_by"]]
        group_by_all = "..." in labels
        group_by = () if group_by_all else tuple(labels)
    receiver = route.get("receiver") or (parent.receiver if parent else "")
    node = RouteNode(
        receiver=receiver,
        matchers=route_matchers(route),
        continue_=bool(route.get("continue", False)),
        group_by=group_by,
        group_by_all=group_by_all,
        options=options,
        path=path,
        mute_time_intervals=tuple(route.get("mute_time_intervals") or ()),
        active_time_intervals=tuple(route.get("active_time_intervals") or ()),
    )
    for i, child in enumerate(route.get("routes") or []):
        node.routes.append(build_tree(child, node, path + ("routes", i)))
    return node


def tree_of(config: Mapping[str, Any]) -> RouteNode:
    """The routing tree of a whole ``alertmanager.yml`` mapping."""
    return build_tree(config.get("route") or {})


def receivers_for(config: Mapping[str, Any] | RouteNode, labels: Mapping[str, str]) -> list[str]:
    """The receivers an alert with ``labels`` is sent to, as ``amtool config routes test`` lists them.

    :param config: an ``alertmanager.yml`` mapping, or a tree from :func:`tree_of`
    :param labels: the alert's labels
    """
    tree = config if isinstance(config, RouteNode) else tree_of(config)
    return [node.receiver for node in tree.match(labels)]


def parse_label_args(args: list[str]) -> dict[str, str]:
    """``["severity=critical", 'job="api"']`` -> labels, read as amtool reads its arguments."""
    labels: dict[str, str] = {}
    for arg in args:
        try:
            matcher = parse_matcher(arg)
        except MatcherError as exc:
            raise ValueError(f"{arg!r}: {exc}") from None
        if matcher.op != "=":
            raise ValueError(f"{arg!r}: labels must be specified as key=value pairs")
        labels[matcher.name] = matcher.value
    return labels
