"""Finding and running the external tools: promtool, amtool (and the servers in tests)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence

from monitoring_as_code.errors import ToolNotFoundError

#: tool -> (environment variable overriding the path, Debian package that ships it)
TOOLS = {
    "promtool": ("MAC_PROMTOOL", "prometheus"),
    "amtool": ("MAC_AMTOOL", "prometheus-alertmanager"),
    "prometheus": ("MAC_PROMETHEUS", "prometheus"),
    "alertmanager": ("MAC_ALERTMANAGER", "prometheus-alertmanager"),
}
# Debian installs the Alertmanager server as prometheus-alertmanager.
_ALIASES = {"alertmanager": ("alertmanager", "prometheus-alertmanager")}


def install_hint(tool: str) -> str:
    variable, package = TOOLS[tool]
    return f"install it (Debian/Ubuntu: apt-get install {package}) or set {variable} to its path"


def find_tool(tool: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The path of ``tool``: ``$MAC_<TOOL>`` if set, else the first match on ``PATH``."""
    environ = os.environ if environ is None else environ
    override = environ.get(TOOLS[tool][0])
    if override:
        return override if os.access(override, os.X_OK) else None
    for name in _ALIASES.get(tool, (tool,)):
        found = shutil.which(name)
        if found:
            return found
    return None


def require_tool(tool: str, environ: Mapping[str, str] | None = None) -> str:
    path = find_tool(tool, environ)
    if path is None:
        raise ToolNotFoundError(tool, install_hint(tool))
    return path


def tools_required(environ: Mapping[str, str] | None = None) -> bool:
    """``MAC_REQUIRE_TOOLS=1`` turns a missing tool from a skipped step into a failure (CI sets it)."""
    environ = os.environ if environ is None else environ
    return environ.get("MAC_REQUIRE_TOOLS", "") not in ("", "0", "false", "no")


def run_tool(args: Sequence[str], timeout: float = 300, cwd: str | None = None) -> subprocess.CompletedProcess:
    """Run a tool, capturing text output; a hang becomes a clear error instead of a stuck build."""
    try:
        return subprocess.run(list(args), capture_output=True, text=True, timeout=timeout, cwd=cwd, check=False)
    except subprocess.TimeoutExpired as exc:
        return subprocess.CompletedProcess(args, 124, "", f"{os.path.basename(args[0])} timed out after {exc.timeout}s")
