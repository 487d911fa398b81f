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


def _glob_loads(pattern: str, path: str) -> bool:
    """Whether a ``rule_files`` glob matches ``path`` as Go's ``filepath.Glob`` does (``*`` stays in one segment)."""
    import fnmatch

    return pattern.count("/") == path.count("/") and fnmatch.fnmatchcase(path, pattern)


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
        from monitoring_as_code.alertmanager.compile import compile_config

        return [compile_config(d, ctx, kind=KIND, folder="prometheus") for d in definitions]

    def recognize(self, data: Any, path: str) -> str | None:
        return KIND if looks_like_prometheus(data) else None

    def validate(self, doc: Document, ctx: Context) -> list[Problem]:
        from monitoring_as_code.prometheus.server_validate import validate_server_config

        return list(doc.extra.get("compile_problems", [])) + validate_server_config(doc)

    def cross_check(self, ctx: Context) -> list[Problem]:
        """Built rule files that a built prometheus.yml does not load, and globs that load nothing built."""
        import posixpath

        rule_files = [d.artifact for d in ctx.of_kind("prometheus/rules") if d.artifact]
        problems = []
        for doc in ctx.of_kind(KIND):
            if not doc.artifact or not isinstance(doc.data, dict) or not rule_files:
                continue
            base = posixpath.dirname(doc.artifact)
            built = [posixpath.relpath(f, base) for f in rule_files]
            globs = [g for g in doc.data.get("rule_files") or [] if isinstance(g, str)]
            for path in built:
                if not any(_glob_loads(g, path) for g in globs):
                    problems.append(doc.problem(
                        ("rule_files",), "prometheus-config/rule-files",
                        f"the rule file {path} built beside this config is not loaded by rule_files",
                        "add it, or a glob such as rules/*.yml, to rule_files", Severity.WARNING,
                    ))
            for i, pattern in enumerate(globs):
                if not pattern.startswith("/") and not any(_glob_loads(pattern, path) for path in built):
                    problems.append(doc.problem(
                        ("rule_files", i), "prometheus-config/rule-files",
                        f"rule_files entry {pattern!r} matches none of the rule files this build writes",
                        f"built rule files, relative to this config: {', '.join(built)}", Severity.WARNING,
                    ))
        return problems

    def tool_check(self, docs: list[Document], staged_dir: str, ctx: Context) -> list[Problem]:
        from monitoring_as_code.core.tools import find_tool, install_hint
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
            if rel:
                problems.extend(_promtool_check(promtool, doc, os.path.join(staged_dir, rel)))
        return problems


# Files promtool stats that live on the Prometheus server, not on the build machine.
_SERVER_FILE = re.compile(r"error checking .*file \"([^\"]+)\": stat .*no such file or directory")
# Discovery mechanisms left out of some builds (Debian's has no Kubernetes discovery).
_MISSING_SD = re.compile(r"field (\w+_sd_configs) not found in type config\.")


def _without(path: str, key: str) -> str:
    """A copy of the config at ``path`` without ``key`` in scrape configs and Alertmanager endpoints."""
    import yaml

    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    blocks = list(data.get("scrape_configs") or []) + list((data.get("alerting") or {}).get("alertmanagers") or [])
    for block in blocks:
        if isinstance(block, dict) and block.pop(key, None) is not None and not any(k.endswith("_sd_configs") for k in block):
            block["static_configs"] = []
    stripped = os.path.join(os.path.dirname(path), f".without-{key}-{os.path.basename(path)}")
    with open(stripped, "w", encoding="utf-8") as fh:
        yaml.safe_dump(data, fh, sort_keys=False)
    return stripped


def _failure(output: str) -> str:
    """promtool's FAILED message with its indented detail lines."""
    lines = output.splitlines()
    for i, line in enumerate(lines):
        found = _FAILED.search(line)
        if found:
            details = [found.group(1)] + [l.strip() for l in lines[i + 1:] if l.startswith("  ") and l.strip()]
            return " ".join(details)
    return output.strip()


def _promtool_check(promtool: str, doc: Document, path: str) -> list[Problem]:
    """``promtool check config`` (which also loads the rule files). When it stops at a credential or
    TLS file that only exists on the server, or at a discovery its build lacks, that is noted as
    info and the check goes on without it (``--syntax-only``, or a copy without that discovery)."""
    from monitoring_as_code.alertmanager.secrets import redact
    from monitoring_as_code.core.tools import run_tool

    problems: list[Problem] = []
    syntax_only: list[str] = []
    checked = path
    for _attempt in range(4):
        result = run_tool([promtool, "check", "config", *syntax_only, checked], timeout=120)
        output = redact((result.stdout + "\n" + result.stderr).replace(checked, os.path.basename(path)),
                        doc.extra.get("secret_values", []))
        missing_file, missing_sd = _SERVER_FILE.search(output), _MISSING_SD.search(output)
        if result.returncode != 0 and missing_file and not syntax_only:
            problems.append(doc.problem(
                (), "promtool/server-file", f"promtool cannot check {missing_file.group(1)}: it is not on this machine",
                "fine if the file exists on the Prometheus server; the config syntax is checked without it",
                Severity.INFO,
            ))
            syntax_only = ["--syntax-only"]
            continue
        if result.returncode != 0 and missing_sd:
            problems.append(doc.problem(
                (), "promtool/discovery", f"this promtool is built without {missing_sd.group(1)}; those blocks are "
                "checked in-process only", "use a promtool from prometheus.io releases to check them too",
                Severity.INFO,
            ))
            checked = _without(checked, missing_sd.group(1))
            continue
        for line in output.splitlines():
            warning = _WARNING.search(line)
            if warning:
                problems.append(doc.problem((), "promtool/check-config", f"promtool: {warning.group(1)}", "",
                                            Severity.WARNING))
        if result.returncode != 0:
            problems.append(doc.problem((), "promtool/check-config", f"promtool check config: {_failure(output)}",
                                        "see the in-process problems for the exact location"))
        break
    return problems
