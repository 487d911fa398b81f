"""What a PromQL expression's text shows and its AST does not: the Prometheus 2 dialect scans.

promql-parser follows the newest Prometheus. Prometheus 2 also refuses a duration where it
wants a number (``time() - 1h``), a number where it wants a duration (``x[5]``, ``offset 5``)
and quoted names (``{"job"="x"}``); none of these leaves a trace in the AST, so they are read
from the text. The scans read an expression's *code* (:func:`code_of`: strings and comments
blanked), so nothing inside a string is taken for code.

Most expressions show none of these, so each scan is written to be cheap when it finds nothing:
every pattern starts with a literal character or class (the regex engine then jumps between
candidate positions instead of trying each branch at every character), and where one search
cannot be exact, a screen that matches whenever the exact scan does runs first.
``tests/prometheus/test_promql_scan.py`` pins each fast form to the plain one it replaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: a PromQL string literal: double- or single-quoted (with escapes) or a backtick raw string
#: (``"[^"\\\n]*(?:\\.[^"\\\n]*)*"`` is ``"(?:[^"\\\n]|\\.)*"`` unrolled: one step per run, not per character)
STRING_LITERAL = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"|\'[^\'\\\n]*(?:\\.[^\'\\\n]*)*\'|`[^`]*`'
#: string literals and comments, matched whole (so nothing inside them is taken for code)
STRINGS_AND_COMMENTS = re.compile(rf"{STRING_LITERAL}|#[^\n]*")


def code_of(expr: str) -> str:
    """``expr`` with every string and comment replaced by ``""`` (what the scans below read)."""
    return STRINGS_AND_COMMENTS.sub('""', expr)


# Names before a `(`: found in the reversed code, where each search starts at the `(` (a literal
# the engine jumps to) and reads the name backwards, instead of trying every letter of the text.
# Forwards this is `(?<![A-Za-z_])([A-Za-z_][A-Za-z0-9_:]*)\s*\(`: the greedy run backs off to
# the name's first letter, which a digit, `:` or no name character precedes.
_CALLS_REVERSED = re.compile(r"\(\s*([A-Za-z0-9_:]*[A-Za-z_])")


class KnownCalls:
    """Whether an expression calls only names from a set (functions, aggregations, ``by (``...).

    :param names: the names that may stand before a ``(``
    """

    def __init__(self, names: Iterable[str]) -> None:
        self._reversed = frozenset(name[::-1] for name in names)

    def only_known(self, code: str) -> bool:
        """Whether every name right before a ``(`` in ``code`` is one of the set's."""
        return self._reversed.issuperset(_CALLS_REVERSED.findall(code[::-1]))


def call_names(code: str) -> set[str]:
    """Every name that stands right before a ``(`` in ``code``."""
    return {name[::-1] for name in _CALLS_REVERSED.findall(code[::-1])}


_OR_IN_BRACES = re.compile(r"\{[^{}]*\bor\b[^{}]*\}")


def or_in_braces(code: str) -> bool:
    """Whether ``or`` stands inside ``{}`` (``x{a="1" or b="2"}``: not PromQL in any version)."""
    return "or" in code and _OR_IN_BRACES.search(code) is not None


_NUMBER = r"\d+(?:\.\d*)?(?:[eE][+-]?\d+)?"
# Three searches, each jumping from one literal character (`offset(?<!\woffset)` is `\boffset`
# with the literal first): faster than one search from a class of three characters.
_OFFSET_NUMBER = re.compile(rf"offset(?<!\woffset)\s*-?\s*{_NUMBER}(?![\w.])")
_RANGE_NUMBER = re.compile(rf"\[\s*{_NUMBER}\s*[\]:]")
_STEP_NUMBER = re.compile(rf":\s*{_NUMBER}\s*\]")


def numeric_duration(code: str) -> bool:
    """Whether a number without unit stands where Prometheus 2 wants a duration (``x[5]``, ``offset 5``)."""
    return (
        "offset" in code and _OFFSET_NUMBER.search(code) is not None
        or _RANGE_NUMBER.search(code) is not None
        or _STEP_NUMBER.search(code) is not None
    )


_UNIT = r"(?:ms|[smhdwy])"
_DURATION = rf"\d+{_UNIT}(?:\d+{_UNIT})*"
# Where Prometheus 2 takes a duration: in [range:step] and after `offset`.
_DURATION_PLACES = re.compile(rf"\[[^\]]*\]|offset(?<!\woffset)\s*-?\s*{_DURATION}")
# A duration that does not start inside a name or number: `(?<![\w:.]){_DURATION}` with the digit first.
_DURATION_NUMBER = re.compile(rf"\d(?<![\w:.]\d)\d*{_UNIT}(?:\d+{_UNIT})*(?![\w.])")
# The same, also not right after `[`: matches wherever _DURATION_NUMBER matches once the places are
# blanked, as long as every `[` has a `]` after it (a closed `[` starts a blanked place). Blanking
# changes no neighbour that matters: `]` and the blank are both neither `\w`, `:` nor `.`, an
# `offset` duration takes every duration right after it, and `offset` cannot follow a unit letter.
# ASCII digits, which the engine tests faster than `\d`: it screens only ASCII code.
_MAYBE_DURATION_NUMBER = re.compile(rf"[0-9](?<![\w:.\[][0-9])[0-9]*{_UNIT}(?:[0-9]+{_UNIT})*(?![\w.])")


def duration_as_number(code: str) -> bool:
    """Whether a duration stands where Prometheus 2 wants a number (``x - 1h``, ``x @ 1h``)."""
    screened = code.isascii() and (code.rfind("[") < code.rfind("]") or "[" not in code)
    if screened and _MAYBE_DURATION_NUMBER.search(code) is None:
        return False  # the common expression: its only durations open a range
    return _DURATION_NUMBER.search(_DURATION_PLACES.sub(" ", code)) is not None


_TOKENS = re.compile(rf"{STRING_LITERAL}|#[^\n]*|[{{}}(),]|[A-Za-z_][\w:]*|\S")
_LABEL_LIST_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right"}
# A quote right after `{`, `,` or a label-list keyword's `(`: the only places a quoted name can be.
_MAYBE_QUOTED_NAME = re.compile(r"""[{,]\s*["'`]|\b(?:by|without|on|ignoring|group_left|group_right)\s*\(\s*["'`]""")
# A quick superset of it (one character class to start from): most expressions fail it.
_QUOTE_AFTER_BRACKET = re.compile(r"""[{,(]\s*["'`]""")


def quoted_names(expr: str) -> bool:
    """Whether a string stands where Prometheus 2 wants a name: ``{"metric"}``, ``x{"a.b"="1"}``, ``by ("a")``."""
    if _QUOTE_AFTER_BRACKET.search(expr) is None or _MAYBE_QUOTED_NAME.search(expr) is None:
        return False
    stack: list[bool] = []  # per open bracket: does it hold names?
    previous = ""
    before = ""
    for token in _TOKENS.findall(expr):
        if token.startswith("#"):
            continue
        if token in "{(":
            stack.append(token == "{" or before in _LABEL_LIST_KEYWORDS or previous in _LABEL_LIST_KEYWORDS)
        elif token in "})":
            if stack:
                stack.pop()
        elif token[0] in "\"'`" and stack and stack[-1] and previous in ("{", "(", ","):
            return True
        before, previous = previous, token
    return False
