"""The fast path for reading YAML: yaml-rs parses, PyYAML decides whenever they could disagree.

PyYAML's C loader needs about 1.7 s for a 10,000-rule file, more than ``promtool check rules``
spends on the whole check; yaml-rs (Rust) needs about 80 ms. The two are not the same YAML:
PyYAML is YAML 1.1 (``yes`` is a bool, ``010`` is 8, ``<<`` merges), yaml-rs is YAML 1.2.
So :func:`fast_documents` returns yaml-rs' documents only when it can prove that the exact loader
(:mod:`.yamlsource`) would build the very same data, and ``None`` otherwise; the caller then
runs the exact loader, which also owns every error message and line number. The proof:

* the text ends with a line break and has no tab, no character PyYAML refuses or reads as a
  line break, no tag or anchor, no directive, no flow collection beyond one line of simple
  scalars;
* no string yaml-rs built could have been a plain scalar that PyYAML resolves to another type
  (``yes``, ``1:20``, ``0o7``...), checked with PyYAML's own resolver table;
* when yaml-rs built numbers, no number in the text is spelled in a way the two read
  differently (leading zeros, ``0o``, exponents, ``-.5``);
* every document is a mapping or a list; no merge key (``<<``), no empty or complex key.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from monitoring_as_code.core.yamlparts import read_in_parts

#: PyYAML rejects these (or reads them as line breaks); yaml-rs may silently keep or cut them.
#: (A positive class: the complement of PyYAML's printable set takes ~50 ms to compile.)
_UNUSUAL_CHARS = "[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\n\r"
#: ``---`` starts a document; ``...`` and ``%`` directives are left to the exact loader.
_DOC_START = re.compile(r"^---(?=[ \t\r\n]|\Z)", re.MULTILINE)
_DOC_OTHER = re.compile(r"^(?:\.\.\.(?=[ \t\r\n]|\Z)|%)", re.MULTILINE)
#: A line starting with ``.`` or ``%``: a superset of :data:`_DOC_OTHER` past the first line, found
#: in one scan from a literal character (the multi-line pattern tries every position: ten times slower)
_LINE_STARTS_WITH_DOT_OR_PERCENT = re.compile(r"\n[.%]")
#: Numbers YAML 1.1 and 1.2 read differently (``010``, ``0o7``, ``1e3``, ``-.5``, ``1_0``, ``.NaN``),
#: at the start of a plain scalar (after a space, flow punctuation or a line break).
_NUMBER_HAZARD = r"[\s\[{,](?:[-+]?0[0-9_oOXB]|[-+]?\.[a-zA-Z]|[-+]\.[0-9]|[-+]?[.0-9][0-9_.]*[eE_])"
#: A flow collection (``{...}``, ``[...]``) starting a block node. yaml-rs is more lenient inside
#: them than PyYAML (multi-line keys, ``{a:, b}``), so only one-line collections of simple
#: scalars are left to it.
#: (Four patterns with a literal first character: each scans ~4x faster than one alternation.)
#: (``*+`` is possessive: after each line break the indentation is read once, not retried space by space.)
_FLOW_STARTS = tuple(re.compile(p) for p in (r": +[\[{]", r"- +[\[{]", r"\? +[\[{]", r"\n *+[\[{]"))
_FLOW_SCALAR = r"""(?:"[^"\\\n]*"|'[^'\n]*'|[A-Za-z0-9_/$][A-Za-z0-9_./$+-]*(?: +[A-Za-z0-9_./$+-]+)*)"""
_FLOW_ENTRY = rf"{_FLOW_SCALAR} *: +{_FLOW_SCALAR}"
_SIMPLE_FLOW = (
    rf"(?:\{{ *(?:{_FLOW_ENTRY} *(?:, *{_FLOW_ENTRY} *)*)?\}}|\[ *(?:{_FLOW_SCALAR} *(?:, *{_FLOW_SCALAR} *)*)?\])"
    r" *(?: #[^\n]*)?\r?(?:\n|\Z)"
)
#: What may stand before a node's tag or anchor: an indicator, flow punctuation, indentation.
_BEFORE_NODE = frozenset(":-?[{,\n")

