/**
 * The Redis store and the receiver against a real redis-server that misbehaves:
 * stalled (SIGSTOP), crashed (SIGKILL) and restarted empty or from its AOF, a
 * cut pub/sub connection, and a signed event meant to poison a channel.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createNcsNodeHandler,
  signNcsBody,
  type FeedEvent,
  type NcsPresenceStore,
} from '../src/index';
import { createRedisPresenceStore } from '../src/redis';
import { ev, noticeBody } from './helpers/fixtures';
import { startRedis, type TestRedis } from './helpers/redis-server';

const SECRET = 'ncs-secret';
/** The receipt fields these tests look at. */
interface Receipt {
  readonly status?: string;
  readonly error?: { readonly code: string };
}
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
  vi.restoreAllMocks();
});

/** A Redis server for one test, stopped afterwards. */
async function redisServer(options: { dir?: string; port?: number } = {}): Promise<TestRedis> {
  const server = await startRedis(options);
  cleanup.push(() => server.stop());
  return server;
}

/** A client configured as apps/server configures it (fail fast, auto-pipelining). */
async function serverLikeClient(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: 5000,
    enableAutoPipelining: true,
    lazyConnect: true,
    retryStrategy: () => 50,
  });
  redis.on('error', () => {});
  await redis.connect();
  cleanup.push(() => redis.disconnect());
  return redis;
}

async function store(
  redis: Redis,
  options: { resetCheckMs?: number; pingTimeoutMs?: number } = {},
): Promise<NcsPresenceStore> {
  const s = await createRedisPresenceStore({ redis, keyPrefix: 'r:', ...options });
  cleanup.push(() => s.close());
  return s;
}

