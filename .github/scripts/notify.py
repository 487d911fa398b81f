#!/usr/bin/env python3
"""Post a deployment result to Slack and/or Discord incoming webhooks (standard library only).

Environment:
  SLACK_WEBHOOK_URL, DISCORD_WEBHOOK_URL   where to post (either, both, or none: then it only logs)
  NOTIFY_TITLE     e.g. "Publish to staging"
  NOTIFY_STATUS    the job status: success, failure or cancelled
  NOTIFY_DETAILS   optional extra line (the version, the load-test verdict...)
  GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_REF_NAME, GITHUB_SHA, GITHUB_ACTOR (set by Actions)

A webhook URL is a credential: it is never printed, and failures report only the HTTP status.
A failed notification does not fail the deployment it reports on (exit 0), but says so in the log.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request

ICONS = {"success": ":white_check_mark:", "failure": ":x:", "cancelled": ":warning:"}


def message(environ: dict[str, str]) -> str:
    status = environ.get("NOTIFY_STATUS", "unknown")
    title = environ.get("NOTIFY_TITLE", "monitoring-as-code")
    run = "{}/{}/actions/runs/{}".format(
        environ.get("GITHUB_SERVER_URL", "https://github.com"), environ.get("GITHUB_REPOSITORY", ""),
        environ.get("GITHUB_RUN_ID", ""),
    )
    ref = environ.get("GITHUB_REF_NAME", "")
    sha = environ.get("GITHUB_SHA", "")[:12]
    lines = [f"{ICONS.get(status, ':grey_question:')} {title}: {status.upper()}",
             f"{environ.get('GITHUB_REPOSITORY', '')} {ref} ({sha}) by {environ.get('GITHUB_ACTOR', '?')}"]
    if environ.get("NOTIFY_DETAILS"):
        lines.append(environ["NOTIFY_DETAILS"])
    lines.append(run)
    return "\n".join(lines)


def payloads(environ: dict[str, str]) -> list[tuple[str, str, dict]]:
    """(service, url, JSON body) for every webhook configured."""
    text = message(environ)
    found = []
    if environ.get("SLACK_WEBHOOK_URL"):
        found.append(("Slack", environ["SLACK_WEBHOOK_URL"], {"text": text}))
    if environ.get("DISCORD_WEBHOOK_URL"):
        # Discord renders :emoji: names too; its message limit is 2000 characters.
        found.append(("Discord", environ["DISCORD_WEBHOOK_URL"], {"content": text[:2000]}))
    return found


def post(url: str, body: dict, timeout: float = 10.0) -> int:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode("utf-8"), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status


def main(environ: dict[str, str] | None = None) -> int:
    environ = dict(os.environ if environ is None else environ)
    targets = payloads(environ)
    if not targets:
        print("notify: no SLACK_WEBHOOK_URL or DISCORD_WEBHOOK_URL secret set; nothing sent")
        return 0
    for service, url, body in targets:
        try:
            status = post(url, body)
            print(f"notify: {service} answered {status}")
        except urllib.error.HTTPError as exc:
            print(f"::warning::notify: {service} webhook answered HTTP {exc.code}", file=sys.stderr)
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            print(f"::warning::notify: {service} webhook unreachable ({type(reason).__name__})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
