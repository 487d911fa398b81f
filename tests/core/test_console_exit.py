"""The ``mac`` console script (``cli.main``): exit status, output flushed, exit hooks run, and a
reader that leaves early (``mac check | head``) ends the run quietly with 141, like SIGPIPE would.

``main`` leaves with ``os._exit`` (no interpreter teardown), so these run real processes.
"""

from __future__ import annotations

import os
import subprocess
import sys

BAD_RULES = """\
groups:
  - name: api
    rules:
""" + "".join(
    f"""      - alert: Broken{i}
        expr: sum(rate(http_requests_total[5m]) > 
""" for i in range(400)
)

GOOD_RULES = """\
groups:
  - name: api
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
"""


def console(args: list[str], cwd: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "MAC_CACHE_DIR": os.path.join(cwd, ".cache")}
    return subprocess.run(
        [sys.executable, "-m", "monitoring_as_code", *args], cwd=cwd, env=env, capture_output=True, text=True,
        timeout=120, check=False, **kwargs,
    )


def test_exit_status_and_output_survive_the_fast_exit(tmp_path) -> None:
    (tmp_path / "good.yml").write_text(GOOD_RULES)
    (tmp_path / "bad.yml").write_text(BAD_RULES)
    good = console(["check", "good.yml"], str(tmp_path))
    assert good.returncode == 0, good.stderr
    assert "No problems found" in good.stdout + good.stderr
    bad = console(["check", "--format", "json", "bad.yml"], str(tmp_path))
    assert bad.returncode == 1, bad.stderr
    # every problem reached the pipe before the process left: the JSON report is complete
    assert bad.stdout.count('"check": "promql/syntax"') == 400
    assert bad.stdout.rstrip().endswith(("]", "}"))


def test_exit_hooks_still_run(tmp_path) -> None:
    probe = (
        "import atexit, sys\n"
        "from monitoring_as_code import cli\n"
        "atexit.register(lambda: open('hook-ran', 'w').close())\n"
        "cli.main(['--version'])\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "hook-ran").exists()


def test_a_reader_that_leaves_early_is_not_an_error(tmp_path) -> None:
    (tmp_path / "bad.yml").write_text(BAD_RULES)
    env = {**os.environ, "MAC_CACHE_DIR": str(tmp_path / ".cache")}
    mac = subprocess.Popen(
        [sys.executable, "-m", "monitoring_as_code", "check", "bad.yml"], cwd=tmp_path, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert mac.stdout is not None and mac.stderr is not None
    mac.stdout.readline()
    mac.stdout.close()  # `| head -1`
    stderr = mac.stderr.read().decode()
    assert mac.wait(timeout=120) == 141
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr
