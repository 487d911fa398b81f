"""The code passes ruff with the repository's settings (ruff.toml), as the CI workflow's lint job requires."""

import subprocess
import sys


def test_ruff_finds_nothing(repo_root):
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "monitoring_as_code", "tests", "bench", "rules",
         "dashboards", "alertmanager", "loki"],
        cwd=repo_root, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
