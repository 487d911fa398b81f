"""A build with a problem at `bug` or above, or a definition that cannot load, leaves build/ as it was."""

import os
import textwrap

import pytest

GOOD = """\
from monitoring_as_code.prometheus import AlertingRule, RuleFile, RuleGroup

api = RuleFile([RuleGroup("api", [
    AlertingRule("ApiDown", 'up{job="api"} == 0', for_="1m", labels={"severity": "critical"},
                 annotations={"summary": "{{ $labels.job }} down", "description": "d",
                              "runbook_url": "https://runbooks.example/ApiDown"}),
])])
"""


def snapshot(root):
    files = {}
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            path = os.path.join(dirpath, name)
            with open(path, encoding="utf-8") as fh:
                files[os.path.relpath(path, root)] = (fh.read(), os.stat(path).st_mtime_ns)
    return files


@pytest.fixture
def project(tmp_path):
    (tmp_path / "setup.cfg").write_text("[monitoring_as_code]\ndefinitions = rules\n")
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "api.py").write_text(GOOD)
    return tmp_path


@pytest.mark.parametrize(
    "broken, status",
    [
        # A second rule file whose alert template is broken: a bug found after compiling.
        (textwrap.dedent("""\
            from monitoring_as_code.prometheus import RuleFile, RuleGroup
            bad = RuleFile([RuleGroup("bad", [])])
            bad.groups[0].rules.append({"alert": "X", "expr": "up ==", "labels": {"severity": "critical"}})
            """), 1),
        # A definition that raises while loading.
        ("raise RuntimeError('oops')\n", 2),
    ],
    ids=["bug-level problem", "definition error"],
)
def test_failed_build_changes_nothing(project, mac, broken, status):
    assert mac(["build"], cwd=str(project)).status == 0
    before = snapshot(project / "build")
    assert "prometheus/rules/api.yml" in before
    (project / "rules" / "api.py").write_text(GOOD.replace("== 0", "== 1"))  # a change that would be written
    (project / "rules" / "zz_broken.py").write_text(broken)
    result = mac(["build"], cwd=str(project))
    assert result.status == status, result.stdout + result.stderr
    assert snapshot(project / "build") == before
