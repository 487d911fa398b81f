"""The Prometheus 2 dialect scans (``prometheus/promql_scan.py``) agree with their plain forms.

Each fast pattern there is a rewrite of a plain one (a literal first instead of a look-behind,
a string pattern unrolled, a search in the reversed text, a screen before the exact scan). The
plain forms are kept here, and random PromQL-like texts (built from the pieces that make the
scans hard: brackets, offsets, units, numbers, names with colons and digits, strings, comments)
must get the same answer from both.
"""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from monitoring_as_code.prometheus import promql_scan
from monitoring_as_code.prometheus.dialect import AGGREGATIONS_2_42, FUNCTIONS_2_42

# The plain forms, as they were written before the scans were made fast.
PLAIN_STRING = r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`[^`]*`'
PLAIN_STRINGS_AND_COMMENTS = re.compile(rf"{PLAIN_STRING}|#[^\n]*")
PLAIN_CALLS = re.compile(r"(?<![A-Za-z_])([A-Za-z_][A-Za-z0-9_:]*)\s*\(")
PLAIN_OR_IN_BRACES = re.compile(r"\{[^{}]*\bor\b[^{}]*\}")
NUMBER = r"\d+(?:\.\d*)?(?:[eE][+-]?\d+)?"
PLAIN_NUMERIC_DURATION = re.compile(rf"\boffset\s*-?\s*{NUMBER}(?![\w.])|\[\s*{NUMBER}\s*[\]:]|:\s*{NUMBER}\s*\]")
DURATION = r"\d+(?:ms|[smhdwy])(?:\d+(?:ms|[smhdwy]))*"
PLAIN_DURATION_PLACES = re.compile(rf"\[[^\]]*\]|\boffset\s*-?\s*{DURATION}")
PLAIN_DURATION_NUMBER = re.compile(rf"(?<![\w:.]){DURATION}(?![\w.])")


def plain_duration_as_number(code: str) -> bool:
    return bool(PLAIN_DURATION_NUMBER.search(PLAIN_DURATION_PLACES.sub(" ", code)))


PIECES = [
    "x", "a1", "b_2", "job:http_requests_0:rate5m", "_", ":", "offset", "offset ", "offset -", " ", "  ", "\n",
    "[", "]", "[5m]", "[5m:1m]", "[ 5 ]", "[5:", ":1]", "5", "1h", "1h30m", "5m", "ms", "m", "h", "y", "0.5", ".",
    "1e3", "e", "E", "+", "-", "@", "(", ")", "{", "}", ",", "rate(", "sum by (job) (", "foo (", "by", "or", " or ",
    "error", '"', "'", "`", '"a=~\\"b\\""', "'c'", "`r\\d`", "\\", "#", "# c\n", "=~", "!~", "1", "9", "é", "٣",
    "histogram_quantile(0.9, ", "time() - ", "x @ ", "holt_winters(", "limitk(",
]
texts = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)


def assert_scans_agree(text: str) -> None:
    code = promql_scan.code_of(text)
    assert code == PLAIN_STRINGS_AND_COMMENTS.sub('""', text)
    for scanned in (text, code):
        assert promql_scan.call_names(scanned) == set(PLAIN_CALLS.findall(scanned))
        assert KNOWN.only_known(scanned) == (not set(PLAIN_CALLS.findall(scanned)) - KNOWN_NAMES)
        assert promql_scan.or_in_braces(scanned) == bool(PLAIN_OR_IN_BRACES.search(scanned))
        assert promql_scan.numeric_duration(scanned) == bool(PLAIN_NUMERIC_DURATION.search(scanned))
        exact = plain_duration_as_number(scanned)
        assert promql_scan.duration_as_number(scanned) == exact
        # The screen is what spares the exact scan: it may match more, never less (ASCII, brackets closed).
        screened = scanned.isascii() and ("[" not in scanned or scanned.rfind("[") < scanned.rfind("]"))
        if exact and screened:
            assert promql_scan._MAYBE_DURATION_NUMBER.search(scanned)


KNOWN_NAMES = FUNCTIONS_2_42 | AGGREGATIONS_2_42 | {"by", "x"}
KNOWN = promql_scan.KnownCalls(KNOWN_NAMES)


@settings(max_examples=500, deadline=None)
@given(texts)
def test_fast_scans_agree_with_the_plain_ones(text):
    assert_scans_agree(text)


def test_fast_scans_agree_on_many_random_texts():
    rng = random.Random(9)
    for _ in range(20_000):
        assert_scans_agree("".join(rng.choice(PIECES) for _ in range(rng.randint(0, 16))))


TRICKY = [
    ("x[5m]", False), ("x[ 5m ]", False), ("x[5m:1m]", False), ("x offset 1h", False), ("x offset -1h", False),
    ("x - 1h", True), ("x @ 1h", True), ("x > 1h30m", True), ("x[5m] offset 1d", False), ("x[5m] - 5m", True),
    ("x[5m", True), ("x[5m] 1h[", True), ("x]1h", True), ("a:5m", False), ("a1h", False), ("0.5m", False),
    ("x offset 5m1h", False), ("x offset 5m 1h", True), ("rate(x[5m])[1h:]", False), ("x offset 5mms", False),
]


def test_tricky_durations():
    assert [(code, promql_scan.duration_as_number(code)) for code, _ in TRICKY] == TRICKY
    assert [(code, plain_duration_as_number(code)) for code, _ in TRICKY] == TRICKY
