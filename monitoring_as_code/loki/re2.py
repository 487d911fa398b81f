"""Is this regular expression valid Go RE2 syntax (what Loki, Promtail, Alloy and Prometheus compile)?

RE2 has no lookaround, backreferences, atomic groups, possessive quantifiers or conditionals,
all of which Python's ``re`` accepts; and it has a few spellings Python lacks (``(?<name>``,
``\\z``, ``\\pL``, ``[[:alpha:]]``, ``\\Q...\\E``). We reject the first group with a hint, translate
the second, and let ``re`` find the remaining syntax errors (unbalanced parentheses, bad ranges...).
"""

from __future__ import annotations

import re

_UNSUPPORTED = (
    ("(?=", "lookahead `(?=...)`"),
    ("(?!", "negative lookahead `(?!...)`"),
    ("(?<=", "lookbehind `(?<=...)`"),
    ("(?<!", "negative lookbehind `(?<!...)`"),
    ("(?>", "atomic group `(?>...)`"),
    ("(?(", "conditional `(?(...)...)`"),
    ("(?P=", "named backreference `(?P=name)`"),
    ("(?#", "comment group `(?#...)`"),
)
_HINT = ("RE2 (Go) has no lookaround, backreferences, atomic groups or possessive quantifiers; "
         "match more broadly and filter in a later stage, or use alternation")
_POSIX = {"alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "upper": "A-Z", "lower": "a-z",
          "space": r"\s", "word": r"\w", "xdigit": "0-9A-Fa-f", "punct": r"!-/:-@\[-`{-~", "blank": r" \t",
          "cntrl": r"\x00-\x1f\x7f", "print": r" -~", "graph": r"!-~", "ascii": r"\x00-\x7f"}


class RegexError(ValueError):
    """The pattern is not valid RE2. ``position`` is the 0-based offset in the pattern, when known."""

    def __init__(self, message: str, hint: str = "", position: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.position = position


def to_python(pattern: str) -> str:
    """``pattern`` (RE2) as an equivalent Python pattern; raises :class:`RegexError` if it is not RE2."""
    out: list[str] = []
    i, n, in_class = 0, len(pattern), False
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            if nxt.isdigit() and nxt != "0" and not in_class:
                raise RegexError(f"backreference `\\{nxt}` is not supported by RE2", _HINT, i)
            if nxt == "k" and pattern[i + 2:i + 3] == "<":
                raise RegexError("named backreference `\\k<...>` is not supported by RE2", _HINT, i)
            if nxt in "ZG":
                raise RegexError(f"`\\{nxt}` is not supported by RE2", "use `\\z` or `$` for the end of text", i)
            if nxt == "z":
                out.append(r"\Z")
                i += 2
                continue
            if nxt in "pP":
                end = pattern.find("}", i) + 1 if pattern[i + 2:i + 3] == "{" else i + 3
                if end <= i:
                    raise RegexError("unterminated `\\p{...}` class", "close it with `}`", i)
                out.append(r"[^\W\d_]" if not in_class else r"\w")
                i = end
                continue
            if nxt == "Q":
                end = pattern.find(r"\E", i + 2)
                end = n if end < 0 else end
                out.append(re.escape(pattern[i + 2:end]))
                i = end + 2
                continue
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if pattern.startswith("[:", i):
                end = pattern.find(":]", i)
                name = pattern[i + 2:end].lstrip("^") if end > 0 else ""
                if name not in _POSIX:
                    raise RegexError(f"invalid character class range `{pattern[i:end + 2]}`",
                                     "POSIX classes are [:alpha:], [:digit:], [:space:]...", i)
                out.append(_POSIX[name])
                i = end + 2
                continue
            if ch == "]":
                in_class = False
            out.append(ch)
            i += 1
            continue
        if ch == "[":
            in_class = True
            out.append(ch)
            i += 1
            if pattern[i:i + 1] == "^":
                out.append("^")
                i += 1
            if pattern[i:i + 1] == "]":  # a leading ] is a literal in both dialects
                out.append(r"\]")
                i += 1
            continue
        if ch == "(":
            for prefix, what in _UNSUPPORTED:
                if pattern.startswith(prefix, i):
                    raise RegexError(f"{what} is not supported by RE2", _HINT, i)
            if pattern.startswith("(?<", i):
                out.append("(?P<")
                i += 3
                continue
        if ch in "*+?}" and pattern[i + 1:i + 2] == "+" and (i == 0 or pattern[i - 1] != "\\"):
            raise RegexError("possessive quantifier is not supported by RE2 (invalid nested repetition operator)",
                             _HINT, i + 1)
        out.append(ch)
        i += 1
    text = "".join(out)
    return text.replace("(?U)", "")


def check(pattern: str) -> None:
    """Raise :class:`RegexError` when ``pattern`` does not compile as RE2.

    :param pattern: a Go regular expression
    """
    if not isinstance(pattern, str):
        raise RegexError(f"expected a string, got {type(pattern).__name__}", "quote the regular expression")
    translated = to_python(pattern)
    try:
        re.compile(translated)
    except re.error as exc:
        raise RegexError(f"invalid regular expression: {exc.msg}", "fix the pattern's syntax", exc.pos) from None


def error(pattern: str) -> RegexError | None:
    """The :class:`RegexError` for ``pattern``, or ``None`` when it is valid RE2."""
    try:
        check(pattern)
    except RegexError as exc:
        return exc
    return None


def compile_re2(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled with Python's ``re`` after checking it is RE2 (for evaluating matchers in tests)."""
    check(pattern)
    return re.compile(to_python(pattern))
