"""``logql/syntax`` on dashboards: every Loki query of a Grafana dashboard (compiled or raw JSON)
parses, with Grafana's template variables replaced the way the dashboard checks replace them for
PromQL (``checks._grafana.substitute``: ranges get a duration, other uses a placeholder name).
"""

from __future__ import annotations

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.problem import Problem


def check_dashboard(doc: Document) -> list[Problem]:
    """A ``logql/syntax`` problem for each Loki query of ``doc`` that does not parse.

    :param doc: a ``grafana/dashboard`` document
    """
    from monitoring_as_code.checks._grafana import loki_targets, substitute
    from monitoring_as_code.grafana.checks import dashboard_root
    from monitoring_as_code.loki.logql import LogQLSyntaxError, parse

    root, data = dashboard_root(doc)
    if not isinstance(data, dict):
        return []
    problems = []
    for path, expr in loki_targets(data, doc):
        query = substitute(expr)
        try:
            parse(query)
        except LogQLSyntaxError as exc:
            where = f"column {exc.column}" + (" (Grafana variables replaced)" if query != expr else "")
            line = query.split("\n")[exc.line - 1]
            problems.append(doc.problem(root + path, "logql/syntax", f"Loki query, {where}: {exc.message}", exc.hint,
                                        details=f"{line}\n{' ' * (exc.column - 1)}^"))
    return problems
