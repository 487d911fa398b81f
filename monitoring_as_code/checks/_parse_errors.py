"""Words for promql-parser's one vague error, ``invalid promql query``.

For most mistakes the parser names what is wrong ("unclosed left parenthesis"); for a missing
operand or label list it only says ``invalid promql query``. :func:`explain` looks at the text
for the usual causes (an operator with nothing after it, two operators in a row, ``by job``
without parentheses) and says which, keeping the parser's words at the end so a search for
them still finds it. Any other message is returned as it is.
"""

from __future__ import annotations

import re

from monitoring_as_code.prometheus.promql_scan import STRINGS_AND_COMMENTS

GENERIC = "invalid promql query"

_BINARY = r"==|!=|>=|<=|>|<|\+|-|\*|/|%|\^|\b(?:and|or|unless|atan2)\b"
# An operator that cannot start an operand (``-`` and ``+`` can: ``x > -1``).
_NOT_UNARY = r"==|!=|>=|<=|>|<|\*|/|%|\^|\b(?:and|or|unless|atan2)\b"
_TRAILING = re.compile(rf"({_BINARY})(?:\s+bool)?\s*$")
_DOUBLED = re.compile(rf"({_BINARY})\s*(?:bool\s+)?({_NOT_UNARY})")
# (``group_left``/``group_right`` may stand without labels, so they are not asked about.)
_BARE_LABELS = re.compile(r"\b(by|without|on|ignoring)\s+([A-Za-z_][A-Za-z0-9_]*)\b(?!\s*\()")


def explain(text: str, message: str) -> str:
    """``message``, or for ``invalid promql query`` what in ``text`` probably caused it."""
    if message.strip() != GENERIC:
        return message
    # strings and comments blanked first, so nothing inside them is taken for an operator
    code = STRINGS_AND_COMMENTS.sub(lambda m: " " if m.group().startswith("#") else '""', text)
    found = _TRAILING.search(code)
    if found:
        return f"the expression ends with `{found.group(1)}`, which needs an operand after it ({GENERIC})"
    found = _DOUBLED.search(code)
    if found:
        return f"`{found.group(1)}` is followed by `{found.group(2)}`: an operand is missing between them ({GENERIC})"
    found = _BARE_LABELS.search(code)
    if found:
        keyword, label = found.groups()
        return f"`{keyword} {label}` needs its labels in parentheses: `{keyword} ({label})` ({GENERIC})"
    return message
