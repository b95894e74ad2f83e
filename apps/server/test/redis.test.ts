import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../../packages/ncs/test/redis-server';
import { deliver, ncsBody, openFeed, startServer, type RunningServer } from './harness';

const SECRET = 'redis-secret';

async function presence(server: RunningServer, channel: string) {
  const res = await fetch(`${server.url}/channels/${channel}/presence`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { hosts: { uid: number }[]; audience: { uid: number }[] };
  return { hosts: body.hosts.map((m) => m.uid), audience: body.audience.map((m) => m.uid) };
}

describe('two server instances on one Redis (black box)', () => {
  let redis: TestRedis;
  let dir: string;
  let a: RunningServer;
  let b: RunningServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ap-redis-'));
    redis = await startRedis({ dir });
    [a, b] = await Promise.all([
      startServer({ NCS_SECRET: SECRET, REDIS_URL: redis.url }),
      startServer({ NCS_SECRET: SECRET, REDIS_URL: redis.url }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('agrees on presence whichever instance gets each delivery, and dedupes across them', async () => {
    const join1 = ncsBody(105, { channelName: 'multi', uid: 1, clientSeq: 1 });
    const leave1 = ncsBody(106, { channelName: 'multi', uid: 1, clientSeq: 2, reason: 1 });
    const join2 = ncsBody(103, { channelName: 'multi', uid: 3_000_000_000, clientSeq: 5 });
    // leave before join, on different instances; a retry lands on the other one
    expect((await deliver(b.url, leave1, SECRET)).status).toBe(200);
    expect(await (await deliver(a.url, join1, SECRET)).json()).toMatchObject({ status: 'stale' });
    expect(await (await deliver(a.url, join2, SECRET)).json()).toMatchObject({ status: 'applied' });
    expect(await (await deliver(b.url, join2, SECRET)).json()).toMatchObject({
      status: 'duplicate',
    });
    expect(await presence(a, 'multi')).toEqual({ hosts: [3_000_000_000], audience: [] });
    expect(await presence(b, 'multi')).toEqual({ hosts: [3_000_000_000], audience: [] });
  });

  it("shows every instance's events on every instance's live feed", async () => {
    const feedOnB = await openFeed(`${b.url}/channels/crossfeed/events`);
    await feedOnB.waitFor(1);
    await deliver(a.url, ncsBody(105, { channelName: 'crossfeed', uid: 7, clientSeq: 1 }), SECRET);
    await deliver(b.url, ncsBody(111, { channelName: 'crossfeed', uid: 7, clientSeq: 2 }), SECRET);
    const messages = await feedOnB.waitFor(3);
    feedOnB.close();
    expect(messages.map((m) => m.event)).toEqual(['snapshot', 'join', 'role']);
  });

  it('resumes the feed with Last-Event-ID on the other instance, missing nothing', async () => {
    const first = await openFeed(`${a.url}/channels/resume/events`);
    await deliver(a.url, ncsBody(105, { channelName: 'resume', uid: 1, clientSeq: 1 }), SECRET);
    const seen = await first.waitFor(2);
    first.close();
    const lastId = seen[1]?.id;
    expect(lastId).toMatch(/\.1$/);
    // while disconnected: three changes
    await deliver(b.url, ncsBody(105, { channelName: 'resume', uid: 2, clientSeq: 1 }), SECRET);
    await deliver(
      a.url,
      ncsBody(106, { channelName: 'resume', uid: 1, clientSeq: 2, reason: 3 }),
      SECRET,
    );
    await deliver(b.url, ncsBody(111, { channelName: 'resume', uid: 2, clientSeq: 2 }), SECRET);
    const resumed = await openFeed(`${b.url}/channels/resume/events`, {
      'last-event-id': lastId ?? '',
    });
    await deliver(
      a.url,
      ncsBody(106, { channelName: 'resume', uid: 2, clientSeq: 3, reason: 1 }),
      SECRET,
    );
    const replayed = await resumed.waitFor(4);
    resumed.close();
    expect(replayed.map((m) => [m.event, m.id?.split('.').pop()])).toEqual([
      ['join', '2'],
      ['leave', '3'],
      ['role', '4'],
      ['leave', '5'],
    ]);
    expect(replayed[1]?.data).toMatchObject({ uid: 1, reason: 3, reasonName: 'kicked' });
  });

  it('sends a fresh snapshot for an id from another epoch (another store, e.g. a wiped Redis)', async () => {
    const foreign = await openFeed(`${a.url}/channels/resume/events`, {
      'last-event-id': 'other-epoch.1',
    });
    const [snap] = await foreign.waitFor(1);
    foreign.close();
    expect(snap?.event).toBe('snapshot');
    expect(snap?.id).toMatch(/\.5$/);
  });

  it('loses nothing when a server restarts', async () => {
    await deliver(a.url, ncsBody(103, { channelName: 'restart', uid: 42, clientSeq: 1 }), SECRET);
    await deliver(a.url, ncsBody(105, { channelName: 'restart', uid: 43, clientSeq: 1 }), SECRET);
    const port = a.port;
    await a.stop();
    a = await startServer({ NCS_SECRET: SECRET, REDIS_URL: redis.url }, port);
    expect(await presence(a, 'restart')).toEqual({ hosts: [42], audience: [43] });
    // its tombstones survived too: a late join below the leave's clientSeq stays blocked
    expect(
      await (
        await deliver(a.url, ncsBody(105, { channelName: 'multi', uid: 1, clientSeq: 1 }), SECRET)
      ).json(),
    ).toMatchObject({
      status: 'stale',
    });
  }, 30_000);

  it('loses nothing when Redis itself restarts (append-only file)', async () => {
    await deliver(b.url, ncsBody(105, { channelName: 'durable', uid: 9, clientSeq: 1 }), SECRET);
    const port = redis.port;
    await redis.stop();
    redis = await startRedis({ dir, port });
    // the servers reconnect on their own; until then reads may answer 503
    const deadline = Date.now() + 15_000;
    for (;;) {
      const res = await fetch(`${b.url}/channels/durable/presence`);
      if (res.status === 200) {
        expect(
          ((await res.json()) as { audience: { uid: number }[] }).audience.map((m) => m.uid),
        ).toEqual([9]);
        break;
      }
      expect(res.status).toBe(503);
      if (Date.now() > deadline) throw new Error('server did not reconnect to Redis');
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 30_000);
});

describe('a Redis that stalls (black box)', () => {
  let redis: TestRedis;
  let server: RunningServer;
  beforeAll(async () => {
    redis = await startRedis();
    server = await startServer({ NCS_SECRET: SECRET, REDIS_URL: redis.url });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await redis?.stop();
  });

  it("answers 503 inside NCS's 10 s window, and the retry finds the event stored once", async () => {
    // one delivery first, so Redis has the store's script cached as in production
    await deliver(server.url, ncsBody(105, { channelName: 'stall', uid: 4, clientSeq: 1 }), SECRET);
    const body = ncsBody(105, { channelName: 'stall', uid: 5, clientSeq: 1 });
    // every write (the store's Lua script included) waits 7 s
    const admin = new Redis(redis.url);
    await admin.call('CLIENT', 'PAUSE', '7000', 'WRITE');
    admin.disconnect();
    const started = Date.now();
    const res = await deliver(server.url, body, SECRET);
    const waited = Date.now() - started;
    expect(res.status).toBe(503);
    // bounded by STORE_TIMEOUT_MS (default 4 s), not by Redis: well inside NCS's 10 s
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'STORAGE_TIMEOUT' } });
    expect(waited).toBeLessThan(6000);
    // Redis still ran the script once the pause ended: NCS's retry is a duplicate, nothing doubled
    await new Promise((r) => setTimeout(r, 7000 - waited + 300));
    expect(await (await deliver(server.url, body, SECRET)).json()).toMatchObject({
      status: 'duplicate',
    });
    expect(await presence(server, 'stall')).toEqual({ hosts: [], audience: [4, 5] });
  }, 30_000);
});
