"""``mac routes CONFIG label=value ...``: which receivers an alert reaches, as amtool answers."""

from __future__ import annotations

import argparse
import os

from monitoring_as_code.commands.common import add_project_options, load_project
from monitoring_as_code.status import ExitStatus

HELP = "show which receivers an alert with the given labels reaches (like `amtool config routes test`)"
EPILOG = """\
CONFIG is an alertmanager.yml, or a Python definition file holding an AlertmanagerConfig.
Labels are name=value (quotes allowed: job="api"). Receivers print comma-separated, in
routing-tree order, duplicates kept, exactly as `amtool config routes test` prints them.
--verify-receivers makes the exit status 1 when the answer differs from the expected list.
--tree prints every route that took the alert with its object path.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("config", metavar="CONFIG", help="alertmanager.yml or a Python definition file")
    parser.add_argument("labels", nargs="*", metavar="LABEL=VALUE", help="the alert's labels")
    parser.add_argument("--verify-receivers", "--verify.receivers", dest="verify", metavar="R1,R2",
                        help="expected receivers (comma-separated); exit 1 when they differ")
    parser.add_argument("--tree", action="store_true", help="also print the routes that matched")
    parser.add_argument("--name", help="which AlertmanagerConfig of a Python file (default: the only one)")
    add_project_options(parser)  # --env: a Python CONFIG may route differently per environment


def _load(path: str, name: str | None, project) -> dict:
    from monitoring_as_code.errors import UsageError

    if not os.path.exists(path):
        raise UsageError(f"{path}: no such file")
    if path.endswith(".py"):
        from monitoring_as_code.core import pipeline
        from monitoring_as_code.core.encode import to_data

        configs = pipeline.load(project, [path], lambda o: type(o).__name__ == "AlertmanagerConfig")
        if name:
            configs = [d for d in configs if d.obj.name == name]
        if len(configs) != 1:
            found = ", ".join(d.obj.name for d in configs) or "none"
            raise UsageError(f"{path}: expected one AlertmanagerConfig, found: {found}", "pick one with --name")
        return to_data(configs[0].obj)
    from monitoring_as_code.core.yamlsource import YamlSyntaxError, load_documents

    try:
        with open(path, encoding="utf-8") as fh:
            docs = load_documents(fh.read())
    except (OSError, YamlSyntaxError) as exc:
        raise UsageError(f"{path}: {exc}") from None
    if not docs or not isinstance(docs[0], dict) or not isinstance(docs[0].get("route"), dict):
        raise UsageError(f"{path}: not an alertmanager.yml (no `route:`)")
    return docs[0]


def run(args: argparse.Namespace, env) -> ExitStatus:
    from monitoring_as_code.alertmanager.routing import parse_label_args, tree_of
    from monitoring_as_code.core.encode import format_path
    from monitoring_as_code.errors import UsageError

    path = args.config if os.path.isabs(args.config) else os.path.join(env.cwd, args.config)
    config = _load(path, args.name, load_project(args, env))
    try:
        labels = parse_label_args(args.labels)
        tree = tree_of(config)
    except ValueError as exc:
        raise UsageError(str(exc), 'labels are name=value, e.g. severity=critical job="api-gateway"') from None
    routes = tree.match(labels)
    answer = ",".join(r.receiver for r in routes)
    env.stdout.write(answer + "\n")
    if args.tree:
        for route in routes:
            matchers = ", ".join(str(m) for m in route.matchers) or "(default route)"
            env.stdout.write(f"  {format_path(route.path)}  {{{matchers}}}  receiver: {route.receiver}\n")
    if args.verify is not None and args.verify != answer:
        env.stdout.write("WARNING: Expected receivers did not match resolved receivers.\n")
        return ExitStatus.PROBLEMS
    return ExitStatus.SUCCESS
