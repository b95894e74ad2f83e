#!/usr/bin/env bash
# Every test: the vitest projects (unit, jsdom, type-level, Storybook stories in
# Chromium, NCS server + Redis black-box, demo end-to-end in Chromium), then the
# hook tests again on React 18. Ends with one "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .artifacts
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.artifacts/vitest.json || status=$?
sh packages/react/scripts/test-react18.sh >.artifacts/react18.log 2>&1 || { status=1; cat .artifacts/react18.log; }
node scripts/test-summary.mjs .artifacts/vitest.json .artifacts/react18.log
exit $status
