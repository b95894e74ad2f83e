/**
 * SSE fan-out bench, bounded and loopback only: 1,000 and 10,000 subscribers on
 * one channel of one server instance (memory store: what is measured is the
 * fan-out, the same once an instance has its event from Redis pub/sub), then
 * 100 join events/s for FANOUT_SECONDS (default 10). Prints, per size:
 * event-to-client p50 / p99 (the event's scheduled send time -> frame read by
 * the client, measured on every FANOUT_SAMPLE-th stream; from the schedule, so
 * a driver running late counts against the latency, never hides it), whether
 * every stream got every event, memory per idle subscriber (server RSS delta /
 * streams), and the event rate the run really reached (sent by the driver,
 * stored by the server). Below 90% of the target rate the figures say more
 * about the machine than the fan-out: the row says "machine too loaded" and
 * gives no latency verdict.
 *
 * The driver is kept cheap so that it is not what limits the rate: every body
 * is signed before the clock starts (the scheduled send time rides in the
 * join's `account`, so the clients need no message per event), and the
 * webhooks go over a few keep-alive connections of node:http.
 * Clients are spread over FANOUT_WORKERS processes (default 4). The server runs
 * with its per-IP SSE cap and read rate limit raised for the bench.
 *
 *   pnpm bench:fanout            (FANOUT_SIZES=1000,10000 FANOUT_RATE=100)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { signNcsBody } from '@audience-presence/ncs';
import { deliver, ncsBody, startServer, type RunningServer } from '../test/helpers/harness';

const SECRET = 'fanout-secret';
const SIZES = (process.env['FANOUT_SIZES'] ?? '1000,10000').split(',').map(Number);
const RATE = Number(process.env['FANOUT_RATE'] ?? '100');
const SECONDS = Number(process.env['FANOUT_SECONDS'] ?? '10');
const WORKERS = Number(process.env['FANOUT_WORKERS'] ?? '4');
const SAMPLE = Number(process.env['FANOUT_SAMPLE'] ?? '10');
/** below this share of RATE the driver (or the machine) is the bottleneck: no verdict */
const MIN_RATE_SHARE = 0.9;
const GOAL_P99_MS = 100;
const GOAL_KB = 20;
const CLIENT = fileURLToPath(new URL('./fanout-client.ts', import.meta.url));
const TSX_LOADER = new URL('../../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssBytes(pid: number): number {
  const line = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(line?.[1] ?? 0) * 1024;
}

/** The hard open-file limit: as far as prlimit may raise the server's. */
function hardFileLimit(): number {
  const line = /^Max open files\s+\d+\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  return Number(line?.[1] ?? 4096);
}

function percentile(histogram: number[], p: number): number {
  const total = histogram.reduce((a, b) => a + b, 0);
  let seen = 0;
  for (let bin = 0; bin < histogram.length; bin += 1) {
    seen += histogram[bin] ?? 0;
    if (seen >= total * p) return bin / 10;
  }
  return Infinity;
}

interface Worker {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  report(): Promise<{ joins: number; histogram: number[] }>;
}

function startWorker(port: number, streams: number): Worker {
  const child = fork(CLIENT, [], {
    execArgv: ['--import', TSX_LOADER],
    env: {
      ...process.env,
      FANOUT_PORT: String(port),
      FANOUT_STREAMS: String(streams),
      FANOUT_SAMPLE: String(SAMPLE),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (m: { type: string; message?: string }) => {
      if (m.type === 'ready') resolve();
      if (m.type === 'error') reject(new Error(m.message));
    });
  });
  return {
    child,
    ready,
    report: () =>
      new Promise((resolve) => {
        const onMessage = (m: { type: string; joins: number; histogram: number[] }) => {
          if (m.type !== 'report') return;
          child.off('message', onMessage);
          resolve(m);
        };
        child.on('message', onMessage);
        child.send({ type: 'report' });
      }),
  };
}

