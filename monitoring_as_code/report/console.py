"""Human-readable problems, one block each, in file order."""

from __future__ import annotations

from typing import TextIO

from monitoring_as_code.core.problem import Problem, Report


def format_problem(problem: Problem) -> str:
    loc = problem.location
    lines = [f"{str(problem.severity).capitalize()}: {problem.message} ({problem.check})"]
    where = loc.short()
    if loc.ref or loc.object_path:
        where += " -> " + " ".join(x for x in (loc.ref, loc.object_path) if x)
    lines.append(f"  ---> {where}")
    if loc.artifact:
        lines.append(f"       {loc.artifact}" + (f":{loc.artifact_line}" if loc.artifact_line else ""))
    if problem.details:
        lines.extend("  " + line for line in problem.details.rstrip().splitlines())
    if problem.hint:
        lines.append(f"  hint: {problem.hint}")
    return "\n".join(lines)


def render(report: Report, stream: TextIO) -> None:
    stream.writelines(format_problem(problem) + "\n" for problem in report.sorted())
