"""Promtail target: ``promtail/config`` (``build/promtail/<name>.yaml``), compiled or raw.

Only stdlib and ``monitoring_as_code.core`` at module level.
"""

from __future__ import annotations

from typing import Any

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.problem import Problem
from monitoring_as_code.core.target import Context, Definition, Target

KIND = "promtail/config"


class PromtailTarget(Target):
    name = "promtail"
    kinds = (KIND,)

    def accepts(self, obj: Any) -> bool:
        return type(obj).__name__ == "PromtailConfig" and type(obj).__module__.startswith("monitoring_as_code.")

    def compile(self, definitions: list[Definition], ctx: Context) -> list[Document]:
        from monitoring_as_code.loki.compile import compile_yaml

        return [compile_yaml(d, KIND, f"promtail/{d.obj.name}.yaml", d.obj.name) for d in definitions]

    def recognize(self, data: Any, path: str) -> str | None:
        if isinstance(data, dict) and "scrape_configs" in data and (
                {"clients", "client", "positions"} & set(data) or _has_pipeline(data)):
            return KIND
        return None

    def validate(self, doc: Document, ctx: Context) -> list[Problem]:
        from monitoring_as_code.promtail.checks import check_promtail

        return check_promtail(doc)


def _has_pipeline(data: dict) -> bool:
    scrapes = data.get("scrape_configs")
    return isinstance(scrapes, list) and any(isinstance(s, dict) and "pipeline_stages" in s for s in scrapes)
