"""promql-parser's vague `invalid promql query`, said more precisely (its words kept at the end)."""

from __future__ import annotations

import promql_parser
import pytest

from monitoring_as_code.checks._parse_errors import GENERIC, explain
from monitoring_as_code.checks._promql import parsed


@pytest.mark.parametrize(("text", "says"), [
    ("up ==", "ends with `==`, which needs an operand after it"),
    ("rate(errors_total[5m]) > bool", "ends with `>`"),
    ("up and", "ends with `and`"),
    ("up == # a comment", "ends with `==`"),
    ('x{code="=="} >', "ends with `>`"),  # operators inside strings do not count
    ("x > > 1", "`>` is followed by `>`: an operand is missing between them"),
    ("1 +* 2", "`+` is followed by `*`"),
    ("sum(x) by job", "`by job` needs its labels in parentheses: `by (job)`"),
    ("x * on job y", "`on job` needs its labels in parentheses: `on (job)`"),
])
def test_the_usual_causes_are_named(text, says):
    with pytest.raises(ValueError, match=GENERIC):
        promql_parser.parse(text)  # the parser's own message is the vague one
    error = parsed.__wrapped__(text).error
    assert says in error and error.endswith(f"({GENERIC})")


def test_other_messages_and_unknown_causes_pass_through():
    assert explain("sum(rate(x[5m])", "unclosed left parenthesis") == "unclosed left parenthesis"
    assert explain("x > -1", GENERIC) == GENERIC  # nothing recognisable: the parser's words alone
    assert parsed.__wrapped__("x > -1").error == ""  # (and it parses)
