"""Reading Grafana dashboard JSON: panels (rows and nested panels included), their queries, and
template variables substituted so a query parses as PromQL.

Grafana expands ``$var``, ``${var}``, ``${var:format}`` and ``[[var]]`` before sending a query. We
replace a variable in a range or offset position with a sentinel duration (so checks can tell
``[$__rate_interval]`` from ``[5m]``) and anywhere else with the identifier ``__mac_var__`` (a valid
label value, label name or metric name). Matchers whose value holds ``__mac_var__`` come from a
variable and are not judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from monitoring_as_code.checks._data import as_list

if TYPE_CHECKING:
    from monitoring_as_code.core.document import Document

VARIABLE_TOKEN = "__mac_var__"
#: sentinel seconds standing for a variable used as a range, by variable name
_SENTINELS = {"__rate_interval": 9_000_001, "__interval": 9_000_002, "__range": 9_000_003}
_OTHER_SENTINEL = 9_000_009
#: the duration text :func:`substitute` writes for each time built-in in a range or offset position
SENTINEL_DURATIONS = {name: f"{seconds}s" for name, seconds in _SENTINELS.items()}
BUILTIN_VARIABLES = frozenset(
    {
        "__rate_interval", "__interval", "__interval_ms", "__range", "__range_s", "__range_ms", "__from", "__to",
        "__dashboard", "__org", "__user", "__name", "__series", "__field", "__value", "__data", "__cell",
        "__all", "__auto", "__timeFilter", "timeFilter", "__timeGroup", "__timeGroupAlias", "__unixEpochFilter",
        "__schema", "__table", "__column", "__timeFrom", "__timeTo", "__url_time_range", "__timezone",
    }
)
_VARIABLE = re.compile(r"\[\[(\w+)(?::\w+)?\]\]|\$\{(\w+)(?:[:.][^}]*)?\}|\$(\w+)")
_DURATION_BEFORE = re.compile(r"(\[|:|\boffset)\s*$")


def variable_names(text: str) -> list[str]:
    """The template variables a query uses, in order."""
    return [a or b or c for a, b, c in _VARIABLE.findall(text)]


def substitute(text: str) -> str:
    """``text`` with every template variable replaced so that it parses as PromQL."""
    if "$" not in text and "[[" not in text:
        return text
    return _substitute(text)


@lru_cache(maxsize=16384)
def _substitute(text: str) -> str:
    """:func:`substitute` memoised: a thousand dashboards repeat the same few hundred queries."""
    out: list[str] = []
    pos = 0
    for match in _VARIABLE.finditer(text):
        name = match.group(1) or match.group(2) or match.group(3)
        piece = text[pos:match.start()]
        out.append(piece)
        before = piece[-20:] if len(piece) >= 20 else "".join(out)[-20:]
        if _DURATION_BEFORE.search(before):
            out.append(f"{_SENTINELS.get(name, _OTHER_SENTINEL)}s")
        else:
            out.append(VARIABLE_TOKEN)
        pos = match.end()
    out.append(text[pos:])
    return "".join(out)


def range_variable(value: timedelta | None) -> str | None:
    """The variable a range came from (``__rate_interval``, ``__interval``...), ``"variable"`` for
    another one, or ``None`` for a literal range."""
    if value is None:
        return None
    seconds = int(value.total_seconds())
    for name, sentinel in _SENTINELS.items():
        if seconds == sentinel:
            return name
    return "variable" if seconds == _OTHER_SENTINEL else None


def iter_panels(dashboard: Any) -> Iterator[tuple[tuple, dict]]:
    """``(path, panel)`` for every panel, rows and panels nested in collapsed rows included."""
    return iter(panel_list(dashboard))


def panel_list(dashboard: Any, root: tuple = ()) -> list[tuple[tuple, dict]]:
    """:func:`iter_panels` as a list, each path after ``root``: a plain loop, no generator per level
    (every dashboard check reads this list, for every dashboard of a build).

    :param root: the dashboard's own path in its document (``("dashboard",)`` in an API envelope)
    """
    found: list[tuple[tuple, dict]] = []
    if not isinstance(dashboard, dict):
        return found
    top = dashboard.get("panels")
    if isinstance(top, list):
        _add_panels(top, root + ("panels",), found)
    rows = dashboard.get("rows")  # schema < 16 dashboards
    if isinstance(rows, list):
        for r, row in enumerate(rows):
            if isinstance(row, dict) and isinstance(row.get("panels"), list):
                _add_panels(row["panels"], root + ("rows", r, "panels"), found)
    return found


def _add_panels(items: list, path: tuple, found: list[tuple[tuple, dict]]) -> None:
    """Each dict of ``items`` after ``path``, then (depth first) the panels it holds."""
    for i, panel in enumerate(items):
        if isinstance(panel, dict):
            here = path + (i,)
            found.append((here, panel))
            children = panel.get("panels")
            if children and isinstance(children, list):  # most panels hold none
                _add_panels(children, here + ("panels",), found)


def panels(doc: Document) -> list[tuple[tuple, dict]]:
    """:func:`iter_panels` of a dashboard document, listed once per run (several checks read them)."""
    memo = doc.extra.get("checks.dashboard_panels")
    if memo is None or memo[0] is not doc.data:
        memo = doc.extra["checks.dashboard_panels"] = (doc.data, panel_list(doc.data))
    return memo[1]


def variables(dashboard: Any) -> dict[str, dict]:
    """The dashboard's template variables by name."""
    found: dict[str, dict] = {}
    templating = dashboard.get("templating") if isinstance(dashboard, dict) else None
    items = templating.get("list") if isinstance(templating, dict) else None
    for var in as_list(items):
        if isinstance(var, dict) and isinstance(var.get("name"), str):
            found[var["name"]] = var
    return found


