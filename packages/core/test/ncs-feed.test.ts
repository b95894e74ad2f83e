import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import { createRequire } from 'node:module';
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PresenceAction } from '../src/actions';
import { startRedis, type TestRedis } from '../../ncs/test/helpers/redis-server';
import {
  connectNcsFeed,
  ncsLeaveReason,
  type EventSourceConstructor,
  type NcsFeedConnection,
} from '../src/sources/ncs-feed';

// Node 20 has no EventSource; undici (installed with jsdom) has a spec-compliant one.
const jsdomRequire = createRequire(createRequire(import.meta.url).resolve('jsdom/package.json'));
const { EventSource } = jsdomRequire('undici') as { EventSource: EventSourceConstructor };

const SERVER_DIR = fileURLToPath(new URL('../../../apps/server/', import.meta.url));
const TSX_CLI = fileURLToPath(new URL('../../../node_modules/tsx/dist/cli.mjs', import.meta.url));
const SECRET = 'feed-secret';
const READ_TOKEN = 'feed-read-token';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Starts the real apps/server as README says (in-memory, or on Redis); resolves when it listens. */
async function startServer(port: number, redisUrl?: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [TSX_CLI, '--conditions=@audience-presence/source', 'src/main.ts'],
    {
      cwd: SERVER_DIR,
      env: {
        PATH: process.env['PATH'] ?? '',
        NCS_SECRET: SECRET,
        PRESENCE_READ_TOKEN: READ_TOKEN,
        PORT: String(port),
        ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on(
      'data',
      (chunk: Buffer) => chunk.toString().includes('listening on') && resolve(),
    );
    child.once('exit', (code) => reject(new Error(`server exited with ${String(code)}`)));
  });
  return child;
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** vi.waitFor with room for a busy CI machine (servers are child processes). */
function eventually<T>(fn: () => T): Promise<T> {
  return vi.waitFor(fn, { timeout: 15_000, interval: 20 });
}

let notice = 0;
async function deliver(
  port: number,
  eventType: number,
  payload: Record<string, unknown>,
): Promise<void> {
  notice += 1;
  const body = JSON.stringify({
    noticeId: `feed-${notice}`,
    productId: 1,
    eventType,
    notifyMs: Date.now(),
    payload: { channelName: 'live', ts: 1_700_000_000, platform: 7, ...payload },
  });
  const res = await fetch(`http://127.0.0.1:${port}/ncs`, {
    method: 'POST',
    body,
    headers: { 'agora-signature-v2': createHmac('sha256', SECRET).update(body).digest('hex') },
  });
  expect(res.status).toBe(200);
}

/** Keeps only the actions a test cares about, with errors reduced to their code. */
function recorder() {
  const actions: PresenceAction[] = [];
  const dispatch = (action: PresenceAction) => actions.push(action);
  const summary = () =>
    actions.map((a) =>
      a.type === 'status' ? { type: a.type, status: a.status, code: a.error?.code ?? null } : a,
    );
  return { actions, dispatch, summary };
}

describe('connectNcsFeed against the real server', () => {
  let port: number;
  let server: ChildProcess;
  let feed: NcsFeedConnection | undefined;
  const url = () => `http://127.0.0.1:${port}/channels/live/events`;

  beforeAll(async () => {
    port = await freePort();
    server = await startServer(port);
  }, 30_000);
  afterEach(() => feed?.close());
  afterAll(async () => {
    await stop(server);
  });

  it('dispatches the snapshot with roles, then join, role and leave with mapped reasons', async () => {
    await deliver(port, 103, { uid: 1, clientSeq: 1 });
    await deliver(port, 105, { uid: 4_000_000_000, clientSeq: 1 });
    const { dispatch, summary } = recorder();
    feed = connectNcsFeed({ url: url(), dispatch, token: READ_TOKEN, EventSource });
    await eventually(() => expect(summary()).toHaveLength(3));
    await deliver(port, 105, { uid: 3, clientSeq: 1 });
    await deliver(port, 111, { uid: 3, clientSeq: 2 });
    await deliver(port, 106, { uid: 4_000_000_000, clientSeq: 2, reason: 2 });
    await deliver(port, 104, { uid: 1, clientSeq: 2, reason: 3 });
    await deliver(port, 102, { lastUid: 3 });
    await eventually(() => expect(summary().length).toBeGreaterThanOrEqual(8));
    expect(summary()).toEqual([
      { type: 'status', status: 'connecting', code: null },
      { type: 'status', status: 'connected', code: null },
      {
        type: 'snapshot',
        members: [
          { userId: '1', role: 'host' },
          { userId: '4000000000', role: 'audience' },
        ],
      },
      { type: 'join', userId: '3', role: 'audience' },
      { type: 'role', userId: '3', role: 'host' },
      { type: 'leave', userId: '4000000000', reason: 'timed-out' },
      { type: 'leave', userId: '1', reason: 'kicked' },
      { type: 'leave', userId: '3', reason: 'channel-closed' },
    ]);
  });

  it('fails with FEED_FAILED when the read token is wrong', async () => {
    const { dispatch, summary } = recorder();
    feed = connectNcsFeed({ url: url(), dispatch, token: 'wrong', EventSource });
    await eventually(() =>
      expect(summary().at(-1)).toEqual({ type: 'status', status: 'failed', code: 'FEED_FAILED' }),
    );
  });

  it('reconnects after a server restart and resyncs from a fresh snapshot', async () => {
    await deliver(port, 105, { channelName: 'live', uid: 50, clientSeq: 10 });
    const { dispatch, summary } = recorder();
    feed = connectNcsFeed({ url: url(), dispatch, token: READ_TOKEN, EventSource });
    await eventually(() => expect(summary().some((a) => a.type === 'snapshot')).toBe(true));
    await stop(server);
    await eventually(() =>
      expect(summary().at(-1)).toMatchObject({ status: 'reconnecting', code: 'FEED_FAILED' }),
    );
    server = await startServer(port);
    // the restarted in-memory server knows nobody: its snapshot says so (a new epoch, no bad replay)
    await deliver(port, 103, { channelName: 'live', uid: 60, clientSeq: 1 });
    await eventually(() => {
      const snapshots = summary().filter((a) => a.type === 'snapshot');
      expect(snapshots.at(-1)).toEqual({
        type: 'snapshot',
        members: [{ userId: '60', role: 'host' }],
      });
    });
    expect(
      summary()
        .filter((a) => a.type === 'status')
        .map((a) => (a as { status: string }).status),
    ).toContain('connected');
  }, 30_000);
});

describe('connectNcsFeed resuming with Last-Event-ID (server on Redis)', () => {
  let redis: TestRedis;
  const servers: ChildProcess[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  }, 30_000);
  afterAll(async () => {
    await Promise.all(servers.map(stop));
    await redis.stop();
  });

  it('gets exactly the events it missed while its server was down, without a new snapshot', async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    let a = await startServer(portA, redis.url);
    const b = await startServer(portB, redis.url);
    servers.push(b);
    await deliver(portA, 105, { channelName: 'resume', uid: 1, clientSeq: 1 });
    const { dispatch, summary } = recorder();
    const feed = connectNcsFeed({
      url: `http://127.0.0.1:${portA}/channels/resume/events`,
      dispatch,
      token: READ_TOKEN,
      EventSource,
    });
    await eventually(() => expect(summary().some((x) => x.type === 'snapshot')).toBe(true));
    await stop(a);
    // while the client's server is down, NCS delivers to the other instance
    await deliver(portB, 105, { channelName: 'resume', uid: 2, clientSeq: 1 });
    await deliver(portB, 106, { channelName: 'resume', uid: 1, clientSeq: 2, reason: 1 });
    a = await startServer(portA, redis.url);
    servers.push(a);
    await eventually(() => expect(summary().filter((x) => x.type === 'leave')).toHaveLength(1));
    await deliver(portB, 111, { channelName: 'resume', uid: 2, clientSeq: 2 });
    await eventually(() => expect(summary().some((x) => x.type === 'role')).toBe(true));
    feed.close();
    expect(summary().filter((x) => x.type !== 'status')).toEqual([
      { type: 'snapshot', members: [{ userId: '1', role: 'audience' }] },
      { type: 'join', userId: '2', role: 'audience' },
      { type: 'leave', userId: '1', reason: 'left' },
      { type: 'role', userId: '2', role: 'host' },
    ]);
  }, 40_000);
});

