// Core's development-only diagnostic texts (core README, "Production builds") must
// really leave an app's production bundle, through both steps an app's code takes:
// the package build (esbuild, as tsup: one unminified ESM file) and then the app's
// bundler replacing process.env.NODE_ENV and minifying (what .size-limit.js measures).
// A flag kept in a variable, for one, survives the first step as a `var` that the
// second no longer folds; writing the check inline at each site does not.
import path from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

const CORE = path.resolve(import.meta.dirname, '../../packages/core');

/** texts only a development build may carry */
const DIAGNOSTICS = [
  'interval with missing lists or a bad total',
  'presence event is not an object',
  'linkState event is not an object',
  'is used more than once under one',
];
/** texts every build must carry: validation and error messages */
const KEPT = [
  'must be a non-empty string',
  'activityLimit must be a non-negative integer',
  'Could not reach Agora Signaling in time. Check the network and try again.',
  'rtcUid must be a string, a non-negative integer or null',
];

let packaged = '';
beforeAll(async () => {
  const result = await build({
    entryPoints: [path.join(CORE, 'src/index.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    // as tsup: on the browser platform esbuild would fold process.env.NODE_ENV already
    platform: 'node',
    external: ['zustand'],
    logLevel: 'error',
  });
  packaged = result.outputFiles[0].text;
});

async function appBundle(nodeEnv) {
  const result = await build({
    stdin: { contents: packaged, loader: 'js', resolveDir: CORE },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    external: ['zustand'],
    define: { 'process.env.NODE_ENV': JSON.stringify(nodeEnv) },
    logLevel: 'error',
  });
  return result.outputFiles[0].text;
}

describe("core in an app's bundle", () => {
  it('a production build drops the diagnostic texts and keeps validation and error messages', async () => {
    const code = await appBundle('production');
    // includes(), not toContain(): a failure would print the whole bundle
    for (const text of DIAGNOSTICS) expect(code.includes(text), text).toBe(false);
    for (const text of KEPT) expect(code.includes(text), text).toBe(true);
    expect(code.includes('process.env'), 'process.env left in').toBe(false);
  });

  it('a development build keeps them', async () => {
    const code = await appBundle('development');
    for (const text of [...DIAGNOSTICS, ...KEPT]) expect(code.includes(text), text).toBe(true);
  });
});
