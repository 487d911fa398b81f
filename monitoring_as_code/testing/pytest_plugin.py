"""pytest fixtures for monitoring repos (installed as a pytest plugin with the package).

``promtool``, ``amtool``, ``prometheus_binary`` and ``alertmanager_binary`` give the tool's path,
or skip the test with an install hint; with ``MAC_REQUIRE_TOOLS=1`` (CI) they fail instead, so a
missing tool can never pass as green. ``mac`` runs the CLI in-process.
"""

from __future__ import annotations

import pytest

from monitoring_as_code.core.tools import find_tool, install_hint, tools_required
from monitoring_as_code.testing.cli_runner import run_cli


def require(tool: str) -> str:
    """The tool's path, else skip (or fail under ``MAC_REQUIRE_TOOLS=1``)."""
    path = find_tool(tool)
    if path:
        return path
    message = f"{tool} not found: {install_hint(tool)}"
    if tools_required():
        pytest.fail(message + " (MAC_REQUIRE_TOOLS=1)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def promtool() -> str:
    return require("promtool")


@pytest.fixture(scope="session")
def amtool() -> str:
    return require("amtool")


@pytest.fixture(scope="session")
def prometheus_binary() -> str:
    return require("prometheus")


@pytest.fixture(scope="session")
def alertmanager_binary() -> str:
    return require("alertmanager")


@pytest.fixture
def mac():
    """``mac(argv, cwd=None, environ=None) -> CliResult(status, stdout, stderr)``, in-process."""
    return run_cli


@pytest.fixture
def grafana_emulator():
    """A running :class:`~monitoring_as_code.testing.grafana_emulator.GrafanaEmulator` (stopped after the test)."""
    from monitoring_as_code.testing.grafana_emulator import GrafanaEmulator

    with GrafanaEmulator() as emulator:
        yield emulator
