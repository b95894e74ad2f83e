#!/bin/sh
# Runs this package's hook tests against React 18.3.1 instead of
# the workspace's React 19, in a throwaway tree under $TMPDIR (a fresh mktemp
# dir per run, removed at exit: several checkouts may run this at once). It needs
# the npm registry once (react@18.3.1, react-dom@18.3.1). Usage: sh scripts/test-react18.sh
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/../.." && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/audience-presence-react18.XXXXXX")
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/npm" "$dir/node_modules/@testing-library" "$dir/node_modules/@audience-presence"
(cd "$dir/npm" && echo '{"private":true}' > package.json && npm install --silent --no-audit --no-fund react@18.3.1 react-dom@18.3.1)
cp -r "$dir/npm/node_modules/." "$dir/node_modules/"
# a COPY of Testing Library, so its require('react') finds React 18 next to it
rtl=$(dirname "$(readlink -f "$root/node_modules/@testing-library/react/package.json")")
cp -r "$rtl" "$dir/node_modules/@testing-library/react"
ln -s "$(dirname "$(readlink -f "$rtl/../dom/package.json")")" "$dir/node_modules/@testing-library/dom"
ln -s "$root/node_modules/vitest" "$dir/node_modules/vitest"
ln -s "$root/packages/core" "$dir/node_modules/@audience-presence/core"
ln -s "$root/packages/simulator" "$dir/node_modules/@audience-presence/simulator"
ln -s "$root/packages/test-utils" "$dir/node_modules/@audience-presence/test-utils"
ln -s "$here/node_modules/agora-rtc-react" "$dir/node_modules/agora-rtc-react"
ln -s "$here/node_modules/agora-rtm-sdk" "$dir/node_modules/agora-rtm-sdk"
ln -s "$here/src" "$dir/src"
ln -s "$here/test" "$dir/test"
cat > "$dir/vitest.config.mjs" <<'CONFIG'
// preserveSymlinks: src/ and test/ resolve `react` from this tree (React 18).
// Left out: real-sdk (network timing) and agora-rtc-react, whose JSX resolves the
// workspace's React 19 from its own linked folder (two Reacts), not a fault of ours.
export default {
  resolve: { preserveSymlinks: true, conditions: ['@audience-presence/source', 'module', 'browser', 'development|production'] },
  ssr: { resolve: { conditions: ['@audience-presence/source', 'module', 'node', 'development|production'] } },
  test: { environment: 'jsdom', include: ['test/**/*.test.tsx'], exclude: ['test/real-sdk.test.tsx', 'test/agora-rtc-react.test.tsx'] },
};
CONFIG
node -e "console.log('react', require('$dir/node_modules/react/package.json').version)"
"$root/node_modules/.bin/vitest" run --root "$dir"
