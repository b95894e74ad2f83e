#!/usr/bin/env bash
# Installs the system packages the tests need (Debian's Chromium for browser
# tests, redis-server for the NCS multi-instance tests) when they are missing.
# Nothing is downloaded outside apt: Playwright's own browser download does not
# work on a machine that reaches only the npm registry and apt, so tests launch /usr/bin/chromium.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ ${#need[@]} -eq 0 ] && exit 0

sudo=''
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "Need root (or sudo) to apt-get install: ${need[*]}" >&2; exit 1; }
  sudo='sudo'
fi
echo "Installing with apt: ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
