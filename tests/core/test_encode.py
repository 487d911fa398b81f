import yaml

from monitoring_as_code.core.encode import GENERATED_HEADER, dump_json, dump_yaml, format_path, to_data
from monitoring_as_code.core.resource import SourceLocation


class Leaf:
    source = SourceLocation("defs.py", 7)

    def to_json_data(self):
        return {"b": 2, "a": None, "expr": "sum(x)\n  > 1"}


def test_to_data_drops_none_and_records_locations():
    locations = {}
    data = to_data({"items": [Leaf(), 3]}, (), locations)
    assert data == {"items": [{"b": 2, "expr": "sum(x)\n  > 1"}, 3]}
    assert locations == {("items", 0): SourceLocation("defs.py", 7)}


def test_yaml_is_deterministic_keeps_order_and_uses_blocks_for_multiline():
    data = {"z": 1, "a": {"expr": "sum(x)\n> 1\n"}, "list": ["x", "y"]}
    text = dump_yaml(data)
    assert text.startswith(GENERATED_HEADER)
    assert text == dump_yaml(data)
    body = text[len(GENERATED_HEADER):]
    assert body.index("z:") < body.index("a:")
    assert "expr: |" in body
    assert yaml.safe_load(text) == data


def test_json_is_sorted_with_trailing_newline():
    assert dump_json({"b": 1, "a": [1]}) == '{\n  "a": [\n    1\n  ],\n  "b": 1\n}\n'


def test_format_path():
    assert format_path(("groups", 0, "rules", 3, "expr")) == "groups[0].rules[3].expr"
    assert format_path(()) == ""
