#!/usr/bin/env bash
# The one test command: system packages, dependencies, then every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-deps.sh
scripts/pnpm.sh install --frozen-lockfile
scripts/pnpm.sh run test:all
