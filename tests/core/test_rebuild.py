"""A second `mac build` with nothing changed rewrites no file (make-style tools and rsync see no change)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from monitoring_as_code.core.artifact import MANIFEST


def snapshot(folder: str) -> dict[str, tuple[int, int, int]]:
    """path -> (inode, size, mtime_ns) of every file under ``folder``."""
    found = {}
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(dirpath, name)
            stat = os.stat(path)
            found[os.path.relpath(path, folder)] = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    return found


def counts(stderr: str) -> tuple[int, int, int]:
    match = re.search(r"\((\d+) written, (\d+) unchanged, (\d+) removed\)", stderr)
    assert match, stderr
    return int(match[1]), int(match[2]), int(match[3])


def test_second_build_of_the_example_rewrites_nothing(mac, repo_root, tmp_path) -> None:
    out = str(tmp_path / "build")
    first = mac(["build", "-o", out], cwd=repo_root)
    assert first.status == 0, first.stdout + first.stderr
    written, unchanged, removed = counts(first.stderr)
    assert written > 20 and unchanged == 0 and removed == 0
    before = snapshot(out)

    second = mac(["build", "-o", out], cwd=repo_root)
    assert second.status == 0, second.stdout + second.stderr
    assert counts(second.stderr) == (0, written, 0)
    assert snapshot(out) == before  # same inode, size and mtime: not even rewritten in place


def build_in_new_process(cwd: str, out: str):
    """A fresh process each time, as `make build` runs it (in-process, edited modules stay imported)."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-m", "monitoring_as_code", "build", "-o", out], cwd=cwd, env=env, check=False,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_a_changed_definition_rewrites_only_its_files(tmp_path) -> None:
    (tmp_path / "setup.cfg").write_text("[monitoring_as_code]\ndefinitions = rules\n")
    (tmp_path / "rules").mkdir()
    source = '''\
from monitoring_as_code.prometheus import RecordingRule, RuleFile, RuleGroup

{name} = RuleFile([RuleGroup("{name}", rules=[
    RecordingRule(record="job:up_{name}:sum", expr="sum by (job) (up{{job='{name}'}})"),
])], name="{name}")
'''
    for name in ("one", "two"):
        (tmp_path / "rules" / f"{name}.py").write_text(source.format(name=name))
    out = str(tmp_path / "build")
    build_in_new_process(str(tmp_path), out)
    before = snapshot(out)

    (tmp_path / "rules" / "two.py").write_text(source.format(name="two").replace("sum by (job)", "max by (job)"))
    second = build_in_new_process(str(tmp_path), out)
    after = snapshot(out)
    assert after.keys() == before.keys()
    changed = sorted(path for path in after if after[path] != before[path])
    assert changed and all("two" in path for path in changed), changed
    outputs = [path for path in after if path != MANIFEST]
    assert counts(second.stderr) == (len(changed), len(outputs) - len(changed), 0)
