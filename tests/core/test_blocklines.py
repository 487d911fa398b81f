"""Line numbers read line by line (blocklines) must be PyYAML's, or the walk must give up.

Each test compares, for every path of every document, the line :func:`block_lines` gives with
the line PyYAML's composed node tree gives (the nearest ancestor's when a path has none, as
``Positions.line`` answers).
"""

from __future__ import annotations

import os
import random
import sys

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from monitoring_as_code.core.blocklines import block_lines
from monitoring_as_code.core.yamlsource import (
    Positions,
    YamlSyntaxError,
    load_documents,
)

sys.path.insert(0, os.path.dirname(__file__))
from test_fastyaml import RULES, STREAM, damage


def paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, prefix + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from paths(value, prefix + (i,))


def nearest(lines: dict, path: tuple) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())


def answered(text: str) -> int:
    """How many documents the walk answered; fails if an answer differs from PyYAML's."""
    try:
        documents = load_documents(text)
    except YamlSyntaxError:
        return 0
    count = 0
    for index, data in enumerate(documents):
        fast = block_lines(text, index, data)
        if fast is None:
            continue
        composed = Positions(text, index)._build()  # no data: PyYAML composes
        for path in paths(data):
            assert nearest(fast, path) == nearest(composed, path), f"line of {path} in {text!r}"
        count += 1
    return count


@pytest.mark.parametrize("text", [
    RULES, STREAM,
    "a:\n- x\n- y\nb: 1\n", "a:\n  - x\n  -\n    k: v\n  - - n\n    - m\n", "- a: 1\n  b: |\n    text\n    more\n  c: 2\n- x\n",
    "k: >-\n  folded\n  text\nz: 'multi\n  line'\nw: \"dq\n  x\"\n", "root:\n  deep:\n    - 1\n    - {a: b}\n    - [x, y]\n",
    "a: 1 # c\n# comment\nb:   # c\n  c: 2\n", "\"q\": 1\n'r': 2\n", "- \n  a: 1\n", "-\n  - a\n",
    "key:\n  plain on next\n  line\nk2: v\n", "a: b\r\nc:\r\n  - d\r\n", "x:\n- a: 1\n  b: 2\n- c: 3\ny: 4\n",
    "---\na: 1\n---\n# only a comment\n---\nb:\n  - c\n", "  indented: root\n  b: 2\n", "a:\nb:\n  c:\n",
])
def test_walk_answers_like_pyyaml(text: str) -> None:
    assert answered(text) >= 1


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: [1,\n  2]\n", "? a\n: b\n", "x: &m {a: 1}\ny:\n  <<: *m\n",
    "%YAML 1.1\n---\na: 1\n", "a: 1\n...\n", "yes: 1\n", "1: a\n", "a:\n\r  b: 1\n", "a: \"x\u2028y\"\nb: 1\n",
])
def test_walk_gives_up_on_what_it_does_not_follow(text: str) -> None:
    documents = load_documents(text)
    assert block_lines(text, 0, documents[0]) is None


def test_a_text_that_does_not_match_its_data_gives_up() -> None:
    assert block_lines("a: 1\nb: 2\n", 0, {"a": 1}) is None
    assert block_lines("a:\n  - 1\n", 0, {"a": [1, 2]}) is None


def test_large_generated_rule_files_are_answered() -> None:
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "bench"))
    from _corpus import rule_file_text

    assert answered(rule_file_text(400)) == 1
    assert answered(rule_file_text(400, flawed=True)) == 1


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_walk_agrees_on_damaged_streams(data: st.DataObject) -> None:
    rng = random.Random(data.draw(st.integers(0, 2**32)))
    answered(damage(STREAM, rng, data.draw(st.integers(1, 4))))


DATA = st.recursive(
    st.none() | st.booleans() | st.integers() | st.sampled_from(["a", "b c", "x: y", "- z", "#", "", "multi\nline"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["k", "key", "a b", "x-y"]), inner, max_size=3),
    max_leaves=15,
)


@settings(max_examples=300, deadline=None)
@given(DATA, st.sampled_from([None, False]), st.sampled_from([None, "'", '"', "|"]), st.integers(2, 4))
def test_walk_agrees_on_dumped_data(value, flow, style, indent) -> None:
    answered(yaml.safe_dump({"root": value, "list": [value, {"k": value}]}, default_flow_style=flow,
                            default_style=style, indent=indent, allow_unicode=True))
