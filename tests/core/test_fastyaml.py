"""The fast YAML path (yaml-rs) must build exactly what the exact loader (PyYAML) builds, or step aside.

Every test compares :func:`fast_documents` with :func:`exact_documents` on the same text: the fast
path may return ``None`` (then the exact loader runs), never different data, and never data for a
text the exact loader rejects.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitoring_as_code.core.fastyaml import fast_documents
from monitoring_as_code.core.yamlsource import (
    YamlSyntaxError,
    exact_documents,
    load_documents,
)

RULES = """\
groups:
  - name: api-gateway
    interval: 30s
    rules:
      - record: job:http_requests:rate5m
        expr: sum by (job) (rate(http_requests_total{job="api-gateway", code!~"2.."}[5m]))
      - alert: HighErrorRate
        expr: |
          sum(rate(http_requests_total{code=~"5.."}[5m]))
            / sum(rate(http_requests_total[5m])) > 0.05
        for: 10m
        keep_firing_for: 5m
        labels:
          severity: critical
          team: platform
        annotations:
          summary: "High error rate on {{ $labels.job }}"
          description: >-
            More than 5% errors for 10 minutes ({{ $value | humanizePercentage }}).
          runbook_url: https://runbooks.example.com/api-gateway/high-error-rate
"""


def assert_agrees(text: str) -> None:
    fast = fast_documents(text)
    try:
        exact = exact_documents(text)
    except (YamlSyntaxError, RecursionError):
        assert fast is None, f"fast path accepted what the exact loader rejects: {text!r}"
        return
    if fast is not None:
        # repr tells 1 from 1.0 from True and keeps key order, which == does not.
        assert repr(fast) == repr(exact), f"fast path disagrees on {text!r}"


def test_the_implicit_types_are_pyyamls_own() -> None:
    """The fast path's copy of PyYAML's implicit resolvers (it spares importing PyYAML) is PyYAML's
    table, pattern for pattern and first character for first character (timestamps aside)."""
    import re

    from monitoring_as_code.core.fastyaml import _resolvers
    from monitoring_as_code.core.yamlsource import _strict_loader

    def normal(pattern: str) -> str:  # PyYAML writes its patterns verbose (re.X): whitespace is layout
        return re.sub(r"\s+", "", pattern)

    pyyaml = {
        char: sorted(normal(regexp.pattern) for _tag, regexp in resolvers)
        for char, resolvers in _strict_loader().yaml_implicit_resolvers.items()
        if char  # "" files null's patterns for the empty scalar, which starts with no character
    }
    ours = {char: sorted(regexp.pattern for regexp in patterns) for char, patterns in _resolvers().items()}
    assert ours == pyyaml


def test_the_fast_path_serves_ordinary_rule_files() -> None:
    assert fast_documents(RULES) is not None
    assert_agrees(RULES)
    assert load_documents(RULES) == exact_documents(RULES)


@pytest.mark.parametrize(
    "text",
    [
        "a: yes\nb: No\nc: on\nd: OFF\n",  # YAML 1.1 booleans
        "a: 010\n", "a: 0o17\n", "a: 0x1F\n", "a: 0b101\n", "a: 1_000\n", "a: 1:20\n", "a: 190:20:30.15\n",
        "a: 1e3\n", "a: 1.5e3\n", "a: 1.5e+3\n", "a: -.5\n", "a: +.5\n", "a: .5\n", "a: .NaN\n", "a: -.inf\n",
        "a: +12\n", "a: -0\n", "a: 1.\n", "limit: 10\nb: 0.05\n",
        "a: ~\nb: null\nc:\nd: NULL\n", "a: ''\nb: \"\"\n",
        "a: 2024-01-01\nb: 2024-01-01T10:00:00Z\n",
        "x: &x {a: 1}\ny:\n  <<: *x\n  b: 2\n",  # merge keys
        "a: 1\na: 2\n", "g:\n  - name: x\n    name: y\n", "1: a\n01: b\n", "~: a\nnull: b\n", "yes: 1\n'yes': 2\n",
        "a: [1, 2\n", "a:\n\tb: 1\n", "a: 'x\n", "- a\nb: 1\n", "a: b: c\n",
        "a: !!str 010\n", "a: !!binary aGk=\n", "a: !!set {x, y}\n", "a: !foo bar\n", "a: &n !!int '3'\n", "a: ! 12\n",
        "a: x != y\nb: up{a!=\"b\"}\n", "expr: |\n  a\n  != b\n",
        "\ufeffa: 1\n", "a: b\x00c\n", "a: \x07\n", "a: x\x85y\n", "a: x\u2028y\n",
        "a: 1\n---\nb: 2\n", "---\n---\na: 1\n", "- a\n- b\n", "---\n- a\n- b\n", "- a: 1\n---\n- b: 2\n",
        "a: 1\n...\n---\nb: 2\n", "%YAML 1.1\n---\na: 1\n", "", "# only a comment\n", "null\n---\na: 1\n",
        "? [a, b]\n: c\n", "? a\n", "a: =\n", "a: !\n", "a: '!x'\n", "a: \"yes\"\nb: 'no'\n",
        "a: 'x\n\n  y'\n", "a: \"\\u00e9\\n\"\n", "a: |\n  yes\n", "a: [yes, 'no', 010]\n", "{a: 1, b: [x, y]}\n",
        "a: &l [1, 2]\nb: *l\n", "a: *missing\n", "a: 1\r\nb: x\r\n  y\r\n", "a: " + "b" * 2000 + "\n",
        "key with spaces: v\n'quoted key': v\n\"k\": v\n", "a: 99999999999999999999999\n",
        # block scalars at the end of a document or of the text, with and without a final line break
        "a: |\n", "a: |\n\n", "a: |\n  x", "a: |+\n", "a: |+\n  x\n\n", "a: |\n---\nb: 1\n", "a: >-\n  x", "a: x",
    ],
)
def test_fast_path_agrees_or_steps_aside(text: str) -> None:
    assert_agrees(text)


RISKY_SCALARS = [
    "yes", "no", "on", "Off", "y", "n", "true", "False", "null", "~", "", "010", "0o7", "0x1F", "1_0", "1:20",
    "1e3", "1.5e3", "1.5e+3", "-.5", ".5", ".inf", "-.Inf", ".NaN", "12", "-3", "+4", "0.05", "1.", "5m", "=",
    "<<", "2024-01-01", "job:http:rate5m", "a b", "x: y", "#c", "!x", "&a", "*a", "'q'", '"d"', "é", "é: 1",
]
ORDINARY_SCALARS = ["critical", "5m", "up == 0", "job:http:rate5m", "a b c", "https://x/y", "0.05", "12", "true"]
QUOTES = ["{}", "'{}'", '"{}"']


@st.composite
def hand_written_yaml(draw: st.DrawFn) -> str:
    """YAML as people write it: plain scalars included, which PyYAML's dumper would quote."""
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        if lines or draw(st.booleans()):
            lines.append("---")
        for k in range(draw(st.integers(1, 6))):
            key = draw(st.sampled_from(["name", "expr", "for", f"k{k}", "labels"] + RISKY_SCALARS[:3]))
            shape = draw(st.sampled_from(["scalar", "map", "list", "flow"]))
            scalars = draw(st.sampled_from([RISKY_SCALARS, ORDINARY_SCALARS]))
            value = draw(st.sampled_from(QUOTES)).format(draw(st.sampled_from(scalars)).replace("'", "''"))
            if shape == "scalar":
                lines.append(f"{key}: {value}")
            elif shape == "map":
                lines += [f"{key}:", f"  sub: {value}", f"  {value}: x"]
            elif shape == "list":
                lines += [f"{key}:", f"  - {value}", f"  - {{a: {value}}}"]
            else:
                lines.append(f"{key}: [{value}, {{b: {value}}}]")
    return "\n".join(lines) + "\n"


