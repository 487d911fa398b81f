"""``logql/selector``: a LogQL query reads every stream its selector matches. A selector with no
matcher that narrows it (``{}``, ``{app=~".*"}``) is rejected by Loki; one that only requires a
label to exist (``{app=~".+"}``, ``{app!=""}``) scans every stream of the tenant."""

from __future__ import annotations

from monitoring_as_code.checks._grafana import loki_targets
from monitoring_as_code.checks._logql import matches_empty, stream_selectors
from monitoring_as_code.checks.base import Check
from monitoring_as_code.core.problem import Severity

NAME = "logql/selector"
_PRESENCE_ONLY = frozenset({".+", "(.+)", ".*.+", "^.+$"})


def _queries(doc):
    if doc.kind == "grafana/dashboard":
        return loki_targets(doc.data, doc)
    from monitoring_as_code.prometheus.documents import iter_rules

    return [(path + ("expr",), rule["expr"]) for path, _g, rule in iter_rules(doc) if isinstance(rule.get("expr"), str)]


class LogqlSelectorCheck(Check):
    """Stream selectors with no label matcher, only empty-matching ones (Loki rejects them), or only
    "label exists" ones (full scans)."""

    name = NAME
    severity = Severity.WARNING
    kinds = ("loki/rules", "grafana/dashboard")

    def check(self, doc, ctx):
        problems = []
        for path, expr in _queries(doc):
            for selector in stream_selectors(expr):
                matchers = selector.matchers
                narrowing = [m for m in matchers if not matches_empty(m[1], m[2])]
                if not matchers or not narrowing:
                    problems.append(
                        self.problem(
                            doc,
                            path,
                            f"stream selector `{selector.text}` has no matcher that narrows it: Loki rejects the query"
                            " (it needs one matcher that does not match the empty string)",
                            'select the streams by a label with `=`, e.g. `{app="auth-service"}`',
                            Severity.BUG,
                        )
                    )
                elif all(m[1] in ("!=", "!~") or m[2] in _PRESENCE_ONLY for m in narrowing):
                    problems.append(
                        self.problem(
                            doc,
                            path,
                            f"stream selector `{selector.text}` only requires labels to exist: it reads every stream"
                            " that has them (slow, and it can hit query limits)",
                            'add an equality matcher on a low-cardinality label, e.g. `{app="auth-service"}`',
                        )
                    )
        return problems
