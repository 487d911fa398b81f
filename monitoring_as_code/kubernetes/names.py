"""Kubernetes naming rules: object names, label and annotation keys and values, ConfigMap keys.

The rules are the API server's (``k8s.io/apimachinery/pkg/util/validation``): an object name is
a DNS-1123 subdomain (at most 253 characters of ``a-z 0-9 - .``, alphanumeric at both ends), a
namespace a DNS-1123 label (at most 63), a label key an optional DNS-1123 prefix and ``/`` then a
name of at most 63 characters, a label value at most 63 characters.
"""

from __future__ import annotations

import hashlib
import re

MAX_NAME = 253
MAX_LABEL = 63

_DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_QUALIFIED_NAME = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
_CONFIG_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")
_NOT_ALLOWED = re.compile(r"[^a-z0-9-]+")


def sanitize_name(raw: str, limit: int = MAX_NAME) -> str:
    """A DNS-1123 name made from ``raw`` (a Grafana uid, a file name), or ``""`` when none can be.

    Upper case is lowered, every run of other characters (``_``, ``.``, spaces) becomes one
    ``-``, and non-alphanumerics are trimmed from both ends. A name over ``limit`` is cut and
    ends with a hash of ``raw``, so two long names stay distinct.

    :param raw: the name to convert
    :param limit: the longest name allowed (253 for objects, 63 for namespaces and labels)
    """
    name = _NOT_ALLOWED.sub("-", raw.lower()).strip("-")
    if len(name) > limit:
        digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()[:8]
        name = name[: limit - len(digest) - 1].rstrip("-") + "-" + digest
    return name


def name_problem(name: str, limit: int = MAX_NAME) -> str | None:
    """Why ``name`` is not a valid object name (DNS-1123 subdomain, or label when ``limit`` is 63)."""
    if not name:
        return "is empty"
    if len(name) > limit:
        return f"is {len(name)} characters long (at most {limit})"
    pattern = _DNS1123_LABEL if limit <= MAX_LABEL else _DNS1123_SUBDOMAIN
    if not pattern.match(name):
        return "must consist of lower case letters, digits and '-', and start and end with a letter or digit"
    return None


def label_key_problem(key: str) -> str | None:
    """Why ``key`` is not a valid label or annotation key (``[prefix/]name``)."""
    prefix, slash, name = key.rpartition("/")
    if slash and (not prefix or len(prefix) > MAX_NAME or not _DNS1123_SUBDOMAIN.match(prefix)):
        return f"prefix {prefix!r} must be a DNS subdomain such as example.com"
    if not name or len(name) > MAX_LABEL or not _QUALIFIED_NAME.match(name):
        return (
            f"name part {name!r} must be at most {MAX_LABEL} characters of letters, digits, '-', '_' or '.', "
            "starting and ending with a letter or digit"
        )
    return None


def label_value_problem(value: str) -> str | None:
    """Why ``value`` is not a valid label value (empty is allowed)."""
    if not isinstance(value, str):
        return f"must be a string, not {type(value).__name__} (quote it: \"{value}\")"
    if value and (len(value) > MAX_LABEL or not _QUALIFIED_NAME.match(value)):
        return (
            f"must be at most {MAX_LABEL} characters of letters, digits, '-', '_' or '.', "
            "starting and ending with a letter or digit"
        )
    return None


def config_key_problem(key: str) -> str | None:
    """Why ``key`` is not a valid ConfigMap or Secret data key."""
    if key in (".", "..") or not _CONFIG_KEY.match(key) or len(key) > MAX_NAME:
        return f"must be at most {MAX_NAME} characters of letters, digits, '-', '_' or '.' (and not '.' or '..')"
    return None