_SCALARS = (str, int, float, bool, type(None))


def fast_documents(text: str, jobs: int = 1) -> list[Any] | None:
    """The non-empty documents of ``text`` exactly as the exact loader returns them, or ``None``.

    ``None`` means "ask the exact loader": the text has a syntax error, a duplicate key, or a
    construct the two parsers could read differently.

    :param text: a YAML stream
    :param jobs: processes a large rule file may be read in (:mod:`.yamlparts`)
    """
    try:
        import yaml_rs
    except ImportError:  # the exact loader still works, only slower
        return None
    text = text.removeprefix("\ufeff")
    if text and not text.endswith("\n"):  # yaml-rs adds a line break to a block scalar ending the text
        return None
    if _has_unusual_chars(text) or _has_node_property(text) or _has_directive_or_end(text) or _has_complex_flow(text):
        return None
    several = text.startswith("---") or "\n---" in text
    starts = [m.start() for m in _DOC_START.finditer(text)] if several else []
    chunks = [text[a:b] for a, b in zip([0] + starts, starts + [len(text)])] if starts else [text]
    documents: list[Any] = []
    scan = _Scan()
    in_parts = None if starts or jobs < 2 else read_in_parts(text, jobs)
    if in_parts is not None:
        groups, scan.numbers = in_parts
        documents, chunks = [{"groups": groups}], []
    for chunk in chunks:
        try:
            data = yaml_rs.loads(chunk, parse_datetime=False)
        except Exception:  # noqa: BLE001 - any failure is the exact loader's to report, with its line
            return None
        if data is None:
            continue
        if type(data) not in (dict, list) or not scan.agrees(data):  # YAML 1.1 and 1.2 differ on root scalars
            return None
        documents.append(data)
    if scan.numbers and _compiled(_NUMBER_HAZARD).search("\n" + text):
        return None
    return documents


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """Patterns compiled on first use: a run served from the check cache never needs them."""
    return re.compile(pattern)


def _has_unusual_chars(text: str) -> bool:
    if "\t" in text:  # YAML 1.2 takes tabs in places where YAML 1.1 (and Go's libyaml port) refuses them
        return True
    if text.isascii():  # the common case, ten times faster than the regular expression
        return bool(text.encode("ascii").translate(None, _PRINTABLE_ASCII))
    return _compiled(_UNUSUAL_CHARS).search(text) is not None


def _has_node_property(text: str) -> bool:
    """Whether a tag (``!!str``, ``!foo``) or an anchor (``&name``) may start a node.

    Both parsers differ on them (YAML 1.2 anchor names may hold ``:``), and rule files rarely
    have them. A ``!`` or ``&`` inside a scalar (PromQL ``!=``, a URL's ``&``) is not one.
    """
    for mark in "!&":
        at = text.find(mark)
        while at >= 0:
            before = at - 1
            while before >= 0 and text[before] in " \t":
                before -= 1
            if before < 0 or text[before] in _BEFORE_NODE:
                return True
            at = text.find(mark, at + 1)
    return False


def _has_complex_flow(text: str) -> bool:
    """Whether a flow collection starting a node is more than one line of simple scalars."""
    head = text.lstrip(" ")
    starts = [len(text) - len(head)] if head[:1] in ("[", "{") else []
    starts += [m.end() - 1 for pattern in _FLOW_STARTS for m in pattern.finditer(text)]
    simple = _compiled(_SIMPLE_FLOW)
    return any(simple.match(text, at) is None for at in starts)


def _has_directive_or_end(text: str) -> bool:
    if text.startswith(("...", "%")) or _LINE_STARTS_WITH_DOT_OR_PERCENT.search(text):
        return _DOC_OTHER.search(text) is not None
    return False


