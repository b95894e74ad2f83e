// Loads a built app (a Vite dist folder) in Debian's Chromium and fails on any
// console error, page error or failed request; passes once the page shows the
// simulated join ("joined") and the audience count. Usage: node browser-check.mjs <dist> <count>
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const [dist, expectedCount] = process.argv.slice(2);
if (!dist || !expectedCount) throw new Error('usage: browser-check.mjs <dist> <count>');
const types = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
};

const server = createServer(async (req, res) => {
  const path = normalize(new URL(req.url ?? '/', 'http://x').pathname).replace(/^(\.\.[/\\])+/, '');
  try {
    const body = await readFile(join(dist, path === '/' ? 'index.html' : path));
    res.writeHead(200, {
      'content-type':
        types[extname(path)] ?? (path === '/' ? 'text/html' : 'application/octet-stream'),
    });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
const address = server.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;

const profile = await mkdtemp(join(tmpdir(), 'consumer-smoke-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const problems = [];
let ok = false;
try {
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(url);
  await page.waitForFunction(
    (count) =>
      document.getElementById('status')?.textContent === 'joined' &&
      document.getElementById('count')?.textContent === count,
    expectedCount,
    { timeout: 20_000 },
  );
  // the list shows rows for the crowd (a virtualised list renders the visible ones)
  const rows = await page.locator('[role="option"], [role="listitem"], [role="row"]').count();
  if (rows === 0) problems.push('AudienceList rendered no rows');
  await page.waitForTimeout(500); // late errors (effects, lazy chunks)
  ok = problems.length === 0;
  console.log(
    `Chromium: ${url} shows status "joined", count ${expectedCount}, ${rows} rows${ok ? '; no console error' : ''}`,
  );
} catch (error) {
  problems.push(`did not reach "joined" with count ${expectedCount}: ${String(error)}`);
} finally {
  await context.close();
  server.close();
  await rm(profile, { recursive: true, force: true });
}
for (const p of problems) console.log(`  ${p}`);
process.exit(ok ? 0 : 1);