async function listen(
  s: NcsPresenceStore,
  storeTimeoutMs?: number,
): Promise<{ post: (body: string) => Promise<{ status: number; json: Receipt }> }> {
  const server: Server = createServer(
    createNcsNodeHandler({
      secrets: SECRET,
      store: s,
      ...(storeTimeoutMs ? { storeTimeoutMs } : {}),
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return {
    async post(body) {
      const res = await fetch(`http://127.0.0.1:${port}/ncs`, {
        method: 'POST',
        body,
        headers: { 'agora-signature-v2': signNcsBody(body, SECRET) },
      });
      return { status: res.status, json: (await res.json()) as Receipt };
    },
  };
}

const audienceJoin = (uid: number) =>
  noticeBody({
    eventType: 105,
    noticeId: `join-${uid}`,
    payload: { uid, clientSeq: 1, platform: 7 },
  });

const until = async (condition: () => boolean | Promise<boolean>, timeout = 15_000) =>
  expect.poll(condition, { timeout, interval: 50 }).toBe(true);

describe('a signed event with an absurd ts (finding 7)', () => {
  it('is refused with 400 before Redis, so the channel stays readable', async () => {
    const server = await redisServer();
    const s = await store(await serverLikeClient(server.url));
    const { post } = await listen(s);
    expect((await post(audienceJoin(1))).status).toBe(200);
    const poison = noticeBody({
      eventType: 105,
      payload: { uid: 2, clientSeq: 1, platform: 7, ts: 1e306 },
    });
    const res = await post(poison);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ ok: false, error: { code: 'MALFORMED_EVENT' } });
    // unpoisoned: the channel still reads, and holds only the good join
    const presence = await s.presence('stage');
    expect(presence.audience.map((m) => m.uid)).toEqual([1]);
    expect(JSON.stringify(presence)).not.toContain('Infinity');
    expect((await post(audienceJoin(3))).status).toBe(200);
    expect((await s.presence('stage')).audience.map((m) => m.uid)).toEqual([1, 3]);
  });
});

describe('a stalled Redis (SIGSTOP, finding 6)', () => {
  it('answers every delivery 503 within storeTimeoutMs, and converges after SIGCONT', async () => {
    const server = await redisServer();
    const s = await store(await serverLikeClient(server.url));
    const bound = 400;
    const { post } = await listen(s, bound);
    expect((await post(audienceJoin(1))).status).toBe(200);

    server.signal('SIGSTOP');
    const stalled: { uid: number; status: number; ms: number; code?: string }[] = [];
    // 5 s of stall, a delivery every 100 ms: with auto-pipelining each would
    // wait for the stalled pipeline ahead of it (see README), far beyond 5 s.
    const sends: Promise<void>[] = [];
    for (let i = 0; i < 25; i += 1) {
      const uid = 100 + i;
      const started = performance.now();
      sends.push(
        post(audienceJoin(uid)).then(({ status, json }) => {
          stalled.push({ uid, status, ms: performance.now() - started, code: json.error?.code });
        }),
      );
      await new Promise((r) => setTimeout(r, 100));
    }
    await Promise.all(sends);
    // still stalled: every answer above came while Redis was stopped
    const stillStalled = await Promise.race([
      s.ping().then(
        () => false,
        () => true,
      ),
      new Promise<boolean>((r) => setTimeout(() => r(true), 2500)),
    ]);
    expect(stillStalled).toBe(true);
    server.signal('SIGCONT');

    expect(stalled).toHaveLength(25);
    for (const answer of stalled) {
      expect(answer).toMatchObject({ status: 503, code: 'STORAGE_TIMEOUT' });
      // the bound plus a generous allowance for a loaded machine; the stall lasted 5 s+
      expect(answer.ms).toBeLessThan(bound + 1600);
    }

    // NCS retries every non-200: each is then stored once (or was, late: a duplicate)
    await until(async () => (await post(audienceJoin(999))).status === 200);
    const retried = await Promise.all(stalled.map(({ uid }) => post(audienceJoin(uid))));
    for (const r of retried) {
      expect(r.status).toBe(200);
      expect(['applied', 'duplicate']).toContain(r.json.status);
    }
    const uids = (await s.presence('stage')).audience.map((m) => m.uid);
    expect(uids).toEqual([1, ...stalled.map((a) => a.uid).sort((a, b) => a - b), 999]);
    await expect(s.ping()).resolves.toBeUndefined();
  }, 40_000);

  it('ping rejects STORE_UNAVAILABLE within pingTimeoutMs while Redis is stalled', async () => {
    const server = await redisServer();
    const s = await store(await serverLikeClient(server.url), { pingTimeoutMs: 300 });
    await expect(s.ping()).resolves.toBeUndefined();
    server.signal('SIGSTOP');
    const started = performance.now();
    await expect(s.ping()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(performance.now() - started).toBeLessThan(300 + 1500);
    server.signal('SIGCONT');
    await until(() =>
      s.ping().then(
        () => true,
        () => false,
      ),
    );
  });
});

describe('Redis restarted (finding 5)', () => {
  it('after SIGKILL and an empty restart: reports the reset, a new epoch, ids start again, nothing dropped', async () => {
    const errors = vi.spyOn(console, 'error');
    const first = await redisServer();
    const port = first.port;
    const redis = await serverLikeClient(first.url);
    const s = await store(redis, { resetCheckMs: 200 });
    const resets: string[] = [];
    s.onReset((epoch) => resets.push(epoch));
    const feed: FeedEvent[] = [];
    s.subscribe((e) => feed.push(e));
    for (const uid of [1, 2, 3]) await s.apply(ev.audienceJoin({ uid, seq: 1 }));
    await until(() => feed.length === 3);
    expect(feed.map((e) => e.id)).toEqual([1, 2, 3]);
    const before = s.epoch;

    await first.kill();
    await expect(s.ping()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    // down long enough for the reconnect attempts of both connections to fail
    await new Promise((r) => setTimeout(r, 400));
    await redisServer({ port }); // empty: persistence off
    // a quiet store notices by itself (resetCheckMs), before any delivery
    await until(() => resets.length > 0);
    expect(s.epoch).not.toBe(before);
    expect(resets.at(-1)).toBe(s.epoch);
    expect(await redis.get('r:epoch')).toBe(s.epoch);

    // the new epoch numbers from 1 again, and the feed keeps flowing
    const after = await s.apply(ev.audienceJoin({ uid: 4, seq: 1 }));
    expect(after.status).toBe('applied');
    expect(after.events.map((e) => e.id)).toEqual([1]);
    await until(() => feed.length === 4);
    expect(feed[3]).toMatchObject({ id: 1, type: 'join', member: { uid: 4 } });
    expect((await s.presence('stage')).audience.map((m) => m.uid)).toEqual([4]);
    await expect(s.ping()).resolves.toBeUndefined();
    expect(errors.mock.calls.filter((c) => String(c[0]).includes('[ioredis]'))).toEqual([]);
  }, 40_000);

  it('detects the reset on the write path too, and a second instance follows through pub/sub', async () => {
    let server = await redisServer();
    const port = server.port;
    // resetCheckMs far away: only the apply script and the feed can tell them
    const a = await store(await serverLikeClient(server.url), { resetCheckMs: 600_000 });
    const b = await store(await serverLikeClient(server.url), { resetCheckMs: 600_000 });
    const resetsA: string[] = [];
    const resetsB: string[] = [];
    a.onReset((e) => resetsA.push(e));
    b.onReset((e) => resetsB.push(e));
    const feedB: FeedEvent[] = [];
    b.subscribe((e) => feedB.push(e));
    await a.apply(ev.hostJoin({ uid: 1, seq: 1 }));
    await until(() => feedB.length === 1);
    const old = a.epoch;
    expect(b.epoch).toBe(old);

    await server.kill();
    server = await redisServer({ port });
    const client = await serverLikeClient(server.url);
    await until(async () => (await client.ping()) === 'PONG');
    // wait for a's own client to be back, then write: the script refuses the old epoch
    await until(async () => {
      try {
        await a.apply(ev.hostJoin({ uid: 2, seq: 1 }));
        return true;
      } catch {
        return false;
      }
    });
    expect(a.epoch).not.toBe(old);
    expect(resetsA).toEqual([a.epoch]);
    // b learns the new epoch from the message that carries it, and resyncs
    await until(() => b.epoch === a.epoch);
    expect(resetsB).toEqual([a.epoch]);
    await a.apply(ev.hostJoin({ uid: 3, seq: 1 }));
    await until(() => feedB.some((e) => e.type === 'join' && e.member.uid === 3));
    expect((await b.presence('stage')).hosts.map((m) => m.uid)).toEqual([2, 3]);
  }, 40_000);

  it('with appendonly yes: a SIGKILL and restart keeps the data and the epoch (no reset, no loss)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ncs-aof-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const first = await redisServer({ dir });
    const port = first.port;
    const s = await store(await serverLikeClient(first.url), { resetCheckMs: 200 });
    const resets: string[] = [];
    s.onReset((e) => resets.push(e));
    const feed: FeedEvent[] = [];
    s.subscribe((e) => feed.push(e));
    for (const uid of [1, 2]) await s.apply(ev.audienceJoin({ uid, seq: 1 }));
    await until(() => feed.length === 2);
    const epoch = s.epoch;

    await first.kill();
    await redisServer({ dir, port }); // replays the AOF
    await until(() =>
      s.ping().then(
        () => true,
        () => false,
      ),
    );
    await new Promise((r) => setTimeout(r, 500)); // a few reset checks
    expect(s.epoch).toBe(epoch);
    expect(resets.filter((e) => e !== epoch)).toEqual([]);
    expect((await s.presence('stage')).audience.map((m) => m.uid)).toEqual([1, 2]);
    const next = await s.apply(ev.audienceJoin({ uid: 3, seq: 1 }));
    expect(next.events.map((e) => e.id)).toEqual([3]); // ids go on
    await until(() => feed.length === 3);
    expect(feed[2]).toMatchObject({ id: 3, member: { uid: 3 } });
  }, 40_000);
});

describe('the pub/sub connection (finding 10)', () => {
  it('comes back after a cut, and tells onReset (same epoch) when messages were published meanwhile', async () => {
    const server = await redisServer();
    const admin = await serverLikeClient(server.url);
    const a = await store(await serverLikeClient(server.url));
    const b = await store(await serverLikeClient(server.url));
    const resets: string[] = [];
    a.onReset((e) => resets.push(e));
    const feed: FeedEvent[] = [];
    a.subscribe((e) => feed.push(e));
    await b.apply(ev.hostJoin({ uid: 1, seq: 1 }));
    await until(() => feed.length === 1);

    // cut every pub/sub connection, then write before a's subscriber is back (it retries after 50 ms)
    await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    await b.apply(ev.hostJoin({ uid: 2, seq: 1 }));
    await until(() => resets.length > 0);
    expect(resets).toEqual([a.epoch]); // no new epoch: a resync, not a data loss
    // subscribed again: later events flow
    await b.apply(ev.hostJoin({ uid: 3, seq: 1 }));
    await until(() => feed.some((e) => e.type === 'join' && e.member.uid === 3));
    expect((await a.presence('stage')).hosts.map((m) => m.uid)).toEqual([1, 2, 3]);
  });
});
