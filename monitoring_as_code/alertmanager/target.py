"""Alertmanager target: ``alertmanager.yml`` from Python, or raw; route and inhibition tests.

Module level imports only the stdlib and ``monitoring_as_code.core`` (``mac check`` imports every
target); the model, engines and amtool wrappers are imported where used.
"""

from __future__ import annotations

import os
from typing import Any

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.problem import Location, Problem, Severity
from monitoring_as_code.core.target import Context, Definition, Target, TestResult

CONFIG = "alertmanager/config"
TESTS = "alertmanager/route-tests"


def _is(obj: Any, *names: str) -> bool:
    return type(obj).__module__.startswith("monitoring_as_code.alertmanager") and type(obj).__name__ in names


def looks_like_alertmanager(data: Any) -> bool:
    """A raw mapping is an alertmanager.yml when it has a route tree and receivers or global settings."""
    return (
        isinstance(data, dict)
        and isinstance(data.get("route"), dict)
        and any(k in data for k in ("receivers", "global", "inhibit_rules", "templates"))
        and "scrape_configs" not in data
        and "groups" not in data
    )


class AlertmanagerTarget(Target):
    name = "alertmanager"
    kinds = (CONFIG, TESTS)

    def accepts(self, obj: Any) -> bool:
        return _is(obj, "AlertmanagerConfig", "RouteTest", "InhibitionTest", "FiringSetTest")

    def compile(self, definitions: list[Definition], ctx: Context) -> list[Document]:
        from monitoring_as_code.alertmanager.compile import (
            compile_config,
            compile_tests,
        )

        configs = [d for d in definitions if _is(d.obj, "AlertmanagerConfig")]
        tests = [d for d in definitions if not _is(d.obj, "AlertmanagerConfig")]
        docs = [compile_config(d, ctx) for d in configs]
        return docs + compile_tests(tests, configs)

    def recognize(self, data: Any, path: str) -> str | None:
        return CONFIG if looks_like_alertmanager(data) else None

    def validate(self, doc: Document, ctx: Context) -> list[Problem]:
        if doc.kind != CONFIG:
            return []
        from monitoring_as_code.alertmanager.schema import DEFAULT_VERSION
        from monitoring_as_code.alertmanager.validate import validate_config

        version = ctx.project.get("alertmanager_version", DEFAULT_VERSION)
        return list(doc.extra.get("compile_problems", [])) + validate_config(doc, version)

    def cross_check(self, ctx: Context) -> list[Problem]:
        from monitoring_as_code.alertmanager.crosscheck import cross_check

        return cross_check(ctx)

    def tool_check(self, docs: list[Document], staged_dir: str, ctx: Context) -> list[Problem]:
        from monitoring_as_code.alertmanager.amtool import check_config
        from monitoring_as_code.alertmanager.secrets import redact
        from monitoring_as_code.core.tools import find_tool, install_hint
        from monitoring_as_code.errors import ToolNotFoundError

        configs = [d for d in docs if d.kind == CONFIG and (d.artifact or d.extra.get("staged"))]
        if not configs:
            return []
        if find_tool("amtool", ctx.project.environ) is None:
            if ctx.require_tools:
                raise ToolNotFoundError("amtool", install_hint("amtool"))
            return [Problem(Severity.INFO, "amtool/missing", "amtool not found: Alertmanager configs checked in-process only",
                            install_hint("amtool"), Location(file=configs[0].file))]
        problems = []
        for doc in configs:
            path = os.path.join(staged_dir, doc.artifact or doc.extra["staged"])
            error = check_config(path, ctx.project.environ)
            if error:
                message = redact(error, doc.extra.get("secret_values", []))
                problems.append(doc.problem((), "amtool/check-config", f"amtool check-config: {message}",
                                            "see the in-process problems above for the exact location"))
        return problems

    def run_tests(self, docs: list[Document], staged_dir: str, ctx: Context) -> list[TestResult]:
        from monitoring_as_code.alertmanager.runner import run_tests

        return run_tests(docs, ctx)
