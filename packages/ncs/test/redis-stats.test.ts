import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryPresenceStore, type NcsRtcEvent } from '../src/index';
import { createRedisPresenceStore } from '../src/redis';
import { ev } from './helpers/fixtures';
import { startRedis, type TestRedis } from './helpers/redis-server';
import { T0 } from './helpers/stats-contract';

let server: TestRedis;
const clients: Redis[] = [];
let testNo = 0;

beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await server.stop();
});

function client(url = server.url): Redis {
  const redis = new Redis(url);
  clients.push(redis);
  return redis;
}

const HOUR = 3_600_000;

/** Users over about three hours, each a valid run of events; some 102s. */
const longTrace = fc
  .tuple(
    fc.array(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 2400 })), {
        minLength: 1,
        maxLength: 8,
      }),
      { minLength: 1, maxLength: 8 },
    ),
    fc.array(fc.integer({ min: 0, max: 3 * 3600 }), { maxLength: 2 }),
  )
  .map(([users, destroys]) => {
    const events: NcsRtcEvent[] = [];
    users.forEach((steps, u) => {
      let ts = T0 + u * 97;
      steps.forEach(([kind, gap], i) => {
        ts += gap;
        const make = [ev.audienceJoin, ev.hostJoin, ev.audienceLeave, ev.toHost, ev.toAudience][
          kind
        ]!;
        events.push(make({ uid: u + 1, seq: i + 1, ts }));
      });
    });
    for (const d of destroys) events.push(ev.destroyed('stage', T0 + d));
    return events;
  });

