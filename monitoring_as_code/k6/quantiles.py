"""Exact percentiles, as k6 computes them, from a stream of values in bounded memory.

k6 (``metrics/sink.go``, TrendSink.P) sorts a Trend's values and interpolates linearly::

    i = p * (n - 1);  P = v[floor(i)] + (v[ceil(i)] - v[floor(i)]) * (i - floor(i))

so a percentile needs two order statistics. Keeping every value (8 bytes each) grows with the
run; instead each series keeps at most ``cap`` raw values. Past that it keeps a histogram of
the values' order-preserving 64-bit keys truncated to 19 bits (sign, exponent and 7 mantissa
bits: buckets 0.8% wide, a few thousand at most), and a further pass over the file collects
only the distinct values of the bucket holding each wanted rank with their counts (or, if that
bucket has more than ``cap`` distinct values, a finer histogram of it: 15 more bits per pass,
exact at the last level). The
result is exact, memory is O(cap + buckets) whatever the number of points, and the price is
re-reading the file (usually once).
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable

CAP = 65536
_SHIFTS = (45, 30, 15, 0)  # key >> shift: 19, 34, 49 and 64 significant bits
_MASK = 0x7FFFFFFFFFFFFFFF


def _keys(values: array) -> array:
    """Order-preserving signed 64-bit keys of doubles (negative floats get their low bits flipped)."""
    keys = array("q")
    keys.frombytes(values.tobytes())
    if any(k < 0 for k in keys):
        keys = array("q", (k ^ _MASK if k < 0 else k for k in keys))
    return keys


def _value(key: int) -> float:
    raw = array("q", [key ^ _MASK if key < 0 else key])
    return array("d", raw.tobytes())[0]


def ranks_for(percentile: float, count: int) -> tuple[int, int, float]:
    """The two 0-based ranks and the interpolation weight k6 uses for ``p(percentile)``."""
    i = percentile / 100.0 * (count - 1)
    return math.floor(i), math.ceil(i), i - math.floor(i)


class _Target:
    """One wanted rank, narrowed down pass after pass to a bucket ``key >> shift == prefix``."""

    def __init__(self, rank: int, level: int, prefix: int, local: int, size: int) -> None:
        self.rank, self.level, self.prefix, self.local, self.size = rank, level, prefix, local, size
        self.value: float | None = None
        self.cap = 0
        self.exact: Counter | None = None
        self.finer: Counter | None = None

    @property
    def shift(self) -> int:
        return _SHIFTS[self.level]

    def start_pass(self, cap: int) -> None:
        self.cap = cap
        if self.shift == 0:  # a bucket of one exact value
            self.value = _value(self.prefix)
            return
        # Count distinct values (few when values repeat, e.g. whole milliseconds); if there are
        # more than ``cap``, fall back on a finer histogram for the next pass.
        self.exact = Counter()
        self.finer = Counter() if self.size > cap else None

    def add(self, values: array, keys: array) -> None:
        shift, prefix = self.shift, self.prefix
        inside = [i for i, k in enumerate(keys) if k >> shift == prefix]
        if not inside:
            return
        if self.exact is not None:
            self.exact.update(values[i] for i in inside)
            if len(self.exact) > self.cap:
                self.exact = None
        if self.finer is not None:
            finer_shift = _SHIFTS[self.level + 1]
            self.finer.update(keys[i] >> finer_shift for i in inside)

    def finish_pass(self) -> None:
        if self.exact is not None:
            self.value = _locate(self.exact, self.local)[0]
        elif self.finer is not None:
            prefix, local, size = _locate(self.finer, self.local)
            self.level, self.prefix, self.local, self.size = self.level + 1, prefix, local, size
        self.exact = self.finer = None


def _locate(histogram: Counter, rank: int) -> tuple[int, int, int]:
    """The bucket holding the 0-based ``rank``, the rank inside it, and the bucket's size."""
    seen = 0
    for bucket in sorted(histogram):
        size = histogram[bucket]
        if rank < seen + size:
            return bucket, rank - seen, size
        seen += size
    raise ValueError(f"rank {rank} beyond {seen} values")


class QuantileSeries:
    """The values of one series: exact min/max/sum/count always, order statistics on request.

    Feed values with :meth:`add`; call :meth:`plan` with the percentiles wanted; while
    :meth:`needs_pass` is true, re-feed the same values (a new pass over the file) between
    :meth:`start_pass` and :meth:`finish_pass`; then :meth:`percentile` is exact.

    :param cap: raw values kept before switching to histograms
    """

    def __init__(self, cap: int = CAP) -> None:
        self.cap = cap
        self.count = 0
        self._raw: array | None = array("d")
        self._buffer = array("d")
        self._histogram: Counter = Counter()
        self._sorted: list[float] | None = None
        self._targets: dict[int, _Target] = {}
        self._percentiles: dict[float, tuple[int, int, float]] = {}

    def add(self, value: float) -> None:
        self.count += 1
        if self._raw is not None:
            self._raw.append(value)
            if len(self._raw) > self.cap:  # too many to keep: switch to the histogram
                self._buffer, self._raw = self._raw, None
                self._flush()
            return
        self._buffer.append(value)
        if len(self._buffer) >= 8192:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            shift = _SHIFTS[0]
            self._histogram.update(k >> shift for k in _keys(self._buffer))
            self._buffer = array("d")

    def plan(self, percentiles: Iterable[float]) -> None:
        """Decide which ranks are needed for ``percentiles`` (0-100)."""
        self._flush()
        if self.count == 0:
            return
        if self._raw is not None:
            self._sorted = sorted(self._raw)
            self._raw = None
        for p in percentiles:
            self._percentiles[p] = ranks_for(p, self.count)
        if self._sorted is not None:
            return
        for lo, hi, _w in self._percentiles.values():
            for rank in (lo, hi):
                if rank not in self._targets:
                    prefix, local, size = _locate(self._histogram, rank)
                    self._targets[rank] = _Target(rank, 0, prefix, local, size)

    def needs_pass(self) -> bool:
        return any(t.value is None for t in self._targets.values())

    def start_pass(self) -> None:
        for target in self._targets.values():
            if target.value is None:
                target.start_pass(self.cap)
        self._pass_buffer = array("d")

    def feed(self, value: float) -> None:
        """A value of the re-read series (during a pass)."""
        self._pass_buffer.append(value)
        if len(self._pass_buffer) >= 8192:
            self._feed_flush()

    def _feed_flush(self) -> None:
        buffer = self._pass_buffer
        if not buffer:
            return
        keys = _keys(buffer)
        for target in self._targets.values():
            if target.value is None:
                target.add(buffer, keys)
        self._pass_buffer = array("d")

    def finish_pass(self) -> None:
        self._feed_flush()
        for target in self._targets.values():
            if target.value is None:
                target.finish_pass()

    def _order_statistic(self, rank: int) -> float:
        if self._sorted is not None:
            return self._sorted[rank]
        value = self._targets[rank].value
        if value is None:
            raise RuntimeError("percentile asked before the passes it needs")
        return value

    def percentile(self, p: float) -> float:
        """k6's ``p(p)`` of the values (``med`` is ``p(50)``)."""
        if self.count == 1:
            return self._order_statistic(0)
        lo, hi, weight = self._percentiles.get(p) or ranks_for(p, self.count)
        low, high = self._order_statistic(lo), self._order_statistic(hi)
        return low + (high - low) * weight
