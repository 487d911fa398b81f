"""Regular expressions as Alertmanager (Go, RE2) reads them, checked and matched in Python.

Alertmanager anchors every matcher regex as ``^(?:re)$`` and compiles it with Go's RE2
syntax. Python's ``re`` differs: it accepts lookarounds and backreferences RE2 rejects, lacks
``\\pL`` and ``[[:alpha:]]``, and its ``$`` also matches before a final newline. So we compile
with RE2 itself (the ``google-re2`` binding): what it accepts and matches is what Alertmanager does.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

HINT = (
    "Alertmanager uses Go RE2 syntax, anchored as ^(?:regex)$: no lookarounds ((?=, (?!), "
    "backreferences (\\1) or possessive quantifiers; escape literal dots as \\."
)


def anchored(pattern: str) -> str:
    """The pattern as Alertmanager compiles it."""
    return f"^(?:{pattern})$"


@lru_cache(maxsize=4096)
def compile_re2(pattern: str) -> Any:
    """The compiled anchored pattern; raises ``ValueError`` with RE2's message when it is invalid."""
    import re2

    options = re2.Options()
    options.log_errors = False  # RE2 would print every error on stderr
    try:
        return re2.compile(anchored(pattern), options=options)
    except re2.error as exc:
        detail = exc.args[0] if exc.args else exc
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        raise ValueError(f"invalid regular expression {pattern!r}: {detail}") from None


def regex_error(pattern: object) -> str | None:
    """Why ``pattern`` is not a regex Alertmanager accepts, or ``None``."""
    if not isinstance(pattern, str):
        return f"expected a regular expression string, got {type(pattern).__name__}"
    try:
        compile_re2(pattern)
    except ValueError as exc:
        return str(exc)
    return None


def full_match(pattern: str, value: str) -> bool:
    """Whether ``value`` matches ``pattern`` the way Alertmanager matches it."""
    return compile_re2(pattern).search(value) is not None