class _Scan:
    """Walks parsed data looking for values the two parsers could have built differently."""

    def __init__(self) -> None:
        self.numbers = False

    def agrees(self, data: Any) -> bool:
        first_chars = _resolvers().keys()
        retypes = _pyyaml_retypes
        checked_keys: set[str] = set()  # a rule file repeats a handful of keys thousands of times
        stack = [data]  # dicts and lists
        pop, push = stack.pop, stack.append
        while stack:
            node = pop()
            if type(node) is dict:
                for key in node.keys() - checked_keys:
                    if type(key) is str:
                        if key == "<<" or (key and key[0] in first_chars and retypes(key)):
                            return False
                        checked_keys.add(key)
                    elif type(key) in (int, float):
                        self.numbers = True
                    elif key is None or not isinstance(key, _SCALARS):
                        return False  # empty or complex keys (``: x``, ``? [a]``): YAML 1.1 has none
                values = node.values()
            else:  # a list: only containers are pushed
                values = node
            for value in values:
                kind = type(value)
                if kind is str:
                    if value and (value[0] in first_chars and retypes(value) or value[0] == "\n" and not value.strip("\n")):
                        return False  # "\n" alone: yaml-rs' reading of an empty block scalar at the end
                elif kind is dict or kind is list:
                    push(value)
                elif kind is int or kind is float:
                    self.numbers = True
                elif not isinstance(value, _SCALARS):
                    return False  # sets, bytes: only from tags, which the exact loader handles
        return True


#: The plain scalars PyYAML (YAML 1.1) reads as something other than a string, by first character:
#: its implicit resolvers for bool, int, float, null, ``<<``, ``=`` and ``!``/``&``/``*`` alone,
#: without timestamps (the exact loader keeps them strings). Written out rather than read from
#: PyYAML, whose import costs ~15 ms of every check; tests/core/test_fastyaml.py keeps the two equal.
PYYAML_IMPLICIT: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("yYnNtTfFoO", ("yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
                    "on", "On", "ON", "off", "Off", "OFF")),
    ("-+0123456789", (r"[-+]?0b[0-1_]+", r"[-+]?0[0-7_]+", r"[-+]?(?:0|[1-9][0-9_]*)", r"[-+]?0x[0-9a-fA-F_]+",
                      r"[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+")),
    ("-+.0123456789", (r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?", r"\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?",
                       r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*", r"[-+]?\.(?:inf|Inf|INF)", r"\.(?:nan|NaN|NAN)")),
    ("~nN", ("~", "null", "Null", "NULL", "")),
    ("<", ("<<",)),
    ("=", ("=",)),
    ("!&*", ("!", "&", r"\*")),
)


@lru_cache(maxsize=1)
def _resolvers() -> dict[str, list[re.Pattern[str]]]:
    """:data:`PYYAML_IMPLICIT` compiled, by first character."""
    table: dict[str, list[re.Pattern[str]]] = {}
    for first_chars, alternatives in PYYAML_IMPLICIT:
        compiled = re.compile(f"^(?:{'|'.join(alternatives)})$")
        for char in first_chars:
            table.setdefault(char, []).append(compiled)
    return table


def _pyyaml_retypes(value: str) -> bool:
    """Whether ``value``, had it been a plain scalar, is something other than a string to PyYAML
    while yaml-rs keeps it a string (then it may have been plain, and the two disagree)."""
    if not any(regexp.match(value) for regexp in _resolvers()[value[0]]):
        return False
    return _yaml_rs_keeps_string(value)


@lru_cache(maxsize=4096)
def _yaml_rs_keeps_string(value: str) -> bool:
    """Whether yaml-rs reads plain ``value`` as a string; if not, it came quoted and PyYAML agrees."""
    import yaml_rs

    try:
        return isinstance(yaml_rs.loads(value, parse_datetime=False), str)
    except Exception:  # noqa: BLE001 - unreadable alone: treat as a string, the safe answer
        return True
