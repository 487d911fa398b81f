"""A large rule file's YAML read in parts, one per process (``mac check -j``).

yaml-rs reads 4 MB of rules in ~60 ms and proving that PyYAML would agree (:mod:`.fastyaml`)
costs half as much again, all before checking can start. A rule file is one ``groups:`` list,
and in block style each group starts on a line of its own at the list's indentation (``- ``): no
multi-line scalar can hold such a line (block and plain scalars end at a line that indented,
and a quoted one cut there is left unclosed, which fails to parse). So the text cut before such
lines reads as rule files of some of the groups each, which are parsed and proven in parallel,
and their lists joined are the whole file's list. Any other shape, and any part that fails to
parse or to agree, leaves the file to the ordinary single parse.
"""

from __future__ import annotations

import marshal
import os
import re
from typing import Any

#: below this much text a second process costs more than it saves (~10 ms saved per MB)
MIN_SPLIT_BYTES = 2 * 1024 * 1024

#: blank or comment lines, then ``groups:`` alone on its line
_HEADER = re.compile(r"(?:[ ]*(?:#[^\n]*)?\n)*groups:[ ]*(?:#[^\n]*)?\n")
_ITEM_INDENT = re.compile(r"(?:[ ]*(?:#[^\n]*)?\n)*( *)-[ \n]")


def read_in_parts(text: str, jobs: int) -> tuple[list[Any], bool] | None:
    """``text``'s ``groups`` list read by up to ``jobs`` processes, and whether a number was read
    (see :meth:`.fastyaml._Scan.agrees`); ``None`` when the text is not cut this way.

    :param text: a rule file that passed :func:`.fastyaml.fast_documents`' text checks
    """
    from monitoring_as_code.core import parallel

    if jobs < 2 or len(text) < MIN_SPLIT_BYTES or not parallel.can_fork():
        return None
    parts = cut(text, jobs)
    if parts is None:
        return None
    here = os.getpid()

    def read(i: int) -> Any:
        found = _read_part(parts[i])
        # A worker's groups cross as marshal bytes: loaded here in a third of pickle's time.
        return found if os.getpid() == here else marshal.dumps(found)

    results = [
        marshal.loads(r) if type(r) is bytes else r
        for r in parallel.map_units(read, [len(p) for p in parts], jobs)
    ]
    if any(result is None for result in results):
        return None
    groups: list[Any] = []
    for part_groups, _numbers in results:
        groups += part_groups
    return groups, any(numbers for _groups, numbers in results)


def cut(text: str, ways: int) -> list[str] | None:
    """``text`` as ``ways`` rule files of consecutive groups, about equal in size, or ``None``
    unless ``text`` is ``groups:`` and a block list of groups with nothing else at its level."""
    header = _HEADER.match(text)
    if header is None:
        return None
    first = _ITEM_INDENT.match(text, header.end())
    if first is None:
        return None
    indent = first.group(1)
    body = "\n" + text[header.end():]  # each line after a line break: every pattern starts from one
    if _shallow_line(indent).search(body):
        return None
    starts = [m.end() for m in re.finditer(rf"\n(?={indent}-[ \n])", body)]
    cuts = [0]
    for k in range(1, ways):
        at = _cut_near(body, starts, len(body) * k // ways)
        if at is not None and at > cuts[-1]:
            cuts.append(at)
    if len(cuts) < 2:
        return None
    return ["groups:\n" + body[a:b] for a, b in zip(cuts, cuts[1:] + [len(body)])]


def _shallow_line(indent: str) -> re.Pattern[str]:
    """A line that is neither indented deeper than ``indent``, an item at it, blank nor a comment
    (the first test, from a literal line break, settles nearly every line at once)."""
    return re.compile(rf"\n(?!{indent} )(?!{indent}-[ \n])(?! *(?:[\n#]|\Z))")


def _cut_near(body: str, starts: list[int], target: int) -> int | None:
    """The item start nearest ``target`` that follows a line with content (blank lines before it
    could belong to a ``|+`` scalar above, which the cut would end)."""
    for at in sorted(starts, key=lambda s: abs(s - target)):
        previous = body[body.rfind("\n", 0, at - 1) + 1:at - 1]
        if at > 1 and previous.strip(" "):
            return at
    return None


def _read_part(part: str) -> tuple[list[Any], bool] | None:
    """One part's groups and whether it read a number, or ``None`` if it does not parse as a rule
    file's list or PyYAML could read it otherwise."""
    import yaml_rs

    from monitoring_as_code.core.fastyaml import _Scan

    try:
        data = yaml_rs.loads(part, parse_datetime=False)
    except Exception:  # noqa: BLE001 - the single parse decides what is wrong
        return None
    if type(data) is not dict or list(data) != ["groups"] or type(data["groups"]) is not list:
        return None
    scan = _Scan()
    return (data["groups"], scan.numbers) if scan.agrees(data) else None
