"""Per-document validation spread over processes (``mac check -j N``, ``mac build -j N``).

Once compiled, documents are checked independently of each other, and checking is pure Python
work bound to one core by the interpreter lock. A large run is cut into units (documents, and
parts of very large ones that their target :meth:`~monitoring_as_code.core.target.Target.split`),
the units are dealt out by size, and each share is validated in a forked worker, which inherits
the run (documents, imports, settings) for free and sends back only its problems. This process
validates one share itself, so ``-j 2`` uses two cores with one extra process.

Workers are forked (Linux only: macOS and Windows run serially), and only when the run is
large enough to repay it (:data:`MIN_PARALLEL_BYTES` of document text); a small pre-commit
check never forks. The library's entry points default to one process (forking a program with
threads of its own is unsafe); the ``mac`` command defaults to every usable CPU.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import NoReturn, TypeVar

U = TypeVar("U")
R = TypeVar("R")

#: below this much document text, forking costs more than it saves (~0.5 s of checking per MB)
MIN_PARALLEL_BYTES = 512 * 1024
#: the environment variable that sets the default of ``--jobs``
JOBS_VARIABLE = "MAC_JOBS"


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, which containers and ``taskset`` narrow)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_jobs(environ: Mapping[str, str] | None = None) -> int:
    """``$MAC_JOBS`` if set, else every usable CPU.

    :raises ValueError: when ``$MAC_JOBS`` is not a positive whole number
    """
    value = (os.environ if environ is None else environ).get(JOBS_VARIABLE, "").strip()
    if not value:
        return usable_cpus()
    jobs = int(value) if value.isdigit() else 0
    if jobs < 1:
        raise ValueError(f"{JOBS_VARIABLE}={value!r}: give the number of processes, e.g. {JOBS_VARIABLE}=4 (1 runs serially)")
    return jobs


def can_fork() -> bool:
    """Whether workers may be forked here: Linux only (forking is unsafe on macOS, absent on Windows)."""
    return sys.platform.startswith("linux")


def deal(weights: Sequence[int], shares: int) -> list[list[int]]:
    """Indexes of ``weights`` dealt into ``shares`` lists of about equal total weight (heaviest first)."""
    bins: list[list[int]] = [[] for _ in range(shares)]
    totals = [0] * shares
    for index in sorted(range(len(weights)), key=lambda i: -weights[i]):
        lightest = totals.index(min(totals))
        bins[lightest].append(index)
        totals[lightest] += weights[index]
    return [sorted(b) for b in bins if b]


# The work of one run, set before forking: workers inherit it and receive only share numbers.
_work: Callable[[int], object] | None = None


def _run_share(indexes: list[int]) -> list[object]:
    assert _work is not None
    return [_work(i) for i in indexes]


class _Worker:
    """A forked child computing one share and writing its pickled results to a pipe.

    Plain ``os.fork`` rather than a process pool: the pool's imports, threads and queues cost
    20-40 ms before the first unit runs, a tenth of a large check.
    """

    def __init__(self, share: list[int]) -> None:
        self.share = share
        readable, writable = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns
            os.close(readable)
            self._serve(writable)
        os.close(writable)
        self.pipe = readable

    def _serve(self, writable: int) -> NoReturn:
        status = 1  # any failure: the parent computes the share itself, and shows the error if it recurs
        try:
            import pickle

            with os.fdopen(writable, "wb") as out:
                out.write(pickle.dumps(_run_share(self.share), pickle.HIGHEST_PROTOCOL))
            status = 0
        finally:
            os._exit(status)  # no exit hooks, no flushing of buffers the parent also holds

    def results(self) -> list[object] | None:
        """The share's results, or ``None`` if the child died (killed, or a crash in a native library)."""
        import pickle

        with os.fdopen(self.pipe, "rb") as pipe:
            payload = pipe.read()
        _pid, status = os.waitpid(self.pid, 0)
        if status != 0 or not payload:
            return None
        return pickle.loads(payload)

    def stop(self) -> None:
        """Kill and reap the child (this process is leaving early, e.g. on Ctrl-C)."""
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.close(self.pipe)
            os.waitpid(self.pid, 0)
        except OSError:
            pass


def map_units(work: Callable[[int], R], weights: Sequence[int], jobs: int) -> list[R]:
    """``[work(i) for i in range(len(weights))]``, computed in up to ``jobs`` processes.

    A worker that dies (killed, or a crash in a native library) costs no result: its share is
    computed here instead, as with ``jobs=1``.

    :param work: validates unit ``i``; its result must pickle (problems do)
    :param weights: the size of each unit (e.g. its text length), to balance the shares
    :param jobs: processes to use, this one included
    """
    shares = deal(weights, min(jobs, len(weights))) if jobs > 1 and can_fork() else [list(range(len(weights)))]
    if len(shares) < 2:
        return [work(i) for i in range(len(weights))]
    global _work
    _work = work
    results: list[object] = [None] * len(weights)
    workers: list[_Worker] = []
    try:
        for share in shares[1:]:
            workers.append(_Worker(share))
        for i in shares[0]:
            results[i] = work(i)
        while workers:
            worker = workers.pop(0)
            found = worker.results()
            if found is None:
                found = [work(i) for i in worker.share]
            for i, result in zip(worker.share, found):
                results[i] = result
    finally:
        _work = None
        for worker in workers:
            worker.stop()
    return results  # type: ignore[return-value]
