"""Run one blocking call per item on a few threads that take the next item themselves.

Publishing reads and writes a thousand dashboards through a pool of keep-alive connections, one
request in flight per thread. With ``ThreadPoolExecutor`` every item also cost a future, a queue
hand-off and a wake-up of the calling thread to collect its result and submit the next: a quarter
more context switches, each a wait for the interpreter lock the request threads need. Here each
worker takes the next index under a lock and writes its result into a preallocated slot, and the
calling thread only waits for the workers to end. Memory is one slot per item (the plan keeps one
change per dashboard anyway), not a future.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def parallel_map(fn: Callable[[Any], T], items: Sequence[Any], workers: int, name: str = "mac") -> list[T]:
    """``[fn(item) for item in items]``, ``workers`` calls at a time.

    When a call raises, no new call starts; the calls in flight finish, then the exception of the
    first failed item (in ``items`` order) is raised. An interrupt (Ctrl-C) in the calling thread
    does the same: no new call starts, the ones in flight finish, then it is raised.

    :param fn: the call, made from worker threads
    :param items: its arguments
    :param workers: threads (at most one per item)
    :param name: thread name prefix (shown in tracebacks and profilers)
    """
    results: list[Any] = [None] * len(items)
    failures: list[tuple[int, BaseException]] = []
    stop = threading.Event()
    lock = threading.Lock()
    taken = 0

    def work() -> None:
        nonlocal taken
        while not stop.is_set():
            with lock:
                index = taken
                taken += 1
            if index >= len(items):
                return
            try:
                results[index] = fn(items[index])
            except BaseException as exc:  # noqa: BLE001 - re-raised in the calling thread
                failures.append((index, exc))
                stop.set()
                return

    threads = [threading.Thread(target=work, name=f"{name}-{n}", daemon=True)
               for n in range(min(max(workers, 1), len(items)))]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            thread.join()
    except BaseException:
        stop.set()  # start nothing more; let the requests in flight end before giving up
        for thread in threads:
            thread.join()
        raise
    if failures:
        raise min(failures, key=lambda failure: failure[0])[1]
    return results
