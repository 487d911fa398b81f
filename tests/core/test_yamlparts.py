"""A large rule file read in parts (one per process) gives exactly what one read gives, or steps aside.

Texts are generated with what could fool a cut before a list item: block scalars of every
chomping, quoted and plain scalars over several lines (one with a line that looks like an item),
comments and blank lines at every indentation, lists at indentations 0, 2 and 4.
"""

from __future__ import annotations

import random

import pytest
import yaml_rs

from monitoring_as_code.core import parallel, yamlparts
from monitoring_as_code.core.fastyaml import fast_documents
from monitoring_as_code.core.yamlsource import YamlSyntaxError, exact_documents


def _group(rng: random.Random, n: int, indent: str) -> list[str]:
    inner = indent + "  "
    lines = [f"{indent}- name: g{n}", f"{inner}interval: 30s", f"{inner}rules:"]
    for r in range(rng.randint(1, 3)):
        lines.append(f"{inner}  - alert: A{n}x{r}")
        field = f"{inner}    "
        shape = rng.choices(
            ["plain", "block", "block_keep", "block_strip", "folded", "quoted", "quoted_item", "plain_two_lines"],
            [4, 2, 2, 1, 1, 2, 0.3, 2],
        )[0]
        if shape == "plain":
            lines.append(f"{field}expr: up == 0")
        elif shape.startswith("block") or shape == "folded":
            mark = {"block": "|", "block_keep": "|+", "block_strip": "|-", "folded": ">"}[shape]
            lines += [f"{field}expr: {mark}", f"{field}  sum(rate(x[5m]))", f"{field}    - 1"]
            lines += [""] * rng.randint(0, 2)  # blank lines a `|+` scalar keeps
        elif shape == "quoted":
            lines += [f'{field}expr: "sum(x)', f'{field}  / 2"']
        elif shape == "quoted_item":  # a continuation that looks like an item of the groups list
            lines += [f'{field}expr: "sum(x)', f'{indent}- y"']
        else:
            lines += [f"{field}expr: sum(x)", f"{field}  / 2"]
        if rng.random() < 0.3:
            lines.append(rng.choice(["", "# a comment", f"{indent}# a comment", f"{field}# deeper comment"]))
        severity = rng.choices(["critical", "warning", "yes", "0x1F"], [10, 10, 0.3, 0.3])[0]  # YAML 1.1 reads the last two otherwise
        lines += [f"{field}labels:", f"{field}  severity: {severity}"]
    return lines


def rule_file(seed: int) -> str:
    rng = random.Random(seed)
    indent = rng.choice(["", "  ", "    "])
    lines = rng.choice([[], ["# rules"], ["", "# rules", ""]]) + ["groups:" + rng.choice(["", "  # the groups"])]
    for n in range(rng.randint(2, 9)):
        lines += _group(rng, n, indent)
    return "\n".join(lines) + "\n"


def exact(text: str):
    try:
        return exact_documents(text)
    except YamlSyntaxError:
        return "error"


@pytest.fixture
def small_files_split(monkeypatch):
    if not parallel.can_fork():
        pytest.skip("workers are forked on Linux only")
    monkeypatch.setattr(yamlparts, "MIN_SPLIT_BYTES", 0)


@pytest.mark.parametrize("ways", [2, 3])
def test_parts_read_as_the_whole_reads(ways):
    split = 0
    for seed in range(400):
        text = rule_file(seed)
        parts = yamlparts.cut(text, ways)
        if parts is None:
            continue
        assert "".join(p.removeprefix("groups:\n") for p in parts).lstrip("\n") == text.split("groups:", 1)[1].split("\n", 1)[1].lstrip("\n")
        read = [yamlparts._read_part(p) for p in parts]
        if any(r is None for r in read):
            continue  # a part that does not parse or agree: the whole file is read at once
        split += 1
        whole = yaml_rs.loads(text)
        assert [g for groups, _numbers in read for g in groups] == whole["groups"], text
    assert split > 100, "the generator no longer makes files that are cut"


def test_fast_path_in_parts_equals_the_fast_path_and_the_exact_loader(small_files_split):
    differs_from_single, read_in_parts = [], 0
    for seed in range(200):
        text = rule_file(seed)
        single, in_parts = fast_documents(text, jobs=1), fast_documents(text, jobs=3)
        if repr(single) != repr(in_parts):
            differs_from_single.append(seed)
        if in_parts is not None:
            assert repr(in_parts) == repr(exact(text)), text
        read_in_parts += yamlparts.read_in_parts(text, 3) is not None
    assert differs_from_single == []
    assert read_in_parts > 100, "the files were not read in parts: this compared the single read with itself"


def test_a_part_that_yaml_1_1_reads_otherwise_sends_the_file_to_the_exact_loader(small_files_split):
    text = "groups:\n" + "".join(f"  - name: g{i}\n    rules:\n      - record: r{i}\n        expr: up\n" for i in range(6))
    assert fast_documents(text, jobs=2) is not None
    assert yamlparts.read_in_parts(text, 2) is not None
    hazard = text.replace("expr: up\n  - name: g4", "expr: up\n        labels: {on: x}\n  - name: g4")
    assert yamlparts.cut(hazard, 2) is not None and yamlparts.read_in_parts(hazard, 2) is None  # the part disagrees
    assert fast_documents(hazard, jobs=2) is None  # `on` is true to PyYAML: not the same data
    assert exact_documents(hazard)[0]["groups"][3]["rules"][0]["labels"] == {True: "x"}


@pytest.mark.parametrize("text", [
    "groups: []\n",
    "groups:\n  - a\nfoo: 1\n",
    "foo: 1\ngroups:\n  - a\n  - b\n",
    "groups:\n  a: 1\n",
    "groups:\n  - a\n- b\n",
    "groups:\n  - a\n - b\n  - c\n",
    "groups:\n  - a\n  -x\n  - b\n",
    "groups:\r\n  - a\r\n  - b\r\n",
    "groups:\n  - a\n\n  - b\n",  # only cut after a blank line: it could end a `|+` scalar
    "spec:\n  groups:\n    - a\n    - b\n",
])
def test_other_shapes_are_not_cut(text):
    assert yamlparts.cut(text, 2) is None


def test_the_benchmark_file_is_cut_near_the_middle():
    text = "groups:\n" + "".join(f"  - name: g{i}\n    rules:\n      - record: r{i}\n        expr: up\n" for i in range(100))
    parts = yamlparts.cut(text, 2)
    assert parts is not None and len(parts) == 2
    assert abs(len(parts[0]) - len(parts[1])) < 100
