/**
 * pnpm bench:browser: mounts AudienceList (store-backed, virtualized) and a
 * naive list (every row rendered from a useState array copied per event) with
 * 100,000 members in Debian's Chromium, applies 5,000 presence events per
 * second for 5 seconds, and prints both side by side from the same run.
 *
 * Two views of the frames during the churn: rAF intervals (what the user
 * sees at 60 Hz: 16.7 ms when on time, 33 ms for a dropped frame), and, from a
 * DevTools trace, the main thread's CPU time per frame (the work between one
 * rAF and the next: what "frame time" means when it is compared with 16.7 ms).
 * CPU time, not wall time, so other processes on a busy machine do not count.
 */
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '@audience-presence/test-utils';
import type { BenchResult } from './page';
import { createChurnTrace } from './trace';

/** One mode's page result plus what the trace says about each frame's work. */
interface Measured extends BenchResult {
  p50BusyMs: number;
  p95BusyMs: number;
  /** share of frames whose work exceeded the 16.7 ms budget */
  overBudgetFrames: number;
}

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = join(here, 'dist');
const members = Number(process.env['BENCH_MEMBERS'] ?? 100_000);
const rate = Number(process.env['BENCH_RATE'] ?? 5_000);
const seconds = Number(process.env['BENCH_SECONDS'] ?? 5);
const modes = (process.env['BENCH_MODES'] ?? 'naive,virtual,virtual-name').split(',');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

async function serve(): Promise<{ url: string; close: () => void }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = join(dist, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dist) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no server address');
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}

async function measure(url: string, mode: string): Promise<Measured> {
  const profile = mkdtempSync(join(tmpdir(), 'ap-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...chromiumLaunchOptions,
    viewport: { width: 1280, height: 800 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const trace = createChurnTrace(await context.newCDPSession(page));
    await page.exposeFunction('__traceStart', () => trace.start());
    await page.exposeFunction('__traceStop', () => trace.stop());
    await page.goto(`${url}?mode=${mode}&members=${members}&rate=${rate}&seconds=${seconds}`);
    await page.waitForFunction(() => window.__bench !== undefined, undefined, {
      timeout: 600_000,
      polling: 250,
    });
    const result = await page.evaluate(() => window.__bench!);
    if ('error' in result) throw new Error(`${mode}: ${result.error}`);
    if (errors.length > 0) throw new Error(`${mode}: page errors:\n${errors.join('\n')}`);
    const busy = trace.workPerFrame(result.frameStamps).sort((a, b) => a - b);
    const at = (p: number) => busy[Math.min(busy.length - 1, Math.floor(busy.length * p))] ?? 0;
    return {
      ...result,
      p50BusyMs: at(0.5),
      p95BusyMs: at(0.95),
      overBudgetFrames: busy.filter((ms) => ms > 16.7).length / Math.max(1, busy.length),
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

async function main() {
  await build({ configFile: join(here, 'vite.config.ts'), mode: 'production' });
  const server = await serve();
  const results: Measured[] = [];
  try {
    for (const mode of modes) {
      process.stdout.write(`running ${mode}...\n`);
      results.push(await measure(server.url, mode));
    }
  } finally {
    server.close();
  }

  const rows: [string, (r: Measured) => string][] = [
    ['mount: render + commit + layout (ms)', (r) => fmt(r.mountMs)],
    ['events applied', (r) => String(r.eventsApplied)],
    ['churn wall time (ms)', (r) => fmt(r.churnMs, 0)],
    ['frames during churn', (r) => String(r.frames)],
    ['p50 frame work (ms, trace)', (r) => fmt(r.p50BusyMs)],
    ['p95 frame work (ms, trace)', (r) => fmt(r.p95BusyMs)],
    ['frames over 16.7 ms of work', (r) => `${fmt(r.overBudgetFrames * 100)}%`],
    ['p50 frame interval (ms)', (r) => fmt(r.p50FrameMs)],
    ['p95 frame interval (ms)', (r) => fmt(r.p95FrameMs)],
    ['max frame interval (ms)', (r) => fmt(r.maxFrameMs)],
    ['dropped frames (> 25 ms)', (r) => String(r.droppedFrames)],
    ['long tasks, mount', (r) => String(r.longTasksMount)],
    ['long tasks, churn', (r) => String(r.longTasksChurn)],
    ['long-task time, churn (ms)', (r) => fmt(r.longTaskMsChurn, 0)],
    ['DOM nodes after mount', (r) => String(r.domNodesAfterMount)],
    ['DOM nodes after churn', (r) => String(r.domNodesAfterChurn)],
  ];
  const header = ['metric', ...results.map((r) => r.mode)];
  const table = [header, ...rows.map(([label, get]) => [label, ...results.map(get)])];
  const widths = header.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join(' | ');
  console.log(
    `\n${members.toLocaleString('en-US')} members, ${rate.toLocaleString('en-US')} events/s for ${seconds} s, Chromium at 60 Hz\n`,
  );
  console.log(line(table[0]!));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of table.slice(1)) console.log(line(row));

  const naive = results.find((r) => r.mode === 'naive');
  const virtual = results.find((r) => r.mode === 'virtual');
  if (naive && virtual) {
    const mountRatio = naive.mountMs / virtual.mountMs;
    console.log(
      `\nmount: AudienceList is ${fmt(mountRatio)}x faster than the naive list (goal >= 20x: ${mountRatio >= 20 ? 'met' : 'NOT met'})`,
    );
    console.log(
      `p95 frame work during churn: AudienceList ${fmt(virtual.p95BusyMs)} ms vs naive ${fmt(naive.p95BusyMs)} ms (goal < 16.7 ms: ${virtual.p95BusyMs < 16.7 ? 'met' : 'NOT met'})`,
    );
    console.log(
      `p95 frame interval: AudienceList ${fmt(virtual.p95FrameMs)} ms vs naive ${fmt(naive.p95FrameMs)} ms; dropped frames ${virtual.droppedFrames} vs ${naive.droppedFrames}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
