import os
import textwrap

import pytest

from monitoring_as_code.core.loader import load_definitions, python_files
from monitoring_as_code.errors import DefinitionError


class Thing:
    def __init__(self, name):
        self.name = name


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def accepts(obj):
    return type(obj).__name__ == "Thing"


@pytest.fixture
def thing_module(tmp_path, monkeypatch):
    # Definition files reach Thing through a helper module on the project root.
    write(tmp_path / "lib_things.py", "class Thing:\n    def __init__(self, name):\n        self.name = name\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


def test_collects_module_level_objects_and_list_items_in_order(thing_module):
    root = thing_module
    write(root / "rules" / "a.py", """\
        from lib_things import Thing
        first = Thing("first")
        _private = Thing("hidden")
        many = [Thing("m1"), Thing("m2")]
        """)
    write(root / "rules" / "_helper.py", "from lib_things import Thing\nx = Thing('helper')\n")
    defs = load_definitions(python_files([str(root / "rules")]), str(root), accepts)
    assert [(d.obj.name, d.name, d.line) for d in defs] == [("first", "first", 2), ("m1", "many", 4), ("m2", "many", 4)]


def test_imported_objects_are_collected_once_from_their_home(thing_module):
    root = thing_module
    write(root / "rules" / "base.py", "from lib_things import Thing\nshared = Thing('shared')\n")
    write(root / "alertmanager" / "am.py", "from rules.base import shared\nalias = shared\n")
    files = python_files([str(root / "alertmanager"), str(root / "rules")])
    defs = load_definitions(files, str(root), accepts)
    assert [d.obj.name for d in defs] == ["shared"]


def test_import_failure_is_reported_at_file_and_line(tmp_path):
    write(tmp_path / "rules" / "bad.py", "x = 1\n\ny = 1 / 0\n")
    with pytest.raises(DefinitionError) as info:
        load_definitions(python_files([str(tmp_path / "rules")]), str(tmp_path), accepts)
    assert info.value.line == 3
    assert "bad.py:3" in str(info.value)
    assert "ZeroDivisionError" in str(info.value)


def test_syntax_error_is_reported_at_file_and_line(tmp_path):
    write(tmp_path / "rules" / "broken.py", "x = (\n")
    with pytest.raises(DefinitionError) as info:
        load_definitions(python_files([str(tmp_path / "rules")]), str(tmp_path), accepts)
    assert info.value.line == 1
    assert "syntax error" in str(info.value)


def test_an_edited_definition_is_imported_again_in_the_same_process(thing_module):
    root = thing_module
    path = write(root / "rules" / "edited.py", "from lib_things import Thing\nfirst = Thing('before')\n")
    files = python_files([str(root / "rules")])
    assert [d.obj.name for d in load_definitions(files, str(root), accepts)] == ["before"]
    write(root / "rules" / "edited.py", "from lib_things import Thing\nfirst = Thing('after, edited')\n")
    os.utime(path, ns=(os.stat(path).st_atime_ns, os.stat(path).st_mtime_ns + 10**9))
    assert [d.obj.name for d in load_definitions(files, str(root), accepts)] == ["after, edited"]
