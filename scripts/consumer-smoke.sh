#!/usr/bin/env bash
# Consumer smoke test: what a new user gets from the published packages.
# Packs the four packages (pnpm pack, as they would be published), installs the
# tarballs with npm into a fresh app OUTSIDE the workspace (mktemp -d), then:
#   1. the tarballs: a LICENSE in each, no manifest names an unpublished package
#   2. tsc strict with skipLibCheck false, WITHOUT the Agora SDKs (and ncs without ioredis)
#   3. SSR of the provider + AudienceList on React 19, no console warning or error
#   4. tsc again WITH the SDKs (+ the @types their own d.ts need), then with ioredis + fastify
#   5. a Vite build: the SDKs only in lazy chunks, never in the entry's static graph
#   6. the built app in Chromium on the simulator: joins, shows the crowd, no console error
#   7. SSR on React 18, no console warning or error
# Versions are pinned to the workspace's. Needs the npm registry (about 4 installs).
# Usage: scripts/consumer-smoke.sh   (SMOKE_SKIP_BUILD=1 to reuse packages/*/dist)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
here="$root/scripts/consumer-smoke"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/consumer-smoke.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
app="$tmp/app"
start=$SECONDS
failed=0
step() { printf '\n== consumer smoke [%ss]: %s\n' "$((SECONDS - start))" "$*"; }
fail() { echo "FAILED: $*"; failed=$((failed + 1)); }
# every npm call is bounded: the registry is the only thing here that can hang
npmi() { (cd "$app" && timeout 180 npm install --no-audit --no-fund --loglevel=error "$@"); }
ver() { node -p "require('$root/$1/package.json').version"; }

cd "$root"
if [ "${SMOKE_SKIP_BUILD:-}" != 1 ]; then
  step "build the packages"
  scripts/pnpm.sh build >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; exit 1; }
fi

step "pack (pnpm pack) into $tmp/tarballs"
mkdir -p "$tmp/tarballs"
for p in core react simulator ncs; do
  (cd "packages/$p" && "$root/scripts/pnpm.sh" pack --pack-destination "$tmp/tarballs" >/dev/null)
done
ls "$tmp/tarballs"

step "1. tarball contents: LICENSE, no unpublished package named"
for t in "$tmp"/tarballs/*.tgz; do
  name=$(basename "$t")
  # read whole, then grep: `tar | grep -q` under pipefail fails when grep stops early
  listing=$(tar -tzf "$t")
  manifest=$(tar -xzOf "$t" package/package.json)
  if grep -qx 'package/LICENSE' <<<"$listing"; then echo "$name: LICENSE ok"; else fail "$name has no LICENSE"; fi
  if grep -q '@audience-presence/test-utils' <<<"$manifest"; then
    fail "$name's package.json names the unpublished @audience-presence/test-utils"
  fi
done

step "install the tarballs into a fresh app outside the workspace (npm, no Agora SDK, no ioredis)"
mkdir -p "$app"
cp -r "$here/app/." "$app/"
tgz() { ls "$tmp"/tarballs/audience-presence-"$1"-*.tgz; }
cat >"$app/package.json" <<JSON
{
  "name": "consumer-smoke-app",
  "private": true,
  "type": "module",
  "dependencies": {
    "@audience-presence/core": "file:$(tgz core)",
    "@audience-presence/react": "file:$(tgz react)",
    "@audience-presence/simulator": "file:$(tgz simulator)",
    "@audience-presence/ncs": "file:$(tgz ncs)",
    "react": "$(ver node_modules/react)",
    "react-dom": "$(ver node_modules/react-dom)"
  },
  "devDependencies": {
    "typescript": "$(ver node_modules/typescript)",
    "@types/react": "$(ver node_modules/@types/react)",
    "@types/react-dom": "$(ver node_modules/@types/react-dom)",
    "@types/node": "$(ver node_modules/@types/node)",
    "vite": "$(ver node_modules/vite)",
    "@vitejs/plugin-react": "$(ver node_modules/@vitejs/plugin-react)"
  }
}
JSON
npmi
tsc() { (cd "$app" && node_modules/.bin/tsc "$@"); }

step "2. tsc --strict, skipLibCheck false, without the Agora SDKs (browser app: core, react, simulator)"
tsc -p tsconfig.json && echo "tsc (app, no SDKs): ok" || fail "tsc without the SDKs"
step "2b. tsc, skipLibCheck false, ncs with the memory store and no ioredis"
tsc -p tsconfig.server.json && echo "tsc (server, no ioredis): ok" || fail "tsc of ncs without ioredis"

step "3. SSR on React $(ver node_modules/react)"
(cd "$app" && timeout 60 node ssr.mjs) || fail "SSR on React 19"

step "4. install the Agora SDKs (+ @types/debug their d.ts needs), tsc again"
rtm=$(ver packages/react/node_modules/agora-rtm-sdk)
rtcr=$(ver packages/react/node_modules/agora-rtc-react)
rtcng=$(ver packages/react/node_modules/agora-rtc-sdk-ng)
npmi "agora-rtm-sdk@$rtm" "agora-rtc-react@$rtcr" "agora-rtc-sdk-ng@$rtcng" "@types/debug@4.1.13"
# the SDKs' own d.ts import 'events' (from @types/node) and 'debug'
cat >"$app/tsconfig.sdk.json" <<'JSON'
{
  "extends": "./tsconfig.json",
  "compilerOptions": { "types": ["node"] },
  "include": ["src", "sdk"]
}
JSON
mkdir -p "$app/sdk"
cp "$here/sdk-usage.tsx" "$app/sdk/"
tsc -p tsconfig.sdk.json && echo "tsc (app + real SDK clients): ok" || fail "tsc with the SDKs"

step "4b. the server's optional peers (ioredis, fastify): tsc of ncs/redis and ncs/fastify"
npmi "ioredis@$(ver packages/ncs/node_modules/ioredis)" "fastify@$(ver packages/ncs/node_modules/fastify)"
cp "$here/server-peers.ts" "$app/server/"
tsc -p tsconfig.server.json && echo "tsc (server + ioredis + fastify): ok" || fail "tsc of ncs/redis, ncs/fastify"

step "5. Vite build (SDKs only in lazy chunks)"
(cd "$app" && timeout 180 node_modules/.bin/vite build >"$tmp/vite.log" 2>&1) || { cat "$tmp/vite.log"; fail "vite build"; }
# no manifest means the check below cannot run: that is a failure, not a pass
if [ -f "$app/dist/.vite/manifest.json" ]; then
  node "$here/manifest-check.mjs" "$app/dist" || fail "SDKs in the entry chunk"
else
  fail "vite wrote no dist/.vite/manifest.json (build.manifest in the app's vite.config.mjs)"
fi

step "6. the built app in Chromium on the simulator"
if [ -f "$app/dist/index.html" ]; then
  timeout 90 node "$here/browser-check.mjs" "$app/dist" 25 || fail "the app in Chromium"
else
  fail "no built app (dist/index.html) to load in Chromium"
fi

step "7. SSR on React 18"
r18=18.3.1
npmi "react@$r18" "react-dom@$r18"
(cd "$app" && timeout 60 node ssr.mjs) || fail "SSR on React 18"

step "done in $((SECONDS - start)) s"
if [ "$failed" -gt 0 ]; then
  echo "consumer smoke: $failed check(s) FAILED"
  exit 1
fi
echo "consumer smoke: every check passed"
