import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../../packages/ncs/test/helpers/redis-server';
import { deliver, ncsBody, startServer, type RunningServer } from './helpers/harness';
import { presence, sharedRedisSuite } from './helpers/redis-suite';

const SECRET = 'redis-secret';

describe('two server instances on one Redis (black box)', () => {
  let redis: TestRedis;
  let dir: string;
  let a: RunningServer;
  let b: RunningServer;
  const env = () => ({ NCS_SECRET: SECRET, REDIS_URL: redis.url });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ap-redis-'));
    redis = await startRedis({ dir });
    [a, b] = await Promise.all([startServer(env()), startServer(env())]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  sharedRedisSuite({
    secret: SECRET,
    a: () => a,
    b: () => b,
    setA: (server) => (a = server),
    env,
  });

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
