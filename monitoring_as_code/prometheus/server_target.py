"""Prometheus server config target: ``prometheus.yml`` from Python, or raw, checked in-process
and by ``promtool check config`` (which also loads the rule files it names: in the staged build
they sit under ``prometheus/rules/``, where ``rule_files: [rules/*.yml]`` finds them).

Module level imports only the stdlib and ``monitoring_as_code.core``.
"""

from __future__ import annotations

import os
import re
from typing import Any

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.problem import Location, Problem, Severity
from monitoring_as_code.core.target import Context, Definition, Target

KIND = "prometheus/config"
_FAILED = re.compile(r"FAILED:\s*(.*)")
_WARNING = re.compile(r"WARNING:\s*(.*)")


def looks_like_prometheus(data: Any) -> bool:
    if not isinstance(data, dict) or "route" in data or "groups" in data:
        return False
    if "scrape_configs" in data or "alerting" in data or "rule_files" in data:
        return True
    glob = data.get("global")
    return isinstance(glob, dict) and ("scrape_interval" in glob or "evaluation_interval" in glob)


class ServerConfigTarget(Target):
    name = "prometheus-config"
    kinds = (KIND,)

    def accepts(self, obj: Any) -> bool:
        return type(obj).__name__ == "PrometheusConfig" and type(obj).__module__ == "monitoring_as_code.prometheus.server"

    def compile(self, definitions: list[Definition], ctx: Context) -> list[Document]:
        from monitoring_as_code.alertmanager.compile import (
            refused_problem,
            resolve_secrets,
        )
        from monitoring_as_code.core.encode import dump_yaml, to_data

        docs = []
        for definition in definitions:
            obj = definition.obj
            locations: dict = {}
            data = to_data(obj, (), locations)
            paths, values, refused = resolve_secrets(data, ctx)
            doc = Document(
                kind=KIND, data=data, file=definition.file, name=obj.name, ref=obj.ref,
                artifact=f"prometheus/{obj.name}.yml", text=dump_yaml(data), python_locations=locations,
                source_object=obj, line=definition.line,
            )
            doc.extra.update(secret_paths=paths, secret_values=values)
            doc.extra["compile_problems"] = [refused_problem(doc, p, v, ctx) for p, v in refused]
            docs.append(doc)
        return docs

    def recognize(self, data: Any, path: str) -> str | None:
        return KIND if looks_like_prometheus(data) else None

    def validate(self, doc: Document, ctx: Context) -> list[Problem]:
        from monitoring_as_code.prometheus.server_validate import validate_server_config

        return list(doc.extra.get("compile_problems", [])) + validate_server_config(doc)

    def tool_check(self, docs: list[Document], staged_dir: str, ctx: Context) -> list[Problem]:
        from monitoring_as_code.alertmanager.secrets import redact
        from monitoring_as_code.core.tools import find_tool, install_hint, run_tool
        from monitoring_as_code.errors import ToolNotFoundError

        promtool = find_tool("promtool", ctx.project.environ)
        if promtool is None:
            if ctx.require_tools:
                raise ToolNotFoundError("promtool", install_hint("promtool"))
            return [Problem(Severity.INFO, "promtool/missing", "promtool not found: prometheus.yml checked in-process only",
                            install_hint("promtool"), Location(file=docs[0].file))] if docs else []
        problems = []
        for doc in docs:
            rel = doc.artifact or doc.extra.get("staged")
            if not rel:
                continue
            path = os.path.join(staged_dir, rel)
            result = run_tool([promtool, "check", "config", path], timeout=120)
            output = redact((result.stdout + "\n" + result.stderr).replace(path, os.path.basename(path)),
                            doc.extra.get("secret_values", []))
            for line in output.splitlines():
                warning = _WARNING.search(line)
                if warning:
                    problems.append(doc.problem((), "promtool/check-config", f"promtool: {warning.group(1)}",
                                                "", Severity.WARNING))
            if result.returncode != 0:
                failed = [m.group(1) for m in map(_FAILED.search, output.splitlines()) if m]
                message = "; ".join(failed) or output.strip() or f"exit status {result.returncode}"
                problems.append(doc.problem((), "promtool/check-config", f"promtool check config: {message}",
                                            "see the in-process problems for the exact location"))
        return problems