async function run(size: number): Promise<string> {
  const server: RunningServer = await startServer(
    {
      NCS_SECRET: SECRET,
      LOG_LEVEL: 'warn',
      SSE_MAX_STREAMS: String(size + 100),
      SSE_MAX_STREAMS_PER_IP: String(size + 100),
      RATE_LIMIT_READS_PER_MINUTE: '0',
    },
    undefined,
    { nofile: Math.min(hardFileLimit(), Math.max(4096, size * 2 + 1024)) },
  );
  const workers: Worker[] = [];
  try {
    // warm the feed path once, then take the baseline
    await deliver(server.url, ncsBody(103, { channelName: 'fan', uid: 1, clientSeq: 1 }), SECRET);
    await sleep(500);
    const rss0 = rssBytes(server.pid);
    const per = Math.ceil(size / WORKERS);
    for (let left = size; left > 0; left -= per) {
      workers.push(startWorker(server.port, Math.min(per, left)));
    }
    const opened = Date.now();
    await Promise.all(workers.map((w) => w.ready));
    const openMs = Date.now() - opened;
    await sleep(2000); // idle: buffers settle
    const rss1 = rssBytes(server.pid);
    const perSubscriber = (rss1 - rss0) / size;

    const total = RATE * SECONDS;
    // Everything the driver needs is made before the clock starts: the bodies,
    // signed, each carrying its scheduled send time (ms) as the member's account.
    const started = now() + 500;
    const bodies = Array.from({ length: total }, (_, i) => {
      const body = ncsBody(105, {
        channelName: 'fan',
        uid: 1000 + i,
        clientSeq: 1,
        account: ((started + (i * 1000) / RATE) * 1000).toFixed(0),
      });
      return { body, signature: signNcsBody(body, SECRET), length: Buffer.byteLength(body) };
    });
    // as many connections as NCS might use: a delivery never waits for a free one
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    let failed = 0;
    let answered = 0;
    let lastSent = started;
    let lastAnswered = started;
    const posts: Promise<void>[] = [];
    const post = (b: (typeof bodies)[number]): Promise<void> =>
      new Promise((resolve) => {
        const req = request(
          {
            agent,
            host: '127.0.0.1',
            port: server.port,
            path: '/ncs',
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'content-length': b.length,
              'agora-signature-v2': b.signature,
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => {
              if (res.statusCode === 200) answered += 1;
              else failed += 1;
              lastAnswered = now();
              resolve();
            });
          },
        );
        req.on('error', () => {
          failed += 1; // counted: the row then says not every event arrived
          resolve();
        });
        req.end(b.body);
      });
    for (let i = 0; i < total; i += 1) {
      const wait = started + (i * 1000) / RATE - now();
      if (wait > 1) await sleep(wait);
      posts.push(post(bodies[i] as (typeof bodies)[number]));
      lastSent = now();
    }
    await Promise.all(posts);
    agent.destroy();
    const interval = 1000 / RATE;
    const sentRate = total / ((lastSent - started + interval) / 1000);
    const storedRate = answered / ((lastAnswered - started + interval) / 1000);
    // wait (bounded) until every stream has every join
    let joins = 0;
    let histogram: number[] = [];
    const deadline = Date.now() + 30_000;
    for (;;) {
      const reports = await Promise.all(workers.map((w) => w.report()));
      joins = reports.reduce((a, r) => a + r.joins, 0);
      histogram = reports.reduce(
        (acc, r) => acc.map((v, i) => v + (r.histogram[i] ?? 0)),
        new Array<number>(100_001).fill(0),
      );
      if (joins >= size * total || Date.now() > deadline) break;
      await sleep(500);
    }
    const p50 = percentile(histogram, 0.5);
    const p99 = percentile(histogram, 0.99);
    const kb = perSubscriber / 1024;
    const complete = joins === size * total;
    // the rate the run really had: what the driver sent and the server stored
    const reached = Math.min(sentRate, storedRate);
    const loaded = reached < RATE * MIN_RATE_SHARE;
    const verdict = loaded
      ? `machine too loaded: ${reached.toFixed(0)} of ${RATE} events/s reached, no latency verdict`
      : `p99 ${p99 < GOAL_P99_MS ? '<' : '>='} ${GOAL_P99_MS} ms, ${kb < GOAL_KB ? '<' : '>='} ${GOAL_KB} KB${
          size >= 10_000
            ? `: goal ${p99 < GOAL_P99_MS && kb < GOAL_KB && complete ? 'met' : 'NOT met'}`
            : ''
        }`;
    return (
      `| ${size} | ${(openMs / 1000).toFixed(1)} | ${kb.toFixed(1)} | ` +
      `${RATE} | ${sentRate.toFixed(0)} | ${storedRate.toFixed(0)} | ` +
      `${p50.toFixed(1)} | ${p99.toFixed(1)} | ` +
      `${complete ? 'yes' : `NO: ${joins} of ${size * total}`}${failed ? ` (${failed} webhooks failed)` : ''} | ${verdict} |`
    );
  } finally {
    for (const w of workers) w.child.send({ type: 'stop' });
    await server.stop();
  }
}

async function main(): Promise<void> {
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(
    `fan-out: ${RATE} events/s for ${SECONDS} s, ${WORKERS} client processes, latency on every ${SAMPLE}th stream; load average ${load}\n`,
  );
  const rows: string[] = [];
  for (const size of SIZES) rows.push(await run(size));
  const after = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(
    '| subscribers | connect s | KB per idle subscriber | target events/s | sent/s | stored/s | p50 ms | p99 ms | every stream got every event | verdict |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---|---|');
  for (const row of rows) console.log(row);
  console.log(`\nload average after: ${after}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
