"""Run ``mac`` in-process and capture what it prints, for tests."""

from __future__ import annotations

import io
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass
class CliResult:
    status: int
    stdout: str
    stderr: str


def run_cli(argv: Sequence[str], cwd: str | None = None, environ: Mapping[str, str] | None = None) -> CliResult:
    """``mac *argv`` in ``cwd`` with ``environ`` (default: the current process's), captured."""
    from monitoring_as_code.cli import Environment, run

    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdout=out, stderr=err, environ=dict(os.environ if environ is None else environ), cwd=cwd or os.getcwd())
    status = run(list(argv), env)
    return CliResult(status, out.getvalue(), err.getvalue())
