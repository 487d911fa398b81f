"""Small shared pieces: RE2 compatibility, durations as Loki and Go read and print them, Alloy values."""

from __future__ import annotations

import pytest

from monitoring_as_code.alloy.stages import base2
from monitoring_as_code.alloy.syntax import (
    Attr,
    Block,
    Concat,
    Expr,
    identifier,
    quote,
    render,
)
from monitoring_as_code.loki import re2
from monitoring_as_code.loki.duration import duration_error, go_duration, parse_seconds


@pytest.mark.parametrize("pattern", [r"(?P<a>\d+)", r"(?<a>x)", r"[[:alpha:]]+", r"\pL+", r"a\z", r"\Qa.b\E",
                                     r"(?i)error|warn", r"[]a]", r"x{2,3}?"])
def test_valid_re2(pattern):
    assert re2.error(pattern) is None


@pytest.mark.parametrize("pattern,what", [
    ("a(?=b)", "lookahead"), ("(?<!a)b", "lookbehind"), (r"(a)\1", "backreference"), ("a++", "possessive"),
    ("(?>a)", "atomic"), (r"a\Z", r"\Z"), ("(a", "missing )"), ("[[:alhpa:]]", "POSIX"), ("(?P=n)", "backreference"),
])
def test_invalid_re2(pattern, what):
    error = re2.error(pattern)
    assert error is not None and (what in error.message or what in error.hint)


@pytest.mark.parametrize("text,seconds", [("0", 0), ("30s", 30), ("1h30m", 5400), ("1.5h", 5400), ("7d", 604800),
                                          ("500ms", 0.5), ("2w", 1209600), ("-1m", -60)])
def test_durations(text, seconds):
    assert parse_seconds(text) == seconds


@pytest.mark.parametrize("text", ["7days", "1 h", "5", "", "h", True, [1]])
def test_not_durations(text):
    assert duration_error(text)


@pytest.mark.parametrize("seconds,text", [(0, "0s"), (1, "1s"), (600, "10m0s"), (86400, "24h0m0s"), (0.5, "500ms"),
                                          (90.5, "1m30.5s"), (3600, "1h0m0s")])
def test_go_duration_strings(seconds, text):
    assert go_duration(seconds) == text


@pytest.mark.parametrize("size,text", [("1KiB", "1KiB"), (2048, "2KiB"), ("8KB", "8000B"), ("1MiB", "1MiB"),
                                       ("1mb", "1000000B")])
def test_base2_sizes(size, text):
    assert base2(size) == text


def test_alloy_values_and_layout():
    assert quote('a "b"\n\\') == '"a \\"b\\"\\n\\\\"'
    assert identifier("generated-logs") == "generated_logs" and identifier("1job") == "_1job"
    text = render([Block("x.y", "a", [
        Attr("short", 1), Attr("much_longer", Expr("a.b.c")), Attr("obj", {"b": True, "a.b": "x"}),
        Attr("after", [1.5, "s"]), Block("inner"), Attr("z", Concat((Expr("t"), [{"k": "v"}]))),
    ])])
    assert text == (
        'x.y "a" {\n'
        '\tshort       = 1\n'
        '\tmuch_longer = a.b.c\n'
        '\tobj         = {\n'
        '\t\t"a.b" = "x",\n'
        '\t\tb     = true,\n'
        '\t}\n'
        '\tafter = [1.5, "s"]\n'
        '\n'
        '\tinner { }\n'
        '\tz = array.concat(\n'
        '\t\tt,\n'
        '\t\t[{\n'
        '\t\t\tk = "v",\n'
        '\t\t}],\n'
        '\t)\n'
        '}\n'
    )
