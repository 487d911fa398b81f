"""The rule checker's fast paths give what the plain checks they spare would give.

Label names accepted without the regex engine, durations memoised, duplicate rules found
without ordering every rule's labels: each is compared with its plain form on random inputs.
"""

from __future__ import annotations

import random
import string

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.problem import Severity
from monitoring_as_code.prometheus import durations, names
from monitoring_as_code.prometheus.dialect import Dialect
from monitoring_as_code.prometheus.rulecheck import RuleChecker
from monitoring_as_code.prometheus.templates import _SIMPLE_TEMPLATE, _check, _parse_error, template_error

DIALECT = Dialect.parse("2.42")
NAME_CHARS = string.ascii_letters + string.digits + "_:.- \n\té٣"


def random_names(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.choice(NAME_CHARS) for _ in range(rng.randint(0, 6))) for _ in range(count)] + [
        "", "job", "_x", "9x", "a\n", "\n", "__name__", "é", "x_٣", "a b", "A1_", "if", "None",
    ]


def test_label_names_are_judged_as_the_plain_regex_judges_them():
    for name in random_names(random.Random(3), 20_000):
        plain = f"invalid label name: {name!r}" if not names.LABEL_NAME.match(name) else (
            "label name __name__ is reserved for the metric name" if name == "__name__" else None
        )
        assert names.label_name_error(name) == plain, repr(name)
    for other in (None, 1, 1.5, True, ("a",)):
        assert names.label_name_error(other, "annotation") == f"invalid annotation name: {other!r}"


