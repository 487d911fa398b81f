"""Shared helpers for the benchmarks: side-by-side timing, medians, ratios, peak memory, tables.

These machines are noisy (2 cores shared with other work), so no number here is trusted alone:
the contenders of one comparison run alternately, round after round, in the same process run,
and the tables report medians and the ratio between them. Typical use::

    from _harness import Bench

    bench = Bench("check: 10,000 rules", repeat=5)
    results = bench.commands({
        "promtool check rules": ["promtool", "check", "rules", path],
        "mac check": ["mac", "check", path],
    })
    bench.table(results, baseline="promtool check rules", target="mac check <= 0.5x promtool")
    bench.print()

Whole processes are timed with ``time.perf_counter`` around ``Popen`` + a blocking ``os.wait4``, which
also gives each child's peak resident memory (``ru_maxrss``). In-process callables are timed
with :meth:`Bench.calls`, their peak Python allocation with ``tracemalloc`` when asked.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
#: scratch space for generated inputs and outputs (git-ignored)
OUT = os.path.join(HERE, "out")
VENV_BIN = os.path.join(ROOT, ".venv", "bin")


def tool(name: str) -> str:
    """The venv's console script (``mac``) or python if it exists, else ``name`` on PATH."""
    candidate = os.path.join(VENV_BIN, name)
    return candidate if os.path.exists(candidate) else name


def python() -> str:
    return tool("python") if os.path.exists(os.path.join(VENV_BIN, "python")) else sys.executable


def bench_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for measured processes: a user's, with Python's bytecode cache on.

    Sandboxes often export ``PYTHONDONTWRITEBYTECODE=1``; then every ``mac`` start compiles
    all its modules again (~0.2 s) which no user pays. Colours are off so output is cheap.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"
    env.update(extra or {})
    return env


@dataclass
class Samples:
    """The timings (seconds) and peak memory (KiB, for processes) of one contender."""

    label: str
    seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    returncodes: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def worst(self) -> float:
        return max(self.seconds)

    @property
    def peak_mib(self) -> float | None:
        return max(self.peak_kib) / 1024 if self.peak_kib else None


