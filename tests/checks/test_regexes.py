"""Regex matchers set aside while parsing (``checks/_regexes.py``) change nothing the checks see.

For every expression of the real-world rule files, the dashboards under tests/data, and a set of
hostile cases, the fast parse and promql-parser's own parse of the text agree on: whether it
parses, the error message, every label matcher as the checks read it, and the text messages show.
"""

from __future__ import annotations

import random

import promql_parser
import pytest
from promql_corpus import data_expressions

from monitoring_as_code.checks import _regexes
from monitoring_as_code.checks._promql import children, label_matchers, matchers, parsed, show

HOSTILE = [
    'up{job=~"api|web"}',
    'up{job!~"api|web"}',
    '{job=~".*"}',  # matches "" alone: refused
    '{job=~".+"}',
    '{job!~".*"}',
    '{job!~"x"}',  # matches "" alone: refused
    '{__name__=~"http_.*", job="a"}',
    '{"__name__" =~ "http_.*"}',
    'x{a!=~"b"}',  # not PromQL
    'x ==~"b"',
    'x{a=~"("}',  # does not compile
    'x{a=~"\\\\d+"}',
    "x{a=~'single|quoted'}",
    "x{a=~`raw\\d`}",
    'x{a =~ "spaced"  ,b!~  "more"}',
    'label_replace(up, "dst", "$1", "src", "=~(.*)")',  # =~ inside a string: not a matcher
    'up # a comment with a=~"x"\n  + on() x{b=~"y"}',
    'sum by (job) (rate(http_requests_total{code=~"5..", handler!~"/health|/ready"}[5m]))',
    'absent(up{job=~"a.*", instance="x"})',
    'x{a=~"mac-regex-1"}',  # a value like a placeholder is the user's
    'x{a="mac-regex-1-0", b!="mac-regex-0"}',
    'x{a=~"x", a=~"y"}',
    'x{a=~"é+"}',
    'x{a=~"\\\\"}',  # a lone backslash: refused
    'x{a=~""}',
    'x{or=~"a" or b!~"c"}',
    'x{a=~"a"} offset 5m',
    'x{a=~"a" @ 1}',
]


def expressions() -> list[str]:
    return HOSTILE + data_expressions()


def selectors(ast) -> list:
    stack, found = [ast], []
    while stack:
        node = stack.pop()
        if type(node).__name__ == "VectorSelector":
            found.append(node)
        stack.extend(children(node))
    return found


def described(selector) -> tuple:
    """The matchers as the checks read them (placeholders given back)."""
    return tuple((m.name, str(m.op), m.value) for m in matchers(selector))


def written(selector) -> tuple:
    """The matchers of promql-parser's own parse, read directly."""
    every = list(selector.matchers.matchers) + [m for group in selector.matchers.or_matchers or [] for m in group]
    return tuple((m.name, str(m.op), m.value) for m in every)


def original(text: str):
    try:
        return promql_parser.parse(text), ""
    except (ValueError, TypeError, RuntimeError) as exc:
        return None, str(exc)


@pytest.mark.parametrize("text", expressions())
def test_the_checks_see_the_expression_as_written(text):
    ast, error = original(text)
    fast = parsed.__wrapped__(text)
    assert (fast.ast is None, fast.error) == (ast is None, error)
    if ast is None:
        return
    assert show(fast.ast) == show(ast)
    assert [described(s) for s in selectors(fast.ast)] == [written(s) for s in selectors(ast)]
    assert [[(m.name, str(m.op), m.value) for m in label_matchers(s)] for s in selectors(fast.ast)] == [
        [(m.name, str(m.op), m.value) for m in s.matchers.matchers] for s in selectors(ast)
    ]


def test_regexes_are_set_aside_and_each_checked_once():
    _regexes._placeholder.cache_clear()
    _regexes._verdict.cache_clear()
    text = 'sum(rate(x{code=~"5.."}[5m])) / sum(rate(x{code=~"5..", h!~"/health"}[5m]))'
    fast = _regexes.set_aside(text)
    assert fast is not None and "=~" not in fast and "!~" not in fast
    assert _regexes._verdict.cache_info().currsize == 2  # "5.." once, "/health" once
    assert show(parsed.__wrapped__(text).ast) == show(promql_parser.parse(text))


def test_a_regex_keeps_its_placeholder_so_a_run_keeps_one_entry_per_regex():
    text = 'x{code=~"5..", a!~"b"} / y{code=~"5.."} or z{code!~"5.."}'
    first = _regexes.set_aside(text)
    entries = len(_regexes._SET_ASIDE)
    assert _regexes.set_aside(text) == first
    assert _regexes.set_aside('w{code=~"5.."}')[1:] in first
    assert len(_regexes._SET_ASIDE) == entries
    # `=~` and `!~` of the same literal stand for different matchers
    assert first.count(_regexes.PREFIX) == 4 and len(set(_regexes._PLACEHOLDER.findall(first))) == 3


def test_random_edits_of_regex_matchers_agree():
    rng = random.Random(7)
    pieces = ['x{a=~"', 'y{b!~"', '{c=~"', 'z{__name__=~"', 'w{"d"=~"']
    regex = [".", "*", "a", "|", "(", ")", "\\\\d", "+", "?", "é", "[", "]", "^", "$", ""]
    for _ in range(400):
        body = "".join(rng.choice(regex) for _ in range(rng.randint(0, 5)))
        head = rng.choice(pieces)
        text = head + body + '"}' + rng.choice(["", " or up", ' + on() q{e=~"' + body + '"}', "[5m]"])
        ast, error = original(text)
        fast = parsed.__wrapped__(text)
        assert (fast.ast is None, fast.error) == (ast is None, error), text
        if ast is not None:
            assert show(fast.ast) == show(ast), text
            assert [described(s) for s in selectors(fast.ast)] == [written(s) for s in selectors(ast)], text
