"""Running promtool once for many files, and reading its output back into structured results.

``promtool check rules`` prints ``FILE: LINE:COL: group "g", rule N, "name": message`` (the
position and the group part are each optional, and YAML errors follow as ``  line N: ...``
lines). ``promtool test rules`` prints ``Unit Testing:  FILE`` then ``SUCCESS`` or ``FAILED:``
and one block per failing test group, starting ``    name: NAME,``. stderr is merged into
stdout so the two streams stay in the order promtool wrote them.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field

from monitoring_as_code.core.tools import run_tool

_POSITION = re.compile(r"^(\d+):(\d+): ")
_RULE = re.compile(r'^group "((?:[^"\\]|\\.)*)", rule (\d+), "((?:[^"\\]|\\.)*)": ')
_GROUPNAME = re.compile(r'^groupname: "((?:[^"\\]|\\.)*)" is repeated')
_YAML_LINE = re.compile(r"^\s+line (\d+): (.*)$")


@dataclass
class CheckIssue:
    """One error promtool reported about a rule file."""

    message: str
    line: int | None = None
    column: int | None = None
    group: str | None = None
    rule: int | None = None  # 1-based, as promtool counts


def _run(args: list[str], cwd: str | None) -> str:
    try:
        proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=cwd,
                              timeout=600, check=False)
    except subprocess.TimeoutExpired:
        return run_tool(["false"]).stdout + f"\n{args[0]} timed out\n"
    return proc.stdout


def check_rules(promtool: str, files: list[str], cwd: str) -> tuple[dict[str, list[CheckIssue]], str]:
    """``promtool check rules --lint=none FILES`` in one process: issues per file, and the raw output.

    Duplicate rules are left to our own ``rules/duplicate-rule`` check (a warning, like promtool's lint).
    """
    output = _run([promtool, "check", "rules", "--lint=none", *files], cwd)
    issues: dict[str, list[CheckIssue]] = {f: [] for f in files}
    prefixes = sorted(files, key=len, reverse=True)
    current: str | None = None
    for line in output.splitlines():
        match = _YAML_LINE.match(line)
        if match and current is not None:
            issues[current].append(CheckIssue(match.group(2), int(match.group(1))))
            continue
        owner = next((f for f in prefixes if line.startswith(f + ": ")), None)
        if owner is None:
            continue
        current = owner
        issues[owner].append(_parse_issue(line[len(owner) + 2 :]))
    return issues, output


def _parse_issue(text: str) -> CheckIssue:
    line = column = None
    while True:  # promtool sometimes prints two positions (`5:13: 4:12: ...`); the first is the rule's
        match = _POSITION.match(text)
        if not match:
            break
        if line is None and match.group(1) != "0":
            line, column = int(match.group(1)), int(match.group(2))
        text = text[match.end():]
    issue = CheckIssue(text, line, column)
    match = _RULE.match(text)
    if match:
        issue.group, issue.rule, issue.message = match.group(1), int(match.group(2)), text[match.end():]
    else:
        match = _GROUPNAME.match(text)
        if match:
            issue.group = match.group(1)
    if issue.message.startswith("yaml: unmarshal errors:") and not issue.message[len("yaml: unmarshal errors:"):].strip():
        issue.message = ""  # the `line N:` lines that follow carry the errors
    return issue


@dataclass
class FileResult:
    """What ``promtool test rules`` said about one test file.

    :param passed: the whole file passed
    :param failures: test-group name -> promtool's verbatim failure block
    :param errors: failures not attributed to a named group (series or rule file that did not load...)
    """

    passed: bool = False
    seen: bool = False
    failures: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


_HEADER = re.compile(r"^Unit Testing:\s+(.*?)\s*$")
_NAME = re.compile(r"^    name: (.*),\s*$")


def test_rules(promtool: str, files: list[str], cwd: str | None = None) -> tuple[dict[str, FileResult], str]:
    """``promtool test rules FILES`` in one process: a :class:`FileResult` per file, and the raw output."""
    output = _run([promtool, "test", "rules", *files], cwd)
    results = {f: FileResult() for f in files}
    current: FileResult | None = None
    name: str | None = None  # the failing group whose block is being read (None: an unnamed error)
    for line in output.splitlines():
        header = _HEADER.match(line)
        if header:
            current = results.setdefault(header.group(1), FileResult())
            current.seen = True
            name = None
            continue
        stripped = line.strip()
        if current is None or not stripped or stripped == "FAILED:":
            continue
        if stripped.startswith("SUCCESS"):
            current.passed = True
            continue
        match = _NAME.match(line)
        if match:
            name = match.group(1)
            current.failures[name] = line
        elif not line.startswith(" "):  # unnamed errors start at column 0
            name = None
            current.errors.append(line)
        elif name is not None:
            current.failures[name] += "\n" + line
        elif current.errors:
            current.errors[-1] += "\n" + line
        else:
            current.errors.append(line)
    return results, output
