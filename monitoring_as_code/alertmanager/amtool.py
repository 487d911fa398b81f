"""Running amtool: ``check-config`` on built files, ``config routes test`` for cross-checks."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence

from monitoring_as_code.core.tools import require_tool, run_tool

_FAILED = re.compile(r"FAILED:\s*(.*)", re.DOTALL)


def check_config(path: str, environ: Mapping[str, str] | None = None) -> str | None:
    """amtool's error for the config at ``path``, or ``None`` when it is valid."""
    result = run_tool([require_tool("amtool", environ), "check-config", path], timeout=60)
    if result.returncode == 0:
        return None
    text = (result.stdout + result.stderr).replace(path, os.path.basename(path))
    found = _FAILED.search(text)
    message = found.group(1) if found else text
    message = "\n".join(l for l in message.splitlines() if l.strip() and not l.startswith("amtool: error:"))
    return message.strip() or f"amtool check-config exited with status {result.returncode}"


def routes_test(
    config_path: str, labels: Mapping[str, str], environ: Mapping[str, str] | None = None
) -> list[str]:
    """The receivers amtool routes an alert with ``labels`` to (one amtool process)."""
    args = [require_tool("amtool", environ), "config", "routes", "test", f"--config.file={config_path}"]
    args += [f"{k}={_quote(v)}" for k, v in labels.items()]
    result = run_tool(args, timeout=60)
    if result.returncode != 0:
        raise RuntimeError(f"amtool config routes test failed: {result.stderr.strip() or result.stdout.strip()}")
    line = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    return [r for r in line.split(",") if r]


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def routes_test_many(config_path: str, label_sets: Sequence[Mapping[str, str]], environ=None) -> list[list[str]]:
    """amtool's answer for each label set (one process each: amtool takes one alert per call)."""
    return [routes_test(config_path, labels, environ) for labels in label_sets]
