import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver, ncsBody, openFeed, startServer, type RunningServer } from './helpers/harness';

// The production build (`pnpm --filter @audience-presence/server build`, then
// `start:prod`): plain node, no tsx (a dev dependency) and no source condition.
// Built into a folder under apps/server/node_modules so that the bundle's external
// npm dependencies resolve from apps/server's node_modules, as dist/ does.
const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));
const OUT = `node_modules/.cache/built-server-test-${process.pid}`;
const SECRET = 'built-secret';
const manifest = JSON.parse(
  await readFile(new URL('../package.json', import.meta.url), 'utf8'),
) as { dependencies: Record<string, string> };

describe('the production build', () => {
  let server: RunningServer;
  let bundle = '';

  beforeAll(async () => {
    await promisify(execFile)('node_modules/.bin/tsup', ['--out-dir', OUT], {
      cwd: SERVER_DIR,
      timeout: 120_000,
    });
    bundle = await readFile(`${SERVER_DIR}/${OUT}/main.js`, 'utf8');
    server = await startServer({ NCS_SECRET: SECRET }, undefined, { built: `${OUT}/main.js` });
  }, 150_000);

  afterAll(async () => {
    await server?.stop();
    await rm(`${SERVER_DIR}/${OUT}`, { recursive: true, force: true });
  });

  it('bundles the workspace packages and leaves only npm dependencies to node_modules', () => {
    expect(bundle).not.toMatch(/from\s*["']@audience-presence\//);
    expect(bundle).not.toMatch(/from\s*["']tsx/);
    const imports = [...bundle.matchAll(/from\s*["']([^"'./][^"']*)["']/g)].map((m) => m[1] ?? '');
    const allowed = new Set([...builtinModules, ...Object.keys(manifest.dependencies)]);
    for (const name of imports) {
      const pkg = name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0];
      expect(allowed, `the bundle imports ${name}`).toContain(pkg?.replace(/^node:/, ''));
    }
    expect(imports).toContain('fastify');
  });

  it('runs on plain node: stores a signed webhook, lists and streams it, stops cleanly', async () => {
    const feed = await openFeed(`${server.url}/channels/live/events`);
    await feed.waitFor(1); // the snapshot
    const res = await deliver(
      server.url,
      ncsBody(105, { uid: 4242, clientSeq: 1, channelName: 'live' }),
      SECRET,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, status: 'applied' });
    const page = (await (await fetch(`${server.url}/channels/live/presence`)).json()) as {
      audience: { uid: number }[];
      counts: { audience: number };
    };
    expect(page.audience.map((m) => m.uid)).toEqual([4242]);
    expect(page.counts.audience).toBe(1);
    const [, event] = await feed.waitFor(2);
    expect(JSON.stringify(event?.data)).toContain('4242');
    feed.close();
    expect(await server.stop()).toBe(0);
  }, 30_000);
});
