"""Loki target: ``loki/config`` (``build/loki/<name>.yaml``) and ``loki/rules``
(``build/loki/rules/<tenant>/<file>.yml``), compiled from Python or read from raw YAML; it also
parses the Loki queries of every Grafana dashboard (``logql/syntax``).

Only stdlib and ``monitoring_as_code.core`` at module level (``mac check`` start-up time).
"""

from __future__ import annotations

import os
import re
from typing import Any

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.problem import Problem, Severity
from monitoring_as_code.core.target import Context, Definition, Target

CONFIG = "loki/config"
RULES = "loki/rules"
#: top-level keys only a Loki config has (Prometheus, Promtail and Alertmanager files have none of them)
_LOKI_KEYS = {"schema_config", "storage_config", "limits_config", "ingester", "compactor", "common",
              "table_manager", "chunk_store_config", "query_range", "query_scheduler", "frontend", "querier",
              "ingester_client", "index_gateway", "pattern_ingester", "memberlist", "frontend_worker", "auth_enabled"}
_OTHER_KEYS = {"scrape_configs", "clients", "positions", "groups", "route", "receivers", "rule_files", "global",
               "apiVersion", "kind", "datasources", "dashboard", "panels"}
#: LogQL-only syntax: a pipeline after a selector, or a byte-rate function
# What only LogQL has: a line filter or parser stage after a selector, or a log-range function.
_LOG_PIPELINE = re.compile(r"\}\s*(?:\|[=~>]|![=~>]\s*[\"`]|\|\s*(?:json|logfmt|regexp|pattern|unpack|line_format|"
                           r"label_format|drop|keep|unwrap|decolorize)\b)")
_LOG_RANGE_FUNCTION = re.compile(r"\b(?:bytes_rate|bytes_over_time|rate_counter)\s*\(")


def _is_logql(expr: str) -> bool:
    # The substring tests spare the regular expressions almost every PromQL expression (a large
    # Prometheus rule file is read through here before it is known not to be Loki's).
    return bool(
        (("|" in expr or "!" in expr) and _LOG_PIPELINE.search(expr))
        or (("bytes_" in expr or "rate_counter" in expr) and _LOG_RANGE_FUNCTION.search(expr))
    )


class LokiTarget(Target):
    name = "loki"
    kinds = (CONFIG, RULES)

    def accepts(self, obj: Any) -> bool:
        return type(obj).__name__ in ("LokiConfig", "LokiRuleFile") and type(obj).__module__.startswith(
            "monitoring_as_code.loki")

    def compile(self, definitions: list[Definition], ctx: Context) -> list[Document]:
        from monitoring_as_code.loki.compile import compile_yaml

        docs = []
        for definition in definitions:
            obj = definition.obj
            if type(obj).__name__ == "LokiConfig":
                docs.append(compile_yaml(definition, CONFIG, f"loki/{obj.name}.yaml", obj.name))
            else:
                docs.append(compile_yaml(definition, RULES, obj.artifact, f"{obj.tenant}/{obj.name}"))
        return docs

    def recognize(self, data: Any, path: str) -> str | None:
        if not isinstance(data, dict) or set(data) & _OTHER_KEYS - {"groups"}:
            return None
        if "groups" in data:
            return RULES if _looks_like_loki_rules(data, path) else None
        return CONFIG if set(data) & _LOKI_KEYS else None

    def validate(self, doc: Document, ctx: Context) -> list[Problem]:
        if doc.kind == CONFIG:
            from monitoring_as_code.loki.config_checks import check_config

            return check_config(doc)
        from monitoring_as_code.loki.rules_checks import check_rules

        return check_rules(doc)

    def cross_check(self, ctx: Context) -> list[Problem]:
        rules, configs = ctx.of_kind(RULES), ctx.of_kind(CONFIG)
        problems: list[Problem] = []
        if rules and configs and not any(isinstance(c.data, dict) and (c.data.get("ruler") or {}).get(
                "alertmanager_url") for c in configs):
            doc = configs[0]
            problems.append(doc.problem(("ruler",), "loki/ruler", "Loki rules are defined but no Loki config sets "
                                        "ruler.alertmanager_url: their alerts go nowhere",
                                        "set ruler=Ruler(alertmanager_url='http://alertmanager:9093')",
                                        Severity.WARNING))
        if ctx.of_kind("grafana/dashboard"):
            from monitoring_as_code.loki.dashboard_queries import check_dashboard

            for doc in ctx.of_kind("grafana/dashboard"):
                problems += check_dashboard(doc)
        return problems + _structured_metadata_refused(ctx, configs)


def _structured_metadata_refused(ctx: Context, configs: list[Document]) -> list[Problem]:
    """Promtail sends structured metadata that every Loki config of the run refuses."""
    if not configs or not all(isinstance(c.data, dict) and (c.data.get("limits_config") or {}).get(
            "allow_structured_metadata") is False for c in configs):
        return []
    problems = []
    for doc in ctx.of_kind("promtail/config"):
        for i, scrape in enumerate((doc.data or {}).get("scrape_configs") or [] if isinstance(doc.data, dict) else []):
            for j, stage in enumerate((scrape or {}).get("pipeline_stages") or [] if isinstance(scrape, dict) else []):
                if isinstance(stage, dict) and "structured_metadata" in stage:
                    problems.append(doc.problem(
                        ("scrape_configs", i, "pipeline_stages", j), "loki/structured-metadata",
                        "this stage sends structured metadata, but the Loki config sets "
                        "allow_structured_metadata: false: Loki rejects these entries",
                        "migrate Loki to a tsdb/v13 schema period and allow structured metadata"))
    return problems


def _looks_like_loki_rules(data: dict, path: str) -> bool:
    parts = set(os.path.normpath(path).split(os.sep))
    if "loki" in parts:
        return True
    for group in data.get("groups") or []:
        for rule in (group.get("rules") or []) if isinstance(group, dict) else []:
            if isinstance(rule, dict) and isinstance(rule.get("expr"), str) and _is_logql(rule["expr"]):
                return True
    return False