def run_process(
    argv: Sequence[str], cwd: str | None = None, env: Mapping[str, str] | None = None,
    stdin: bytes | None = None, timeout: float = 600.0,
) -> tuple[float, int, int]:
    """Run one process to its end: (wall seconds, peak RSS KiB, exit status). Output is discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(argv), cwd=cwd, env=dict(env) if env is not None else bench_env(),
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    if stdin is not None:
        assert proc.stdin is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
    # Block in wait4 (a sleeping timer enforces the timeout): a polling loop here would wake up
    # thousands of times a second and take CPU from the measured process on a 2-core machine
    # (it cost a 2-process `mac check` ~10% of its wall time, promtool ~2%).
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        _pid, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    elapsed = time.perf_counter() - start
    if elapsed >= timeout:
        raise TimeoutError(f"{argv[0]} ran longer than {timeout:g} s")
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, int(usage.ru_maxrss), proc.returncode


def measure_call(fn: Callable[[], object], memory: bool = False) -> tuple[float, int]:
    """Time one call; with ``memory`` also its peak Python allocation in KiB (tracemalloc slows it)."""
    if memory:
        tracemalloc.start()
    start = time.perf_counter()
    try:
        fn()
        elapsed = time.perf_counter() - start
    finally:
        peak = tracemalloc.get_traced_memory()[1] // 1024 if memory else 0
        if memory:
            tracemalloc.stop()
    return elapsed, peak


class Bench:
    """One benchmark script's comparisons and its markdown output.

    :param title: heading of the section this script prints
    :param repeat: measured rounds per contender
    :param warmup: unmeasured rounds first (file cache, bytecode, JIT-less warm-up)
    """

    def __init__(self, title: str, repeat: int = 5, warmup: int = 1) -> None:
        self.title = title
        self.repeat = repeat
        self.warmup = warmup
        self.sections: list[str] = []

    @classmethod
    def from_args(cls, title: str, argv: Sequence[str] | None = None, repeat: int = 5, **extra: object) -> tuple[Bench, argparse.Namespace]:
        """A Bench configured from the command line (``--repeat``, ``--warmup``, plus ``extra`` options).

        ``extra`` maps option names to defaults, e.g. ``rules=10000`` adds ``--rules``.
        """
        parser = argparse.ArgumentParser(description=title)
        parser.add_argument("--repeat", type=int, default=repeat, help="measured rounds (default %(default)s)")
        parser.add_argument("--warmup", type=int, default=1, help="unmeasured rounds first (default %(default)s)")
        for name, default in extra.items():
            parser.add_argument(f"--{name.replace('_', '-')}", type=type(default), default=default)
        args = parser.parse_args(argv)
        return cls(title, repeat=args.repeat, warmup=args.warmup), args

    def commands(
        self, commands: Mapping[str, Sequence[str]], cwd: str | None = None, env: Mapping[str, str] | None = None,
        ok: Iterable[int] = (0, 1), before: Mapping[str, Callable[[], object]] | None = None,
        envs: Mapping[str, Mapping[str, str]] | None = None,
    ) -> dict[str, Samples]:
        """Run whole processes alternately: each round runs every command once, in a rotated order.

        :param commands: label -> argv
        :param env: the environment of every command (default :func:`bench_env`)
        :param ok: exit statuses that count as a normal run (``mac check`` exits 1 on problems)
        :param before: label -> callable run (unmeasured) before each run of that command,
            e.g. to clear a cache
        :param envs: label -> variables added to ``env`` for that command only
        """
        env = bench_env() if env is None else env
        env_of = {label: {**env, **(envs or {}).get(label, {})} for label in commands}
        results = {label: Samples(label) for label in commands}
        labels = list(commands)
        allowed = set(ok)
        for round_ in range(self.warmup + self.repeat):
            shift = round_ % len(labels)
            for label in labels[shift:] + labels[:shift]:
                if before and label in before:
                    before[label]()
                seconds, peak, code = run_process(commands[label], cwd=cwd, env=env_of[label])
                if code not in allowed:
                    raise RuntimeError(f"{label}: exit status {code}: {' '.join(commands[label])}")
                if round_ >= self.warmup:
                    sample = results[label]
                    sample.seconds.append(seconds)
                    sample.peak_kib.append(peak)
                    sample.returncodes.append(code)
        return results

    def calls(
        self, calls: Mapping[str, Callable[[], object]], memory: bool = False,
        before: Mapping[str, Callable[[], object]] | None = None,
    ) -> dict[str, Samples]:
        """Time in-process callables alternately, like :meth:`commands` (peak KiB via tracemalloc)."""
        results = {label: Samples(label) for label in calls}
        labels = list(calls)
        for round_ in range(self.warmup + self.repeat):
            shift = round_ % len(labels)
            for label in labels[shift:] + labels[:shift]:
                if before and label in before:
                    before[label]()
                seconds, peak = measure_call(calls[label], memory=memory)
                if round_ >= self.warmup:
                    results[label].seconds.append(seconds)
                    if memory:
                        results[label].peak_kib.append(peak)
        return results

    def table(
        self, results: Mapping[str, Samples], baseline: str | None = None, target: str = "",
        note: str = "", per: tuple[int, str] | None = None,
    ) -> str:
        """Add a markdown table: median, best, worst, peak memory, ratio to ``baseline``.

        :param baseline: the label the others are compared with (ratio = baseline median / median,
            so 2.0x means twice as fast as the baseline)
        :param target: the goal, printed under the table with whether the medians meet it
        :param per: ``(count, unit)`` adds a column with the median per item, e.g. ``(1000, "dashboard")``
        """
        base = results[baseline].median if baseline else None
        headers = ["run", "median", "best", "worst"]
        if per:
            headers.append(f"per {per[1]}")
        headers.append("peak memory")
        if base is not None:
            headers.append(f"speed vs {baseline}")
        rows = []
        for label, sample in results.items():
            row = [label, fmt_seconds(sample.median), fmt_seconds(sample.best), fmt_seconds(sample.worst)]
            if per:
                row.append(fmt_seconds(sample.median / per[0]))
            row.append(f"{sample.peak_mib:.0f} MiB" if sample.peak_mib is not None else "-")
            if base is not None:
                row.append("baseline" if label == baseline else f"{base / sample.median:.2f}x")
            rows.append(row)
        text = markdown_table(headers, rows)
        if target:
            text += f"\n\nTarget: {target}."
        if note:
            text += f"\n\n{note}"
        self.sections.append(text)
        return text

    def note(self, text: str) -> None:
        self.sections.append(text)

    def render(self) -> str:
        rounds = f"{self.repeat} measured round(s) after {self.warmup} warm-up, contenders alternating"
        return f"### {self.title}\n\n_{rounds}._\n\n" + "\n\n".join(self.sections) + "\n"

    def print(self) -> None:
        sys.stdout.write(self.render())
        sys.stdout.flush()


def ratio(faster: Samples, slower: Samples) -> float:
    """How many times faster ``faster`` is than ``slower`` (by medians)."""
    return slower.median / faster.median


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


def fmt_seconds(seconds: float) -> str:
    if seconds < 0.001:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def version_of(argv: Sequence[str]) -> str:
    """The first line a tool prints for its version, or "not installed"."""
    try:
        out = subprocess.run(list(argv), capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "not installed"
    text = (out.stdout or out.stderr).strip().splitlines()
    return text[0] if text else "unknown"


def package_version(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, str]:
    """What a reader needs to compare numbers: CPU, cores, memory, OS, Python, tool versions."""
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            cpu = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), cpu)
    except OSError:
        pass
    memory = "unknown"
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            kib = int(next(line.split()[1] for line in fh if line.startswith("MemTotal")))
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "promtool": version_of(["promtool", "--version"]),
        "amtool": version_of(["amtool", "--version"]),
        **{pkg: package_version(pkg) for pkg in (
            "monitoring-as-code", "PyYAML", "yaml-rs", "promql-parser", "grafanalib", "requests", "attrs",
        )},
    }
