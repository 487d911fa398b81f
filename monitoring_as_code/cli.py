"""The ``mac`` command line: a thin parser, and the one place exceptions become exit codes.

Each verb is a module in ``monitoring_as_code.commands`` with ``HELP``, ``add_arguments(parser)``
and ``run(args, env) -> ExitStatus``; verb modules import their heavy dependencies lazily so
``mac --help`` and ``mac check`` start fast.
"""

from __future__ import annotations

import argparse
import atexit
import importlib
import os
import signal
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NoReturn, TextIO

from monitoring_as_code import __version__
from monitoring_as_code.status import ExitStatus

#: verb -> module under monitoring_as_code.commands
COMMANDS: dict[str, str] = {
    "build": "build",
    "check": "check",
    "test": "test",
    "import": "import_",
    "diff": "diff",
    "publish": "publish",
    "routes": "routes",
    "loadtest": "loadtest",
}

EPILOG = """\
exit status:
  0  success
  1  problems at or above --fail-on found, tests failed, or `diff` found changes
  2  usage error, or a definition could not be loaded (D004)
  3  a required external tool (promtool, amtool) is missing
  4  publishing failed (D001 publish, D002 health check, D003 rollback)
  130 interrupted

environment:
  MAC_ENV            environment to use when --env is not given
  MAC_PROMTOOL       path to promtool (default: found on PATH)
  MAC_AMTOOL         path to amtool (default: found on PATH)
  MAC_REQUIRE_TOOLS  when 1, a missing promtool/amtool fails instead of being skipped
  MAC_CACHE_DIR      where `mac check` caches results of unchanged files (default: .mac-cache/)
  NO_COLOR           disable colours

See README.md for every verb, option and output path.
"""


@dataclass
class Environment:
    """The process's streams and environment, injected so tests can run the CLI in-process."""

    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    cwd: str = field(default_factory=os.getcwd)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The ``mac`` parser; with ``only`` (a verb), just that verb's sub-parser.

    ``mac check ...`` names its verb first, so :func:`run` builds only that sub-parser and
    imports no other verb's module (start-up time of the pre-commit hook).
    """
    parser = argparse.ArgumentParser(
        prog="mac",
        description="Monitoring as code: build, check, test and publish monitoring definitions.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    for verb, module_name in COMMANDS.items():
        if only is not None and verb != only:
            continue
        module = importlib.import_module(f"monitoring_as_code.commands.{module_name}")
        verb_parser = sub.add_parser(
            verb, help=module.HELP, description=module.HELP, epilog=getattr(module, "EPILOG", None),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(verb_parser)
        verb_parser.set_defaults(_module=module)
    return parser


def run(argv: Sequence[str] | None = None, env: Environment | None = None) -> int:
    """Parse ``argv`` and run the verb; every known error becomes an exit status here."""
    from monitoring_as_code.errors import MonitoringAsCodeError

    env = env or Environment()
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(only=argv[0] if argv and argv[0] in COMMANDS else None)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "verb", None):
        parser.print_help(env.stdout)
        return ExitStatus.USAGE_OR_DEFINITION_ERROR
    try:
        return int(args._module.run(args, env))
    except MonitoringAsCodeError as exc:
        env.stderr.write(f"mac {args.verb}: {exc}\n")
        return int(exc.exit_status)
    except KeyboardInterrupt:
        env.stderr.write("interrupted\n")
        return ExitStatus.CTRL_C


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """The ``mac`` console script: run the verb, then leave without tearing the interpreter down.

    A large run holds millions of objects (YAML trees, PromQL ASTs, memo caches); freeing them one
    by one at interpreter exit took a fifth of ``mac check``'s wall time on 10,000 rules. Everything
    is written by now, so flush, run the exit hooks (logging, finalizers) and exit at once, as mypy
    does. :func:`run` is the in-process entry point and returns normally.
    """
    try:
        status = run(argv)
    except BrokenPipeError:  # the reader left (``mac check | head``): stop quietly, as if killed by SIGPIPE
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 128 + signal.SIGPIPE
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (``mac check | head``) or stream: nothing more to say
            pass
    atexit._run_exitfuncs()
    os._exit(status)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
