"""parallel_map: results in order, at most ``workers`` calls at once, nothing new after a failure."""

import threading
import time

import pytest

from monitoring_as_code.grafana.parallel import parallel_map


def test_results_in_item_order_with_bounded_concurrency():
    running, peak, lock = 0, 0, threading.Lock()

    def call(item):
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.002 * (item % 3))  # finish out of order
        with lock:
            running -= 1
        return item * 2

    assert parallel_map(call, list(range(50)), 4) == [i * 2 for i in range(50)]
    assert 1 < peak <= 4


def test_empty_and_more_workers_than_items():
    assert parallel_map(lambda item: item, [], 16) == []
    assert parallel_map(lambda item: item + 1, [1, 2], 16) == [2, 3]


def test_first_failure_in_item_order_and_no_new_calls_after_it():
    started = []

    def call(item):
        started.append(item)
        if item in (3, 5):
            time.sleep(0.05 if item == 3 else 0)  # 5 fails first in time, 3 first in order
            raise ValueError(f"item {item}")
        time.sleep(0.01)
        return item

    with pytest.raises(ValueError, match="item 3"):
        parallel_map(call, list(range(100)), 4)
    assert len(started) < 20  # the other 80-odd items never started


def test_interrupt_waits_for_calls_in_flight_and_starts_no_more(monkeypatch):
    finished, started = [], []

    def call(item):
        started.append(item)
        time.sleep(0.02)
        finished.append(item)

    real_join = threading.Thread.join
    calls = {"n": 0}

    def join(self, timeout=None):
        calls["n"] += 1
        if calls["n"] == 1:  # Ctrl-C while the caller waits for the first worker
            time.sleep(0.03)
            raise KeyboardInterrupt
        return real_join(self, timeout)

    monkeypatch.setattr(threading.Thread, "join", join)
    with pytest.raises(KeyboardInterrupt):
        parallel_map(call, list(range(200)), 4)
    assert sorted(finished) == sorted(started)  # every call that started also finished
    assert len(started) < 40