describe('Redis stats: the Lua twin of the memory tracker', () => {
  it('gives exactly the memory store stats for the same deliveries, clock and window (trimming, 102s, the event bound)', async () => {
    await fc.assert(
      fc.asyncProperty(
        longTrace,
        fc.infiniteStream(fc.nat()),
        fc.constantFrom(1_000_000, 12),
        async (trace, rnd, statsMaxEvents) => {
          let clock = T0 * 1000;
          const options = { now: () => clock, statsWindowMs: HOUR, statsMaxEvents };
          const memory = createMemoryPresenceStore(options);
          const redis = await createRedisPresenceStore({
            ...options,
            redis: client(),
            keyPrefix: `twin${++testNo}:`,
          });
          const it = rnd[Symbol.iterator]();
          const next = () => it.next().value as number;
          // arrivals roughly by event time, a few minutes out of order, some twice
          const deliveries = [...trace, ...trace.filter(() => next() % 4 === 0)]
            .map((e) => ({ e, at: e.ts * 1000 + (next() % 600_000) }))
            .sort((a, b) => a.at - b.at);
          for (const [i, { e, at }] of deliveries.entries()) {
            clock = Math.max(clock, at);
            await memory.apply(e);
            await redis.apply(e);
            if (i % 5 === 0)
              expect(await redis.stats('stage')).toEqual(await memory.stats('stage'));
          }
          for (const later of [0, 30 * 60_000, 2 * HOUR]) {
            clock += later;
            expect(await redis.stats('stage')).toEqual(await memory.stats('stage'));
          }
          await memory.close();
          await redis.close();
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});

describe('Redis stats across instances and restarts', () => {
  const trace = () => [
    ev.hostJoin({ uid: 1, seq: 1, ts: T0 }),
    ev.audienceJoin({ uid: 10, seq: 1, ts: T0 + 1 }),
    ev.audienceJoin({ uid: 11, seq: 1, ts: T0 + 2 }),
    ev.audienceLeave({ uid: 10, seq: 2, ts: T0 + 62 }),
    ev.audienceJoin({ uid: 12, seq: 1, ts: T0 + 70 }),
    ev.audienceLeave({ uid: 11, seq: 2, ts: T0 + 130 }),
  ];
  const clock = () => (T0 + 600) * 1000;

  it('lets two instances on one Redis agree, and a new instance (a restarted server) read the same stats', async () => {
    const keyPrefix = `shared${++testNo}:`;
    const a = await createRedisPresenceStore({ redis: client(), keyPrefix, now: clock });
    const b = await createRedisPresenceStore({ redis: client(), keyPrefix, now: clock });
    const memory = createMemoryPresenceStore({ now: clock });
    const events = trace();
    for (const [i, e] of events.entries()) {
      await memory.apply(e);
      await (i % 2 ? a : b).apply(e);
    }
    await a.apply(events[3]!); // a retry reaching the other instance
    const expected = await memory.stats('stage');
    expect(expected.watch).toEqual({ sessions: 2, averageSeconds: 94.5, medianSeconds: 94.5 });
    expect(await a.stats('stage')).toEqual(expected);
    expect(await b.stats('stage')).toEqual(expected);
    await a.close();
    await b.close();
    const restarted = await createRedisPresenceStore({ redis: client(), keyPrefix, now: clock });
    expect(await restarted.stats('stage')).toEqual(expected);
    await restarted.close();
  });

  it('keeps the stats through a Redis SIGKILL and restart with appendonly yes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ncs-stats-aof-'));
    const first = await startRedis({ dir });
    try {
      const redis = client(first.url);
      redis.on('error', () => {});
      const store = await createRedisPresenceStore({ redis, now: clock });
      for (const e of trace()) await store.apply(e);
      const before = await store.stats('stage');
      expect(before.uniqueViewers).toBe(3);
      await store.close();
      await first.kill();
      const second = await startRedis({ dir, port: first.port });
      try {
        const fresh = await createRedisPresenceStore({ redis: client(second.url), now: clock });
        expect(await fresh.stats('stage')).toEqual(before);
        await fresh.close();
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('writes the presence and the stats of one turn of a channel in one script call (one round trip)', async () => {
    const redis = client();
    const calls = async () =>
      Number(/cmdstat_evalsha:calls=(\d+)/.exec(await redis.info('commandstats'))?.[1] ?? 0);
    const store = await createRedisPresenceStore({
      redis,
      keyPrefix: `turn${++testNo}:`,
      now: () => (T0 + 60) * 1000,
    });
    await store.apply(ev.audienceJoin({ uid: 999, seq: 1, ts: T0 })); // the script is cached
    const before = await calls();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        store.apply(ev.audienceJoin({ uid: i + 1, seq: 1, ts: T0 + i })),
      ),
    );
    expect(await calls()).toBe(before + 1);
    expect((await store.stats('stage')).uniqueViewers).toBe(41);
    await store.close();
  });

  /** st:d's value: 'P' and the minute's 60 per-second changes as little-endian int32. */
  function unpackMinute(raw: Buffer): number[] {
    expect(raw.length).toBe(241);
    expect(raw[0]).toBe('P'.charCodeAt(0));
    return Array.from({ length: 60 }, (_, s) => raw.readInt32LE(1 + 4 * s));
  }

  it("keeps a minute's per-second changes packed, exactly as they happened", async () => {
    const redis = client();
    const keyPrefix = `packed${++testNo}:`;
    const store = await createRedisPresenceStore({ redis, keyPrefix, now: () => (T0 + 60) * 1000 });
    await store.apply(ev.audienceJoin({ uid: 1, seq: 1, ts: T0 }));
    await store.apply(ev.audienceJoin({ uid: 2, seq: 1, ts: T0 + 3 }));
    await store.apply(ev.audienceLeave({ uid: 1, seq: 2, ts: T0 + 10 }));
    const [minutes] = (await redis.keys(`${keyPrefix}*st:d:stage`)) as [string];
    const fields = await redis.hgetallBuffer(minutes);
    expect(Object.keys(fields)).toEqual([String(Math.floor(T0 / 60))]);
    const want = new Array<number>(60).fill(0);
    for (const [sec, delta] of [
      [T0, 1],
      [T0 + 3, 1],
      [T0 + 10, -1],
    ] as const)
      want[sec % 60] = (want[sec % 60] ?? 0) + delta;
    expect(unpackMinute(Object.values(fields)[0] as Buffer)).toEqual(want);
    await store.close();
  });

  for (const [form, encode] of [
    ['a JSON array', (deltas: number[]) => JSON.stringify(deltas)],
    [
      '"second:delta,..."',
      (deltas: number[]) => deltas.flatMap((v, s) => (v === 0 ? [] : [`${s}:${v}`])).join(','),
    ],
  ] as const) {
    it(`reads a minute written by an earlier release as ${form} and goes on from it`, async () => {
      const redis = client();
      const keyPrefix = `oldminute${++testNo}:`;
      const now = () => (T0 + 60) * 1000;
      const store = await createRedisPresenceStore({ redis, keyPrefix, now });
      const memory = createMemoryPresenceStore({ now });
      const first = [
        ev.audienceJoin({ uid: 1, seq: 1, ts: T0 }),
        ev.audienceJoin({ uid: 2, seq: 1, ts: T0 + 3 }),
      ];
      for (const e of first) await store.apply(e);
      // what an earlier release wrote into st:d: the same deltas in its form
      const [minutes] = (await redis.keys(`${keyPrefix}*st:d:stage`)) as [string];
      const fields = await redis.hgetallBuffer(minutes);
      expect(Object.keys(fields)).toHaveLength(1);
      for (const [minute, raw] of Object.entries(fields)) {
        await redis.hset(minutes, minute, encode(unpackMinute(raw)));
      }
      const second = [
        ev.audienceLeave({ uid: 1, seq: 2, ts: T0 + 10 }),
        ev.audienceJoin({ uid: 3, seq: 1, ts: T0 + 12 }),
      ];
      for (const e of second) await store.apply(e);
      for (const e of [...first, ...second]) await memory.apply(e);
      expect(await store.stats('stage')).toEqual(await memory.stats('stage'));
      // and written back in the packed form
      const [after] = Object.values(await redis.hgetallBuffer(minutes)) as [Buffer];
      expect(unpackMinute(after).reduce((a, b) => a + b, 0)).toBe(2);
      await store.close();
    });
  }

  it('answers a delivery whose stats write failed with an error, and completes its stats on the retry (a presence duplicate)', async () => {
    const redis = client();
    const keyPrefix = `statsfail${++testNo}:`;
    const store = await createRedisPresenceStore({
      redis,
      keyPrefix,
      now: () => (T0 + 60) * 1000,
    });
    await store.apply(ev.audienceJoin({ uid: 1, seq: 1, ts: T0 }));
    // a stats key of the wrong type: the stats part of the script fails after the presence part
    const [statsUsers] = (await redis.keys(`${keyPrefix}*st:u:stage`)) as [string];
    await redis.del(statsUsers);
    await redis.set(statsUsers, 'not a hash');
    const join = ev.audienceJoin({ uid: 2, seq: 1, ts: T0 + 5 });
    await expect(store.apply(join)).rejects.toThrow(/WRONGTYPE/);
    expect((await store.presence('stage')).counts.audience).toBe(2); // presence landed
    await redis.del(statsUsers);
    expect((await store.apply(join)).status).toBe('duplicate'); // NCS's retry
    expect((await store.stats('stage')).now.audience).toBe(2);
    await store.close();
  });

  it('lets the stats keys of a channel with nobody online expire a window after the last write, and keeps them while someone is', async () => {
    const redis = client();
    const keyPrefix = `ttl${++testNo}:`;
    const now = () => (T0 + 60) * 1000;
    const store = await createRedisPresenceStore({ redis, keyPrefix, now, statsWindowMs: 60_000 });
    const ttls = async () => {
      const keys = await redis.keys(`${keyPrefix}*st:*`);
      return Promise.all(keys.map((key) => redis.pttl(key)));
    };
    await store.apply(ev.audienceJoin({ uid: 1, seq: 1, ts: T0 }));
    expect(new Set(await ttls())).toEqual(new Set([-1]));
    await store.apply(ev.audienceLeave({ uid: 1, seq: 2, ts: T0 + 30 }));
    for (const ttl of await ttls()) expect(ttl).toBeGreaterThan(110_000); // window + 1 minute
    await store.apply(ev.audienceJoin({ uid: 2, seq: 1, ts: T0 + 40 }));
    expect(new Set(await ttls())).toEqual(new Set([-1]));
    await store.close();
  });

  it('refuses stats() with STATS_DISABLED when made with stats: false, and writes no stats keys', async () => {
    const redis = client();
    const keyPrefix = `nostats${++testNo}:`;
    const store = await createRedisPresenceStore({ redis, keyPrefix, stats: false });
    await store.apply(ev.audienceJoin({ uid: 1, seq: 1 }));
    await expect(store.stats('stage')).rejects.toMatchObject({ code: 'STATS_DISABLED' });
    expect(await redis.keys(`${keyPrefix}*st:*`)).toEqual([]);
    await store.close();
  });
});