@settings(max_examples=400, deadline=None)
@given(hand_written_yaml())
def test_fast_path_agrees_on_hand_written_yaml(text: str) -> None:
    assert_agrees(text)


K8S_RULES = """\
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: shop
  labels: {release: prom, enabled: "true"}
spec:
  groups:
    - name: shop
      limit: 10
      rules:
        - alert: Down
          expr: up == 0
          labels: [a, b]
"""
STREAM = "---\n" + K8S_RULES + "---\n" + RULES + "---\n# comment\n"
PIECES = [
    "---", "--- ", "...", "- ", ": ", "? ", "  ", "'", '"', "#", " #", "{", "}", "[", "]", ",", "|", ">", ":", "%", "\\",
    "yes", "010", "1e3", "0.5", "~", "null", "<<", "1:2", "-.5", "0x1", "x", "\n", "\r", "\t", "é", "\u00a0", "\ufeff",
    "`", "@", '"\\/"', '"\\x41"', "{a: b}", "[x, y]", "{a: [b]}", '"q: r"', "&a ", "*a", "!!str ", "!=",
]


def damage(text: str, rng: random.Random, rounds: int) -> str:
    """``text`` after ``rounds`` random edits: a piece inserted, a line added, two lines swapped, a few
    characters deleted."""
    for _ in range(rounds):
        lines = text.split("\n")
        edit = rng.choice(["insert", "line", "swap", "delete"])
        if edit == "insert":
            at = rng.randrange(len(text))
            text = text[:at] + rng.choice(PIECES) + text[at:]
        elif edit == "line":
            lines.insert(rng.randrange(len(lines)), rng.choice(PIECES))
            text = "\n".join(lines)
        elif edit == "swap":
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        else:
            at = rng.randrange(len(text))
            text = text[:at] + text[at + rng.randint(1, 5):]
    return text


@settings(max_examples=500, deadline=None)
@given(st.data())
def test_fast_path_agrees_on_damaged_streams(data: st.DataObject) -> None:
    """Random edits (characters, YAML punctuation, whole lines moved) to a multi-document stream."""
    rng = random.Random(data.draw(st.integers(0, 2**32)))
    assert_agrees(damage(STREAM, rng, data.draw(st.integers(1, 5))))


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
    | st.sampled_from(RISKY_SCALARS),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(JSONISH, st.sampled_from([None, False, True]), st.sampled_from([None, "'", '"']))
def test_fast_path_agrees_on_dumped_data(value: object, flow: bool | None, style: str | None) -> None:
    """Whatever PyYAML's dumper writes, in block or flow style, quoted or not."""
    import yaml

    assert_agrees(yaml.safe_dump({"root": value}, default_flow_style=flow, default_style=style, allow_unicode=True))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_fast_path_agrees_on_damaged_rule_files(data: st.DataObject) -> None:
    """Typos anywhere in a rule file: insertions, deletions, swapped characters."""
    text = RULES
    rng = random.Random(data.draw(st.integers(0, 2**32)))
    for _ in range(data.draw(st.integers(1, 4))):
        at = rng.randrange(len(text))
        edit = rng.choice(["insert", "delete", "replace"])
        char = rng.choice(" \t\n:-#!&*|>'\"[]{},?%@`01aey.")
        if edit == "insert":
            text = text[:at] + char + text[at:]
        elif edit == "delete":
            text = text[:at] + text[at + 1:]
        else:
            text = text[:at] + char + text[at + 1:]
    assert_agrees(text)
