"""``mac import KIND FILE``: turn an existing configuration into Python definitions."""

from __future__ import annotations

import argparse
import importlib
import os

from monitoring_as_code.status import ExitStatus

HELP = "turn existing YAML/JSON (rules, dashboards...) into Python definitions"

#: kind -> "module:function" taking (text, filename) and returning Python source
IMPORTERS: dict[str, str] = {
    "alertmanager": "monitoring_as_code.alertmanager.importer:import_alertmanager",
    "dashboard": "monitoring_as_code.grafana.importer:import_dashboard",
    "promtail": "monitoring_as_code.promtail.importer:import_promtail",
    "rules": "monitoring_as_code.prometheus.importer:import_rules",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=sorted(IMPORTERS), help="what FILE holds")
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("-o", "--output", help="write the Python source here (default: stdout)")


def run(args: argparse.Namespace, env) -> ExitStatus:
    from monitoring_as_code.errors import UsageError

    path = args.file if os.path.isabs(args.file) else os.path.join(env.cwd, args.file)
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        raise UsageError(f"{args.file}: {exc.strerror}") from None
    module, _, function = IMPORTERS[args.kind].partition(":")
    source = getattr(importlib.import_module(module), function)(text, args.file)
    if args.output:
        out = args.output if os.path.isabs(args.output) else os.path.join(env.cwd, args.output)
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(source)
        env.stderr.write(f"Wrote {args.output}\n")
    else:
        env.stdout.write(source)
    return ExitStatus.SUCCESS
