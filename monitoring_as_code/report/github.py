"""``--format github``: GitHub Actions workflow commands, one annotation per problem."""

from __future__ import annotations

from typing import TextIO

from monitoring_as_code.core.problem import Problem, Report, Severity

_LEVEL = {Severity.INFO: "notice", Severity.WARNING: "warning", Severity.BUG: "error", Severity.FATAL: "error"}


def _escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def format_problem(problem: Problem) -> str:
    loc = problem.location
    props = []
    if loc.file or loc.artifact:
        props.append(f"file={_escape(loc.file or loc.artifact or '', True)}")
    if loc.line:
        props.append(f"line={loc.line}")
    props.append(f"title={_escape(problem.check, True)}")
    message = problem.message + (f"\n{problem.details}" if problem.details else "")
    message += f"\nhint: {problem.hint}" if problem.hint else ""
    return f"::{_LEVEL[problem.severity]} {','.join(props)}::{_escape(message)}"


def render(report: Report, stream: TextIO) -> None:
    stream.writelines(format_problem(problem) + "\n" for problem in report.sorted())
