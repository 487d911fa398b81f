"""Reading YAML and JSON the user wrote: fast parsing, and line numbers only when a problem needs one.

Parsing is the cost of ``mac check`` on large rule files, so documents are parsed once with
the C loader and line numbers are computed lazily, by composing the node tree, only for
documents that have something to report.

PyYAML is imported on first use, not with this module: a cached ``mac check`` reads no YAML,
and yaml-rs (:mod:`.fastyaml`) reads most of the rest.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from monitoring_as_code.core.blocklines import block_lines
from monitoring_as_code.core.fastyaml import fast_documents

if TYPE_CHECKING:
    import yaml


@cache
def _base_loader() -> type[yaml.SafeLoader]:
    """PyYAML's C loader when built with libyaml, else the pure Python one."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlSyntaxError(ValueError):
    """The text is not valid YAML (or JSON); ``line`` and ``column`` are 1-based."""

    def __init__(self, message: str, line: int | None, column: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@cache
def _strict_loader() -> type[yaml.SafeLoader]:
    """The loader for what users wrote: :func:`_base_loader`, made stricter (class made on first use)."""
    import yaml

    base = _base_loader()

    class _StrictLoader(base):  # type: ignore[misc,valid-type]
        """Rejects duplicate mapping keys, as Go's YAML decoder (promtool, amtool, Loki) does."""

        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
            seen: set = set()
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    continue  # a list or map as key: the constructor reports "found unhashable key"
                key = key_node.value
                if key in seen and key != "<<":
                    mark = key_node.start_mark
                    raise YamlSyntaxError(
                        f"mapping key {key!r} already defined", mark.line + 1, mark.column + 1
                    )
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

    # Timestamps stay strings: Prometheus and Loki parse their own time formats.
    _StrictLoader.yaml_implicit_resolvers = {
        ch: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
        for ch, resolvers in base.yaml_implicit_resolvers.items()
    }
    return _StrictLoader


_NULL_TAG = "tag:yaml.org,2002:null"


def _syntax_error(exc: yaml.YAMLError) -> YamlSyntaxError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"{context}, {problem}" if context else problem
    return YamlSyntaxError(message, mark.line + 1 if mark else None, mark.column + 1 if mark else None)


def load_documents(text: str, jobs: int = 1) -> list[Any]:
    """All documents of a YAML stream (empty documents dropped).

    yaml-rs reads the text when it provably builds the same data as PyYAML (see
    :mod:`.fastyaml`: 15x faster on large rule files); PyYAML reads everything else and
    reports every syntax error, so messages and lines stay PyYAML's.

    :param jobs: processes a large rule file may be read in
    """
    documents = fast_documents(text, jobs)
    return exact_documents(text) if documents is None else documents


def exact_documents(text: str) -> list[Any]:
    """:func:`load_documents` with PyYAML alone: the reference the fast path must agree with."""
    import yaml

    try:
        return [doc for doc in yaml.load_all(text, Loader=_strict_loader()) if doc is not None]
    except yaml.YAMLError as exc:
        raise _syntax_error(exc) from None


def load_json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise YamlSyntaxError(exc.msg, exc.lineno, exc.colno) from None


@lru_cache(maxsize=2)
def _document_nodes(text: str) -> list[yaml.Node]:
    """The node trees of the non-empty documents of ``text``, composed once for all its Documents.

    Empty and ``null`` documents are skipped, as :func:`load_documents` skips them, so the
    indexes agree.
    """
    import yaml

    try:
        nodes = list(yaml.compose_all(text, Loader=_base_loader()))
    except yaml.YAMLError:
        return []
    return [n for n in nodes if n is not None and not (isinstance(n, yaml.ScalarNode) and n.tag == _NULL_TAG)]


class Positions:
    """Line numbers of paths in one document of a YAML (or JSON) text, computed on first use.

    :param text: the whole file
    :param index: which document of a multi-document stream
    :param data: that document's data; with it, block-style YAML is read line by line
        (:mod:`.blocklines`, ~5x faster than composing the node tree on large files)
    """

    def __init__(self, text: str, index: int = 0, data: Any = None) -> None:
        self._text = text
        self._index = index
        self._data = data
        self._lines: dict[tuple, int] | None = None

    def _build(self) -> dict[tuple, int]:
        if self._data is not None:
            fast = block_lines(self._text, self._index, self._data)
            if fast is not None:
                return fast
        lines: dict[tuple, int] = {}
        nodes = _document_nodes(self._text)
        if self._index < len(nodes):
            self._walk(nodes[self._index], (), lines)
        return lines

    def _walk(self, node: yaml.Node, path: tuple, lines: dict[tuple, int]) -> None:
        import yaml  # already loaded: the nodes come from it

        lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                child = path + (key_node.value,)
                self._walk(value_node, child, lines)
                # A key's own line is the better answer for mappings and block scalars.
                lines[child] = key_node.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._walk(item, path + (i,), lines)

    def line(self, path: tuple) -> int | None:
        """The line of ``path``, or of its nearest ancestor that exists."""
        if self._lines is None:
            self._lines = self._build()
        path = tuple(path)
        while path:
            if path in self._lines:
                return self._lines[path]
            path = path[:-1]
        return self._lines.get((), None)