def plain_duration_error(value) -> str | None:
    """The duration check as first written, without memo."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (int, float)):
        text = repr(value)
    elif isinstance(value, str):
        text = value
    else:
        return f"expected a duration string, got {type(value).__name__}"
    if text == "0":
        return None
    if text == "":
        return "empty duration string"
    match = durations._DURATION.match(text)
    if not match or not any(match.groups()):
        return f"not a valid duration string: {text!r}"
    if durations._ms(match) > durations._MAX_MS:
        return "duration out of range"
    return None


def test_memoised_durations_are_the_plain_verdicts():
    rng = random.Random(4)
    pieces = ["0", "1", "5", "30", "99", "300", "9" * 12, "y", "w", "d", "h", "m", "s", "ms", ".", "-", " ", "\n", "M"]
    values = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 5))) for _ in range(5_000)]
    for value in values * 2 + [0, 5, 1.5, True, False, None, [], "0", "", "5m\n", "true", "292y", "293y"]:
        assert durations.duration_error(value) == plain_duration_error(value), repr(value)


def test_text_without_an_action_is_never_parsed():
    functions = DIALECT.template_functions()
    for text in ("plain", "{ {", "}}", "{x}", "https://runbooks.example.com/a", ""):
        assert template_error(text, DIALECT) is None
        assert _check.__wrapped__(text, functions) is None


def plain_duplicates(groups: list) -> list[tuple[tuple, str]]:
    """promtool's duplicate-rule lint as first written: every rule's key made and looked up."""
    seen: dict[tuple, tuple] = {}
    found = []
    for i, group in enumerate(groups):
        if not isinstance(group, dict) or not isinstance(group.get("rules"), list):
            continue
        for j, rule in enumerate(group["rules"]):
            if not isinstance(rule, dict):
                continue
            name, labels = rule.get("alert") or rule.get("record"), rule.get("labels")
            if not isinstance(name, str) or (labels is not None and not isinstance(labels, dict)):
                continue
            key = (name, tuple(sorted((str(k), str(v)) for k, v in (labels or {}).items())))
            if key in seen:
                first = seen[key]
                found.append((("groups", i, "rules", j), f"groups[{first[1]}].rules[{first[3]}]"))
            else:
                seen[key] = ("groups", i, "rules", j)
    return found


def random_rule(rng: random.Random) -> object:
    if rng.random() < 0.03:
        return "not a rule"
    rule: dict = {rng.choice(["alert", "record"]): rng.choice(["A", "B", "C", "", 7, None])}
    labels = rng.choice([None, {}, {"severity": "page"}, {"severity": "ticket"}, {"severity": "page", "team": "x"},
                         {"team": "x", "severity": "page"}, {"n": 1}, {"n": "1"}, ["not", "a", "dict"]])
    if labels is not None or rng.random() < 0.5:
        rule["labels"] = labels
    return rule


def test_duplicate_rules_are_the_plain_lints():
    rng = random.Random(5)
    found = 0
    for _ in range(300):
        groups = [
            {"name": f"g{i}", "rules": [random_rule(rng) for _ in range(rng.randint(0, 8))]} if rng.random() > 0.05
            else "not a group"
            for i in range(rng.randint(1, 5))
        ]
        doc = Document("prometheus/rules", {"groups": groups}, "rules.yml")
        checker = RuleChecker(doc, DIALECT)
        checker.across_groups((), groups)
        ours = [p for p in checker.problems if p.check == "rules/duplicate-rule"]
        assert all(p.severity == Severity.WARNING for p in ours)
        expected = plain_duplicates(groups)
        assert [p.location.object_path for p in ours] == [
            f"groups[{path[1]}].rules[{path[3]}]" for path, _ in expected
        ]
        assert [p.message.split("as ")[-1] for p in ours] == [first for _, first in expected]
        found += len(ours)
    assert found > 100  # the random files do repeat rules


def test_names_found_valid_once_are_still_judged_per_kind():
    """A name valid for an annotation (`__name__`) is still refused as a label later in the file."""
    rng = random.Random(6)
    pool = ["team", "__name__", "9x", "a-b", "summary", "", 1, "é"]
    rules = []
    for i in range(400):
        rule = {"alert": f"A{i}", "expr": "up == 0"}
        for key in ("labels", "annotations"):
            if rng.random() < 0.8:
                rule[key] = {rng.choice(pool): "x" for _ in range(rng.randint(0, 3))}
        rules.append(rule)
    doc = Document("prometheus/rules", {"groups": [{"name": "g", "rules": rules}]}, "rules.yml")
    found = [(p.location.object_path, p.message) for p in RuleChecker(doc, DIALECT).run() if p.check == "rules/name"]
    expected = []
    for i, rule in enumerate(rules):
        for key, what in (("labels", "label"), ("annotations", "annotation")):
            for name in rule.get(key, {}):
                error = names.label_name_error(name, what)
                if error:
                    expected.append((f"groups[0].rules[{i}].{key}.{name}", error))
    assert len(expected) > 100
    assert [message for _, message in found] == [message for _, message in expected]
    assert len({path for path, _ in found}) == len(found)


TEMPLATE_PIECES = [
    "{{ $labels.job }}", "{{$labels.instance}}", "{{ $value }}", "{{ $value | humanize }}", "{{ $value|humanize1024 }}",
    "{{ $value | humanizePercentage }}", "{{- $value -}}", "{{-  $labels.a_1 }}", "{{ $externalLabels.cluster }}",
    "{{ $externalURL }}", "{{ $value | safeURL }}", "{{ $value | toDuration }}", "{{ $value | nope }}",
    "{{ $value | true }}", "{{ $value | if }}", "{{-$value}}", "{{ $value-}}", "{{ $value -}}", "{{ $labels.job.x }}",
    "{{ $labels. }}", "{{ $labels.é }}", "{{ $foo }}", "{{ $labels }}", "{{\t$value\t}}", "{{ $value\n}}",
    "{{ $value | humanize | title }}", "{{ $labels.job | toUpper }}", "{{", "}}", "{", "}", "{{{", "}}}", "text ",
    " ", "\n", "é", "{{/* c */}}", '{{ "}}" }}', "{{ $value | printf }}", "{{ $labels.9x }}", "{{ $labels.x=1 }}",
    "{{ $labels.job|humanize}}", "{{ $value | humanizeX }}", "{{ $value | 1 }}",
]


def test_simple_templates_skip_the_lexer_only_when_it_would_find_them_valid():
    rng = random.Random(8)
    functions = [Dialect.parse(v).template_functions() for v in ("2.42", "3.5")]
    fast = 0
    for _ in range(20_000):
        text = "".join(rng.choice(TEMPLATE_PIECES) for _ in range(rng.randint(1, 5)))
        for names_ in functions:
            assert _check.__wrapped__(text, names_) == _parse_error(text, names_), repr(text)
        fast += bool(_SIMPLE_TEMPLATE.fullmatch(text)) and "{{" in text
    assert fast > 1_000  # the fast path is taken, and agrees
