"""Exceptions that stop a run. They are turned into exit codes only in ``cli.py``.

Problems found in definitions are not exceptions: see ``core.problem``.
"""

from __future__ import annotations

from monitoring_as_code.status import ExitStatus


class MonitoringAsCodeError(Exception):
    """Base of every error ``mac`` reports without a traceback."""

    exit_status = ExitStatus.USAGE_OR_DEFINITION_ERROR
    code = ""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.code}: {self.message}" if self.code else self.message
        return f"{text}\n  hint: {self.hint}" if self.hint else text


class UsageError(MonitoringAsCodeError):
    """Bad arguments or configuration."""


class DefinitionError(MonitoringAsCodeError):
    """A definition file could not be loaded (syntax error, exception at import...).

    :param file: the definition file at fault
    :param line: the line in that file, when known
    """

    code = "D004"

    def __init__(self, message: str, file: str = "", line: int | None = None, hint: str = "") -> None:
        where = f"{file}:{line}: " if file and line else (f"{file}: " if file else "")
        super().__init__(f"{where}{message}", hint)
        self.file = file
        self.line = line


class ToolNotFoundError(MonitoringAsCodeError):
    """A required external tool (promtool, amtool) is missing."""

    exit_status = ExitStatus.TOOL_MISSING

    def __init__(self, tool: str, hint: str) -> None:
        super().__init__(f"{tool} not found", hint)
        self.tool = tool


class PublishError(MonitoringAsCodeError):
    """D001: publishing to Grafana failed (an API error, a refused overwrite, a connection failure).

    :param status: the HTTP status, when Grafana answered
    :param body: Grafana's answer, kept for the report
    :param ref: what was being published, e.g. ``Dashboard/pu-service-overview``
    """

    code = "D001"
    exit_status = ExitStatus.PUBLISH_FAILED

    def __init__(self, message: str, hint: str = "", status: int | None = None, body: object = None, ref: str = "") -> None:
        super().__init__(message, hint)
        self.status = status
        self.body = body
        self.ref = ref


class HealthCheckError(PublishError):
    """D002: Grafana's ``/api/health`` did not answer healthy; nothing was written."""

    code = "D002"


class RollbackError(PublishError):
    """D003: a write failed for good, and what this run had written was rolled back."""

    code = "D003"