describe('connectNcsFeed input handling', () => {
  it('turns malformed and unnamed messages into ignored actions, never throws', async () => {
    const server = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: join\ndata: {bad json\n\n');
      res.write('event: leave\ndata: {"uid":"seven","reason":1}\n\n');
      res.write('event: snapshot\ndata: {"hosts":[{"uid":1}]}\n\n');
      res.write('data: hello\n\n');
      res.write('event: role\ndata: {"uid":7,"role":"host"}\n\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const { dispatch, summary } = recorder();
    const feed = connectNcsFeed({ url: `http://127.0.0.1:${port}/`, dispatch, EventSource });
    await eventually(() => expect(summary().some((a) => a.type === 'role')).toBe(true));
    feed.close();
    server.closeAllConnections();
    server.close();
    const rest = summary().filter((a) => a.type !== 'status');
    expect(rest.map((a) => [a.type, 'why' in a ? a.why : null])).toEqual([
      ['ignored', 'malformed'],
      ['ignored', 'malformed'],
      ['ignored', 'malformed'],
      ['ignored', 'unknown-type'],
      ['role', null],
    ]);
    expect(summary().at(-1)).toEqual({ type: 'status', status: 'disconnected', code: null });
  });

  it('reports FEED_FAILED when there is no EventSource at all', () => {
    const { dispatch, summary } = recorder();
    const original = (globalThis as { EventSource?: unknown }).EventSource;
    delete (globalThis as { EventSource?: unknown }).EventSource;
    try {
      connectNcsFeed({ url: 'http://127.0.0.1:1/', dispatch }).close();
    } finally {
      if (original !== undefined) (globalThis as { EventSource?: unknown }).EventSource = original;
    }
    expect(summary()).toEqual([{ type: 'status', status: 'failed', code: 'FEED_FAILED' }]);
  });

  it('maps every NCS leave reason', () => {
    expect([1, 0, 2, 4, 9, 10, 99, 3, 5, 12, 999, 42, null].map(ncsLeaveReason)).toEqual([
      'left',
      'left',
      'timed-out',
      'timed-out',
      'timed-out',
      'timed-out',
      'timed-out',
      'kicked',
      'kicked',
      'kicked',
      'kicked',
      'left',
      'channel-closed',
    ]);
  });
});
