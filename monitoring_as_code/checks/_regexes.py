"""Regex label matchers set aside while an expression is parsed, each distinct regex checked once.

promql-parser compiles the regex of every ``=~``/``!~`` matcher it parses (Rust's ``regex``,
~25 µs for ``"5.."``): two thirds of parsing a typical rule expression. Rule files and dashboards
repeat the same few regexes thousands of times, so :func:`set_aside` swaps each for an equality
(or inequality) matcher with a placeholder value before parsing, and the regex itself is parsed once per run
(:func:`_verdict`); a regex keeps its placeholder for the run (:func:`_placeholder`). :func:`matcher`
and :func:`shown` give the checks the original matchers and text back, so nothing downstream sees
a placeholder.

Only what keeps the parse equivalent is swapped: a regex that does not compile stays (the parse
of the original text reports it, word for word), and so does one on ``__name__``; a placeholder
matches the empty string exactly when its regex matcher does (a selector needs one that does not).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from itertools import count
from typing import Any

from monitoring_as_code.prometheus.promql_scan import STRING_LITERAL

# Strings and comments are matched whole, so an operator inside one is never taken for a matcher;
# `a!=~"x"` (invalid) keeps its `=~`, so the placeholder cannot make it valid. Every branch starts
# with a literal character (the look-behind comes after the operator), so the search jumps from
# quote to operator instead of trying each branch at every character.
_MATCHER = re.compile(
    rf'{STRING_LITERAL}|#[^\n]*|=~(?<![=!<>]=~)\s*({STRING_LITERAL})|!~(?<![=!<>]!~)\s*({STRING_LITERAL})'
)
#: the operator whose regex literal each group of _MATCHER holds
_GROUP_OPS = {1: "=~", 2: "!~"}
_PLACEHOLDER_OPS = ("MatchOp.Equal", "MatchOp.NotEqual")
_NAME_LABEL = ("__name__", '"__name__"', "'__name__'", "`__name__`")
# Per process and unguessable, so no value a user writes is ever read as one of ours.
PREFIX = f"mac-regex-{os.urandom(4).hex()}-"
_PLACEHOLDER = re.compile(rf'!?="({PREFIX}\d+)"')

#: placeholder value -> (MatchOp, regex, the matcher's operator and value as promql-parser prints them)
_SET_ASIDE: dict[str, tuple[Any, str, str]] = {}
_numbers = count()


def set_aside(text: str) -> str | None:
    """``text`` with its regex matchers swapped for placeholders, or ``None`` when none was."""
    if "~" not in text or PREFIX in text:
        return None
    swapped = False
    names = "__name__" in text

    def swap(match: re.Match[str]) -> str:
        nonlocal swapped
        group = match.lastindex  # None for a string or a comment
        if group is None or names and text[:match.start()].rstrip().endswith(_NAME_LABEL):
            return match.group(0)
        placeholder = _placeholder(_GROUP_OPS[group], match.group(group))
        if placeholder is None:
            return match.group(0)
        swapped = True
        return placeholder

    result = _MATCHER.sub(swap, text)
    return result if swapped else None


@lru_cache(maxsize=4096)
def _placeholder(op: str, literal: str) -> str | None:
    """The equality (or inequality) matcher standing for ``op literal``, the same one each time
    (so a run keeps one entry per distinct regex), or ``None`` when it may not be set aside."""
    verdict = _verdict(op, literal)
    if verdict is None:
        return None
    value = f"{PREFIX}{next(_numbers)}"
    _SET_ASIDE[value] = verdict[:3]
    return f'{verdict[3]}"{value}"'


@lru_cache(maxsize=4096)
def _verdict(op: str, literal: str) -> tuple[Any, str, str, str] | None:
    """``(MatchOp, regex, printed, placeholder operator)`` for a regex matcher that may be set
    aside, ``None`` for one that does not compile (the original text's parse reports it).

    The placeholder matches the empty string exactly when the regex matcher does (``!=`` does,
    ``=`` does not), because a selector must keep a matcher that does not.
    """
    import promql_parser

    try:
        alone: Any = promql_parser.parse(f"x{{a{op}{literal}}}")  # a VectorSelector
    except (ValueError, TypeError, RuntimeError):
        return None
    try:
        promql_parser.parse(f"{{a{op}{literal}}}")
        equality = "="
    except (ValueError, TypeError, RuntimeError):
        equality = "!="  # it matches "": `{a=~".*"}` alone is refused, and so is `{a!="..."}`
    found = alone.matchers.matchers[0]
    return found.op, found.value, str(alone)[len("x{a"):-1], equality


def is_placeholder(value: str) -> bool:
    """Whether an equality matcher's ``value`` stands for a regex matcher set aside."""
    return value.startswith(PREFIX) and value in _SET_ASIDE


def matcher(found: Any) -> Any:
    """``found`` as written: a placeholder's regex matcher back, any other matcher as it is."""
    value = found.value
    if not is_placeholder(value) or str(found.op) not in _PLACEHOLDER_OPS:
        return found
    import promql_parser

    op, regex, _printed = _SET_ASIDE[value]
    return promql_parser.Matcher(op, found.name, regex)


def shown(text: str) -> str:
    """An AST printed by promql-parser, with its placeholders printed as the regex matchers."""
    if PREFIX not in text:
        return text
    return _PLACEHOLDER.sub(lambda m: _SET_ASIDE[m.group(1)][2] if m.group(1) in _SET_ASIDE else m.group(0), text)
