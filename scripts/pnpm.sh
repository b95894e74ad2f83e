#!/usr/bin/env bash
# pnpm pinned to the version in package.json#packageManager. corepack fails on
# this registry (no signatures in its metadata), so go through npx.
exec npx --yes pnpm@10.34.9 "$@"
