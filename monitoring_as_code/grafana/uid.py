"""Grafana's identity rules for dashboards and folders: uid charset and length, slugs, stable uids.

From Grafana's ``pkg/util/shortid_generator.go``: a uid matches ``^[a-zA-Z0-9\\-_]*$`` and has at
most 40 characters; titles and uids are trimmed first; titles may not be blank.
"""

from __future__ import annotations

import hashlib
import re

UID_MAX_LENGTH = 40
TITLE_MAX_LENGTH = 5000
UID_PATTERN = re.compile(r"^[a-zA-Z0-9\-_]*$")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(title: str) -> str:
    """The slug Grafana puts in URLs: lowercase words joined by dashes ("Production Overview" -> "production-overview")."""
    return _NOT_SLUG.sub("-", title.strip().lower()).strip("-")


def uid_error(uid: str) -> str | None:
    """Why Grafana would reject ``uid`` (its own message), or ``None`` when it is valid."""
    if not UID_PATTERN.match(uid):
        return "uid contains illegal characters"
    if len(uid) > UID_MAX_LENGTH:
        return f"uid too long, max {UID_MAX_LENGTH} characters"
    return None


def stable_uid(title: str, prefix: str = "") -> str:
    """A uid derived from ``title`` alone, so rebuilding never changes dashboard URLs.

    Short titles give a readable slug (``pu-service-overview``); longer ones keep a readable
    start and end with 8 hex characters of the title's hash so they stay unique within 40 characters.

    :param title: the dashboard or folder title
    :param prefix: prepended as is (e.g. ``"pu-"``)
    """
    slug = slugify(title) or "dashboard"
    uid = prefix + slug
    if len(uid) <= UID_MAX_LENGTH:
        return uid
    digest = hashlib.sha256(title.encode("utf-8")).hexdigest()[:8]
    head = uid[: UID_MAX_LENGTH - len(digest) - 1].rstrip("-")
    return f"{head}-{digest}"
