#!/bin/sh
# Installs promtool and amtool (Debian packages `prometheus` and `prometheus-alertmanager`,
# which also bring the servers the end-to-end tests start) when they are missing and apt is usable.
set -eu
missing=""
command -v promtool >/dev/null 2>&1 || [ -n "${MAC_PROMTOOL:-}" ] || missing="$missing prometheus"
command -v amtool >/dev/null 2>&1 || [ -n "${MAC_AMTOOL:-}" ] || missing="$missing prometheus-alertmanager"
[ -z "$missing" ] && exit 0

if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=none; fi
  if [ "$SUDO" != none ]; then
    echo "Installing$missing with apt-get (promtool, amtool and the servers for end-to-end tests)"
    $SUDO apt-get update -qq
    # Debian's postinst may try to start the daemons; we don't want them running.
    DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
    exit 0
  fi
fi
echo "promtool/amtool are missing. Install the Debian/Ubuntu packages:$missing" >&2
echo "  (apt-get install$missing), or set MAC_PROMTOOL / MAC_AMTOOL to their paths." >&2
echo "Tests that need them are skipped unless MAC_REQUIRE_TOOLS=1, which makes them fail." >&2
exit 0