def _datasource_type(ds: Any, variables_by_name: dict[str, dict]) -> str | None:
    """``prometheus``, ``loki``..., or ``None`` when it cannot be told."""
    if isinstance(ds, dict):
        kind = ds.get("type")
        if isinstance(kind, str) and "$" not in kind:
            return kind
        ds = ds.get("uid")
    if isinstance(ds, str):
        names = variable_names(ds)
        if names and names[0] in variables_by_name:
            var = variables_by_name[names[0]]
            if var.get("type") == "datasource" and isinstance(var.get("query"), str):
                return var["query"]
            return None
        lowered = ds.lower()
        for kind in ("prometheus", "loki", "mimir", "thanos"):
            if kind in lowered:
                return "prometheus" if kind in ("mimir", "thanos") else kind
    return None


_LOGQL_SELECTOR_START = re.compile(r"^\s*[\w(,\s.\d]*\{\s*\w+\s*(=|!=|=~|!~)")
_LOGQL_PIPE = re.compile(r"\}\s*(\|=|\|~|!=|!~|\|\s*(json|logfmt|pattern|regexp|unpack|line_format|label_format|drop|keep|unwrap|decolorize)\b)")


def looks_like_logql(expr: str) -> bool:
    """Whether a query with an unknown datasource is LogQL (a stream selector followed by a pipeline,
    or a bare selector with no metric name, which PromQL rarely writes)."""
    return bool(_LOGQL_PIPE.search(expr)) or bool(re.match(r"^\s*\{", expr) and _LOGQL_SELECTOR_START.match(expr))


def iter_targets(dashboard: Any, doc: Document | None = None) -> Iterator[tuple[tuple, dict, dict, str | None]]:
    """``(path, target, panel, datasource type)`` for every query target of every panel.

    :param doc: the dashboard's document, to share one panel walk with the other readers of the run
    """
    by_name = variables(dashboard)
    for path, panel in panels(doc) if doc is not None and doc.data is dashboard else iter_panels(dashboard):
        panel_type = _datasource_type(panel.get("datasource"), by_name)
        for j, target in enumerate(as_list(panel.get("targets"))):
            if isinstance(target, dict):
                kind = _datasource_type(target.get("datasource"), by_name) or panel_type
                yield path + ("targets", j), target, panel, kind


def _query_text(target: dict) -> str | None:
    expr = target.get("expr")
    return expr if isinstance(expr, str) and expr and not expr.isspace() else None


def _split_targets(dashboard: Any, doc: Document | None = None) -> tuple[list[tuple[tuple, str]], list[tuple[tuple, str]]]:
    """Prometheus and Loki queries of a dashboard, in one walk over its panels (:func:`iter_targets`
    inlined: a datasource type is worked out only for a target with a query)."""
    by_name = variables(dashboard)
    prometheus, loki = [], []
    for path, panel in panels(doc) if doc is not None and doc.data is dashboard else iter_panels(dashboard):
        targets = panel.get("targets")
        if not isinstance(targets, list):
            continue
        panel_type: Any = _NOT_YET
        for j, target in enumerate(targets):
            if not isinstance(target, dict):
                continue
            expr = _query_text(target)
            if expr is None:
                continue
            kind = _datasource_type(target.get("datasource"), by_name)
            if not kind:
                if panel_type is _NOT_YET:
                    panel_type = _datasource_type(panel.get("datasource"), by_name)
                kind = panel_type
            if kind == "loki" or (kind is None and looks_like_logql(expr)):
                loki.append((path + ("targets", j, "expr"), expr))
            elif kind in ("prometheus", None):
                prometheus.append((path + ("targets", j, "expr"), substitute(expr)))
    return prometheus, loki


#: a panel's datasource type not yet worked out (``None`` is a type: "cannot tell")
_NOT_YET = object()


def _targets(dashboard: Any, doc: Document | None) -> tuple[list[tuple[tuple, str]], list[tuple[tuple, str]]]:
    if doc is None:
        return _split_targets(dashboard)
    # Several checks read the same dashboard's queries: walk its panels once per run.
    memo = doc.extra.setdefault("checks.dashboard_targets", {})
    key = id(dashboard)
    if key not in memo:
        memo[key] = (dashboard, _split_targets(dashboard, doc))  # the dashboard is kept so the id stays its own
    return memo[key][1]


def prometheus_targets(dashboard: Any, doc: Document | None = None) -> list[tuple[tuple, str]]:
    """``(path of expr, substituted expr)`` of every Prometheus query of a dashboard.

    :param doc: the dashboard's document, to share one walk with the other readers of the run
    """
    return _targets(dashboard, doc)[0]


def loki_targets(dashboard: Any, doc: Document | None = None) -> list[tuple[tuple, str]]:
    """``(path of expr, expr)`` of every Loki query of a dashboard (variables left in place).

    :param doc: the dashboard's document, to share one walk with the other readers of the run
    """
    return _targets(dashboard, doc)[1]
