"""Start-up: `mac --help` and `mac check` on one small rule file, next to `promtool --version`.

A pre-commit hook runs `mac check` on every commit, so its fixed cost matters more than its
speed on big inputs. The target is under 150 ms of process wall time (median), on the 2-core CI
machine, with nothing heavy imported that the verb does not need.

    .venv/bin/python bench/startup.py [--repeat 15]
"""

from __future__ import annotations

import json
import subprocess
import sys

from _corpus import rule_file_text, write
from _harness import OUT, Bench, bench_env, python, tool, verdict

HEAVY = ("grafanalib", "requests", "jsonschema", "urllib3", "promql_parser", "attr", "yaml", "yaml_rs")
TARGET_SECONDS = 0.150


def imported(argv: list[str]) -> list[str]:
    """Top-level packages a `mac` process has imported when it exits (from sys.modules)."""
    code = (
        "import sys, json\nfrom monitoring_as_code.cli import run\n"
        "code = run(sys.argv[1:])\nsys.stdout.write('\\nMODULES ' + json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([python(), "-c", code, *argv], capture_output=True, text=True, env=bench_env(), check=False).stdout
    modules = json.loads(out.rsplit("MODULES ", 1)[1])
    return sorted({m.split(".")[0] for m in modules if m.split(".")[0] in HEAVY})


def main(argv: list[str] | None = None) -> None:
    bench, _args = Bench.from_args(__doc__.splitlines()[0], argv, repeat=15)
    small = write("small-rules.yml", rule_file_text(20), OUT)
    mac = tool("mac")
    results = bench.commands({
        "python -c pass": [python(), "-c", "pass"],
        "promtool --version": ["promtool", "--version"],
        "mac --version": [mac, "--version"],
        "mac --help": [mac, "--help"],
        "mac check small.yml": [mac, "check", small],
        "mac check --no-cache small.yml": [mac, "check", "--no-cache", small],
    }, cwd=OUT)
    met = all(results[k].median < TARGET_SECONDS for k in ("mac --help", "mac check small.yml"))
    bench.table(
        results, baseline="promtool --version",
        target=f"`mac --help` and `mac check small.yml` under 150 ms median: {verdict(met)}",
        note="`small.yml`: 20 rules (10 recording, 10 alerting). `python -c pass` is the interpreter's own floor.",
    )
    rows = [f"- `mac {' '.join(a)}`: {', '.join(imported(a)) or 'none'}" for a in (["--help"], ["check", small])]
    bench.note("Heavy packages imported (of " + ", ".join(HEAVY) + "):\n\n" + "\n".join(rows))
    bench.print()


if __name__ == "__main__":
    sys.exit(main())
