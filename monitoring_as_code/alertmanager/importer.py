"""``mac import alertmanager FILE``: an existing ``alertmanager.yml`` as Python definitions.

Legacy ``match``/``match_re`` become ``matchers``; keys the model does not know are kept in
``extra``; secrets written inline are kept (so nothing is lost) but ``mac check`` reports each one.
"""

from __future__ import annotations

from typing import Any

import attrs

from monitoring_as_code.alertmanager.matchers import Matcher

_HEADER = '"""Alertmanager configuration imported from {name} by `mac import alertmanager`."""\n\n'


def _render(value: Any, depth: int, classes: set[str]) -> str:
    pad, inner = "    " * depth, "    " * (depth + 1)
    if attrs.has(type(value)):
        classes.add(type(value).__name__)
        args = []
        for field in attrs.fields(type(value)):
            current = getattr(value, field.name)
            factory = getattr(field.default, "factory", None)
            default = factory() if factory is not None else field.default
            if field.name.startswith("_") or current == default:
                continue
            args.append(f"{inner}{field.name}={_render(current, depth + 1, classes)},")
        if not args:
            return f"{type(value).__name__}()"
        return f"{type(value).__name__}(\n" + "\n".join(args) + f"\n{pad})"
    if isinstance(value, Matcher):
        return repr(str(value))
    if isinstance(value, list):
        if not value:
            return "[]"
        items = [_render(v, depth + 1, classes) for v in value]
        one_line = "[" + ", ".join(items) + "]"
        if len(one_line) + len(pad) < 100 and "\n" not in one_line:
            return one_line
        return "[\n" + "\n".join(f"{inner}{item}," for item in items) + f"\n{pad}]"
    if isinstance(value, dict):
        items = [f"{inner}{k!r}: {_render(v, depth + 1, classes)}," for k, v in value.items()]
        return "{\n" + "\n".join(items) + f"\n{pad}}}" if items else "{}"
    return repr(value)


def import_alertmanager(text: str, filename: str) -> str:
    """Python source that builds the same Alertmanager config as ``text``."""
    from monitoring_as_code.alertmanager.legacy import from_data
    from monitoring_as_code.core.yamlsource import YamlSyntaxError, load_documents
    from monitoring_as_code.errors import UsageError

    try:
        docs = load_documents(text)
    except YamlSyntaxError as exc:
        raise UsageError(f"{filename}:{exc.line}: {exc.message}") from None
    if not docs or not isinstance(docs[0], dict) or not isinstance(docs[0].get("route"), dict):
        raise UsageError(f"{filename}: not an alertmanager.yml (no `route:` mapping)")
    try:
        config = from_data(docs[0])
    except (ValueError, TypeError) as exc:
        raise UsageError(f"{filename}: {exc}", "fix the file (`mac check` shows where)") from None
    classes: set[str] = set()
    body = _render(config, 0, classes)
    imports = "from monitoring_as_code.alertmanager import (\n" + "".join(
        f"    {name},\n" for name in sorted(classes) if name not in ("HTTPConfig", "BasicAuth", "Authorization", "TLSConfig")
    ) + ")\n"
    http = sorted(classes & {"HTTPConfig", "BasicAuth", "Authorization", "TLSConfig"})
    if http:
        imports += f"from monitoring_as_code.prometheus.server_http import {', '.join(http)}\n"
    return _HEADER.format(name=filename) + imports + "\nCONFIG = " + body + "\n"
