"""``mac import promtail promtail.yaml``: Python source that rebuilds the same Promtail configuration
with this library, so an existing setup moves to code (and gets its Alloy configuration for free).

Keys the model has become constructor arguments; the others go to ``extra``, so building the
output gives back the same configuration (a ``labels: {a: }`` stage is written ``{"a": None}``,
which compiles to the equivalent ``a: a``). Unknown stages stay plain dicts.
"""

from __future__ import annotations

from typing import Any

from monitoring_as_code.core.yamlsource import YamlSyntaxError, load_documents
from monitoring_as_code.errors import UsageError

_INDENT = "    "
#: class -> {key: (nested class, is a list)}
_NESTED: dict[str, dict[str, tuple[str, bool]]] = {
    "PromtailConfig": {"server": ("PromtailServer", False), "positions": ("Positions", False),
                       "clients": ("Client", True), "scrape_configs": ("ScrapeConfig", True)},
    "Client": {"basic_auth": ("BasicAuth", False)},
    "ScrapeConfig": {"static_configs": ("StaticConfig", True), "docker_sd_configs": ("DockerSD", True),
                     "kubernetes_sd_configs": ("KubernetesSD", True), "relabel_configs": ("RelabelConfig", True),
                     "pipeline_stages": ("stage", True)},
    "Match": {"stages": ("stage", True)},
}
_STAGE_CLASSES = {"docker": "Docker", "cri": "CRI", "json": "Json", "logfmt": "Logfmt", "regex": "Regex",
                  "replace": "Replace", "labels": "Labels", "structured_metadata": "StructuredMetadata",
                  "static_labels": "StaticLabels", "timestamp": "Timestamp", "output": "Output", "match": "Match",
                  "drop": "Drop", "multiline": "Multiline", "metrics": "Metrics", "template": "Template",
                  "labeldrop": "LabelDrop", "labelallow": "LabelAllow", "tenant": "Tenant", "pack": "Pack",
                  "limit": "Limit", "sampling": "Sampling", "decolorize": "Decolorize"}
_POSITIONAL = {"Labels", "StructuredMetadata", "StaticLabels", "Metrics", "LabelDrop", "LabelAllow"}


class _Writer:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def obj(self, cls_name: str, data: Any, indent: str) -> str:
        """``Cls(key=value, ..., extra={...})`` for a mapping."""
        import attr

        from monitoring_as_code import promtail

        if not isinstance(data, dict):
            return repr(data)
        self.used.add(cls_name)
        fields = {f.alias if f.alias != f.name else f.name: f for f in attr.fields(getattr(promtail, cls_name))
                  if f.name not in ("extra",)}
        nested = _NESTED.get(cls_name, {})
        inner = indent + _INDENT
        args, extra = [], {}
        for key, value in data.items():
            if key not in fields or (cls_name.endswith("Config") and key == "name"):
                extra[key] = value
                continue
            args.append(f"{key}={self.value(value, nested.get(key), inner)}")
        for key, field in fields.items():
            if key not in data and field.default is not None and field.default is not attr.NOTHING and key != "name":
                args.append(f"{key}=None")  # keep the file as it was: no default added
        if extra:
            args.append(f"extra={self.plain(extra, inner)}")
        if not args:
            return f"{cls_name}()"
        return f"{cls_name}(\n" + "".join(f"{inner}{a},\n" for a in args) + f"{indent})"

    def value(self, value: Any, nested: tuple[str, bool] | None, indent: str) -> str:
        if nested is None or value is None:
            return self.plain(value, indent)
        cls_name, many = nested
        if many and isinstance(value, list):
            inner = indent + _INDENT
            items = [self.stage(v, inner) if cls_name == "stage" else self.obj(cls_name, v, inner) for v in value]
            return "[\n" + "".join(f"{inner}{item},\n" for item in items) + f"{indent}]" if items else "[]"
        return self.obj(cls_name, value, indent)

    def stage(self, stage: Any, indent: str) -> str:
        if not isinstance(stage, dict) or len(stage) != 1 or next(iter(stage)) not in _STAGE_CLASSES:
            return self.plain(stage, indent)
        name, body = next(iter(stage.items()))
        cls_name = _STAGE_CLASSES[name]
        if cls_name in _POSITIONAL:
            self.used.add(cls_name)
            if cls_name == "Metrics" and isinstance(body, dict):
                inner = indent + _INDENT
                metrics = "".join(f"{inner}{k!r}: {self.obj('Metric', v, inner)},\n" for k, v in body.items())
                return f"Metrics({{\n{metrics}{indent}}})"
            return f"{cls_name}({self.plain(body, indent)})"
        return self.obj(cls_name, body or {}, indent)

    def plain(self, value: Any, indent: str) -> str:
        if isinstance(value, dict) and value:
            inner = indent + _INDENT
            return "{\n" + "".join(f"{inner}{k!r}: {self.plain(v, inner)},\n" for k, v in value.items()) + indent + "}"
        if isinstance(value, list) and value and any(isinstance(v, (dict, list)) for v in value):
            inner = indent + _INDENT
            return "[\n" + "".join(f"{inner}{self.plain(v, inner)},\n" for v in value) + indent + "]"
        return repr(value)


def import_promtail(text: str, filename: str) -> str:
    """Python source defining ``PROMTAIL``, a :class:`PromtailConfig` equal to the file's configuration.

    :param text: the Promtail YAML
    :param filename: the file's name (for messages and the docstring)
    """
    try:
        docs = load_documents(text)
    except YamlSyntaxError as exc:
        raise UsageError(f"{filename}:{exc.line}: invalid YAML: {exc.message}", "fix the YAML first") from None
    if len(docs) != 1 or not isinstance(docs[0], dict) or "scrape_configs" not in docs[0]:
        raise UsageError(f"{filename}: not a Promtail configuration (no scrape_configs mapping)",
                         "pass the promtail.yaml that Promtail reads with -config.file")
    writer = _Writer()
    body = writer.obj("PromtailConfig", docs[0], "")
    names = "".join(f"{_INDENT}{name},\n" for name in sorted(writer.used))
    return (f'"""Promtail configuration imported from {filename} by `mac import promtail`.\n\n'
            f'Builds build/promtail/promtail.yaml and, converted, build/alloy/config.alloy.\n"""\n\n'
            f"from monitoring_as_code.promtail import (\n{names})\n\nPROMTAIL = {body}\n")
