#!/usr/bin/env bash
# The demo from a fresh clone, in one line: dependencies, then build and serve
# the demo at http://127.0.0.1:5173 (simulated Agora, offline, in the page).
# Real Agora: VITE_AGORA_APP_ID=<your App ID> scripts/demo.sh (see apps/demo/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/pnpm.sh install --frozen-lockfile
scripts/pnpm.sh demo
