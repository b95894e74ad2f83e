import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedEvent } from '../src/index';
import { createRedisPresenceStore } from '../src/redis';
import { describeStoreContract } from './helpers/store-contract';
import { describeStatsContract } from './helpers/stats-contract';
import { ev } from './helpers/fixtures';
import { startRedis, type TestRedis } from './helpers/redis-server';
import { channelKeys as keysOf } from '../src/redis-keys';

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

function client(): Redis {
  const redis = new Redis(server.url);
  clients.push(redis);
  return redis;
}

// Each test gets its own key prefix: same Redis, no shared state.
describeStoreContract('redis', (options) =>
  createRedisPresenceStore({ ...options, redis: client(), keyPrefix: `t${++testNo}:` }),
);

describeStatsContract(
  'redis',
  (options) =>
    createRedisPresenceStore({ ...options, redis: client(), keyPrefix: `s${++testNo}:` }),
  { propertyRuns: 40 },
);

describe('createRedisPresenceStore', () => {
  it('lets two instances on one Redis agree, and both see every event', async () => {
    const keyPrefix = 'shared:';
    const a = await createRedisPresenceStore({ redis: client(), keyPrefix });
    const b = await createRedisPresenceStore({ redis: client(), keyPrefix });
    expect(a.epoch).toBe(b.epoch);
    const seenByB: FeedEvent[] = [];
    b.subscribe((e) => seenByB.push(e));
    const join = ev.hostJoin({ uid: 3_000_000_000, seq: 1 });
    expect((await a.apply(join)).status).toBe('applied');
    expect((await b.apply(join)).status).toBe('duplicate');
    expect((await b.apply(ev.hostLeave({ uid: 3_000_000_000, seq: 1 }))).status).toBe('stale');
    expect((await b.presence('stage')).hosts.map((m) => m.uid)).toEqual([3_000_000_000]);
    await expect.poll(() => seenByB.length, { timeout: 10_000 }).toBe(1);
    expect(seenByB[0]).toMatchObject({ id: 1, type: 'join', member: { uid: 3_000_000_000 } });
    // a caches its read while nothing changed, and sees b's write at once
    const first = await a.presence('stage');
    expect(await a.presence('stage')).toBe(first);
    await b.apply(ev.toAudience({ uid: 3_000_000_000, seq: 2, account: 'renamed' }));
    const second = await a.presence('stage');
    expect(second).not.toBe(first);
    expect(second.audience).toEqual([
      expect.objectContaining({ uid: 3_000_000_000, account: 'renamed' }),
    ]);
    await a.close();
    await b.close();
  });

  it('remembers a noticeId for dedupeMs of Redis time (SET NX with a TTL)', async () => {
    const store = await createRedisPresenceStore({
      redis: client(),
      keyPrefix: 'ttl:',
      dedupeMs: 150,
    });
    const created = ev.created();
    expect((await store.apply(created)).status).toBe('applied');
    expect((await store.apply(created)).status).toBe('duplicate');
    await new Promise((r) => setTimeout(r, 300));
    expect((await store.apply(created)).status).toBe('applied');
    await store.close();
  });

  it('keeps an account with quotes and unicode intact through Lua', async () => {
    const store = await createRedisPresenceStore({ redis: client(), keyPrefix: 'acct:' });
    const account = 'Zoë "the host" \\ 東京';
    const result = await store.apply(ev.hostJoin({ uid: 1, seq: 1, account }));
    expect(result.events[0]).toMatchObject({ member: { account } });
    expect((await store.presence('stage')).hosts[0]?.account).toBe(account);
    await store.close();
  });

  it('keeps an account with commas, pipes and new lines intact: it travels last in the packed line', async () => {
    const store = await createRedisPresenceStore({ redis: client(), keyPrefix: 'acct2:' });
    const account = 'a,b,,c|d\n,e,join,1,2,host,7,0,,,0,';
    await Promise.all([
      store.apply(ev.hostJoin({ uid: 1, seq: 1, account })),
      store.apply(ev.audienceJoin({ uid: 2, seq: 1 })), // same call: the next line is not shifted
    ]);
    const presence = await store.presence('stage');
    expect(presence.hosts).toMatchObject([{ uid: 1, account }]);
    expect(presence.audience).toMatchObject([{ uid: 2 }]);
    expect(presence.audience[0]).not.toHaveProperty('account');
    // a role change without an account keeps the stored one
    await store.apply(ev.toAudience({ uid: 1, seq: 2 }));
    expect((await store.presence('stage')).audience.find((m) => m.uid === 1)?.account).toBe(
      account,
    );
    await store.close();
  });

  it('rejects with a Redis error (not a silent success) when Redis is unreachable', async () => {
    const redis = client();
    const store = await createRedisPresenceStore({ redis, keyPrefix: 'down:' });
    redis.disconnect();
    await expect(store.apply(ev.hostJoin({ uid: 1, seq: 1 }))).rejects.toThrow();
    await store.close();
  });
});

describe('redis store forgets quiet, empty channels (key TTLs in Redis time)', () => {
  const channelKeys = (prefix: string, channel = 'stage') => {
    const k = keysOf(prefix, channel);
    return [k.users, k.tomb, k.seq, k.log, k.meta];
  };
  /** A store that forgets after 200 ms, with its own client and key prefix. */
  const forgetful = async (keyPrefix: string) => {
    const redis = client();
    const store = await createRedisPresenceStore({ redis, keyPrefix, tombstoneMs: 200 });
    return { redis, store };
  };

  it('lets an empty channel expire tombstoneMs after its last write, keeping ids growing', async () => {
    const keyPrefix = 'gc1:';
    const { redis, store } = await forgetful(keyPrefix);
    await store.apply(ev.audienceJoin({ uid: 1, seq: 1 }));
    // someone online: no TTL on any key (-1), and no tombstones yet (-2: no key)
    expect(await Promise.all(channelKeys(keyPrefix).map((key) => redis.pttl(key)))).toEqual([
      -1, -2, -1, -1, -1,
    ]);
    await store.apply(ev.audienceLeave({ uid: 1, seq: 2 }));
    for (const key of channelKeys(keyPrefix).filter((k) => !k.endsWith('tomb'))) {
      expect(await redis.pttl(key)).toBeGreaterThan(0);
    }
    await new Promise((r) => setTimeout(r, 350));
    expect(await redis.exists(...channelKeys(keyPrefix))).toBe(0);
    // forgotten, yet the same last id and an empty list
    expect(await store.presence('stage')).toMatchObject({
      lastEventId: 2,
      counts: { audience: 0 },
    });
    expect(await store.replay('stage', 2)).toEqual([]);
    expect(await store.replay('stage', 1)).toBeNull();
    const back = await store.apply(ev.hostJoin({ uid: 7, seq: 1 }));
    expect(back.events.map((e) => e.id)).toEqual([3]);
    expect((await store.replay('stage', 2))?.map((e) => e.id)).toEqual([3]);
    expect((await store.presence('stage')).hosts.map((m) => m.uid)).toEqual([7]);
    await store.close();
  });

  it('keeps a channel with someone online, and counts online members written before the counter existed', async () => {
    const keyPrefix = 'gc2:';
    const { redis, store } = await forgetful(keyPrefix);
    await store.apply(ev.audienceJoin({ uid: 1, seq: 1 }));
    await store.apply(ev.audienceJoin({ uid: 2, seq: 1 }));
    // as if written by an older version: no online count
    await redis.hdel(keysOf(keyPrefix, 'stage').meta, 'on');
    await store.apply(ev.audienceLeave({ uid: 2, seq: 2 }));
    await new Promise((r) => setTimeout(r, 350));
    expect((await store.presence('stage')).audience.map((m) => m.uid)).toEqual([1]);
    expect(await redis.hget(keysOf(keyPrefix, 'stage').meta, 'on')).toBe('1');
    await store.close();
  });

  it('takes the TTLs off again when someone joins before the channel expires', async () => {
    const keyPrefix = 'gc4:';
    const { redis, store } = await forgetful(keyPrefix);
    await store.apply(ev.audienceJoin({ uid: 1, seq: 1 }));
    await store.apply(ev.audienceLeave({ uid: 1, seq: 2 }));
    expect(await redis.pttl(keysOf(keyPrefix, 'stage').users)).toBeGreaterThan(0);
    await store.apply(ev.audienceJoin({ uid: 2, seq: 1 }));
    expect(await Promise.all(channelKeys(keyPrefix).map((key) => redis.pttl(key)))).toEqual([
      -1, -1, -1, -1, -1,
    ]);
    await new Promise((r) => setTimeout(r, 350));
    expect((await store.presence('stage')).audience.map((m) => m.uid)).toEqual([2]);
    await store.close();
  });

  it('expires a channel that only ever saw 101 / 102', async () => {
    const keyPrefix = 'gc3:';
    const { redis, store } = await forgetful(keyPrefix);
    await store.apply(ev.created('empty'));
    await store.apply(ev.destroyed('empty'));
    await new Promise((r) => setTimeout(r, 350));
    expect(await redis.exists(...channelKeys(keyPrefix, 'empty'))).toBe(0);
    await store.close();
  });
});

/** The part of a key Redis Cluster hashes (its rules: the first `{`, then the first `}` after it, non-empty). */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = open < 0 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

describe('redis store keys (one hash slot per channel, Redis Cluster)', () => {
  it('puts every key a channel writes under one hash tag, braces in the name or not, and no global key but the epoch', async () => {
    const keyPrefix = 'slot:';
    const redis = client();
    // a clock near the fixtures' event time, so the stats keep the events too
    const now = () => 1_700_000_060_000;
    const store = await createRedisPresenceStore({ redis, keyPrefix, tombstoneMs: 60_000, now });
    const names = ['stage', '{stage}', 'a}b{c', '{}', 'x:users'];
    for (const channelName of names) {
      await store.apply(ev.hostJoin({ uid: 1, seq: 1, channelName }));
      await store.apply(ev.hostLeave({ uid: 1, seq: 2, channelName }));
    }
    const keys = await redis.keys(`${keyPrefix}*`);
    expect(keys).toContain(`${keyPrefix}epoch`);
    for (const channelName of names) {
      const all = keys.filter((key) => key.endsWith(`:${channelName}`));
      const own = all.filter((key) => !key.includes(':st:'));
      // users, tomb, seq, log, meta, floor
      expect(own.length, channelName).toBe(6);
      // and the stats keys (redis-stats.ts; hosts only: st:u, st:q, st:x), in the same slot
      expect(all.length - own.length, channelName).toBe(3);
      const tags = new Set(all.map(hashTag));
      expect([...tags]).toEqual([hashTag(keysOf(keyPrefix, channelName).marker)]);
    }
    // every other key is a bucket's (marker, pubseq, dedupe marks): tagged too
    const untagged = keys.filter((key) => hashTag(key) === key);
    expect(untagged).toEqual([`${keyPrefix}epoch`]);
    await store.close();
  });

  it('starts a new channel at id 1 whatever other channels did, and a forgotten one above its own last id', async () => {
    const keyPrefix = 'floor:';
    const store = await createRedisPresenceStore({
      redis: client(),
      keyPrefix,
      tombstoneMs: 200,
    });
    await store.apply(ev.hostJoin({ uid: 1, seq: 1, channelName: 'a' }));
    await store.apply(ev.hostLeave({ uid: 1, seq: 2, channelName: 'a' }));
    await new Promise((r) => setTimeout(r, 350)); // 'a' is forgotten
    const [first] = (await store.apply(ev.hostJoin({ uid: 1, seq: 1, channelName: 'b' }))).events;
    expect(first?.id).toBe(1);
    const [back] = (await store.apply(ev.hostJoin({ uid: 2, seq: 1, channelName: 'a' }))).events;
    expect(back?.id).toBe(3);
    await store.close();
  });

  it('treats an offline record past its horizon as unknown before the expiry removed it (checked before any write)', async () => {
    const keyPrefix = 'stale:';
    const redis = client();
    const store = await createRedisPresenceStore({ redis, keyPrefix, tombstoneMs: 200 });
    await store.apply(ev.hostJoin({ uid: 1, seq: 5 }));
    await store.apply(ev.hostLeave({ uid: 1, seq: 6 }));
    await new Promise((r) => setTimeout(r, 350)); // forgotten (the floor stays)
    const k = keysOf(keyPrefix, 'stage');
    expect(await redis.exists(k.users, k.meta, k.seq)).toBe(0);
    // an offline record past its horizon does not make a late delivery stale: it applies
    expect((await store.apply(ev.hostJoin({ uid: 1, seq: 3 }))).status).toBe('applied');
    expect((await store.apply(ev.hostJoin({ uid: 1, seq: 2 }))).status).toBe('stale');
    for (const key of await redis.keys(`${keyPrefix}{*`)) {
      if (key.endsWith(':epoch') || key.endsWith(':pubseq')) continue;
      if ((await redis.pttl(key)) === -1) expect(key).toMatch(/:(users|seq|log|meta):stage$/);
    }
    await store.close();
  });
});

describe('redis store batches the deliveries of one event-loop turn', () => {
  const evalshaCalls = async (redis: Redis): Promise<number> => {
    const stats = await redis.info('commandstats');
    return Number(/cmdstat_evalsha:calls=(\d+)/.exec(stats)?.[1] ?? 0);
  };

  it('stores one turn of a channel in one script call and answers each delivery with its own result', async () => {
    const redis = client();
    // presence script calls only: the stats have their own (redis-stats.test.ts)
    const store = await createRedisPresenceStore({ redis, keyPrefix: 'batch:', stats: false });
    await store.apply(ev.created()); // the script is cached from here on
    const join = ev.audienceJoin({ uid: 1, seq: 1 });
    const before = await evalshaCalls(redis);
    const results = await Promise.all([
      store.apply(join),
      store.apply(join), // the same notice twice in one turn
      store.apply(ev.audienceLeave({ uid: 2, seq: 2 })),
      store.apply(ev.audienceJoin({ uid: 2, seq: 1 })), // older than the leave
      ...Array.from({ length: 40 }, (_, i) =>
        store.apply(ev.audienceJoin({ uid: 10 + i, seq: 1 })),
      ),
    ]);
    expect(await evalshaCalls(redis)).toBe(before + 1);
    expect(results.slice(0, 4).map((r) => r.status)).toEqual([
      'applied',
      'duplicate',
      'applied',
      'stale',
    ]);
    expect(results[0]?.events.map((e) => e.id)).toEqual([1]);
    expect(results.slice(4).flatMap((r) => r.events.map((e) => e.id))).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 2),
    );
    expect((await store.presence('stage')).counts.audience).toBe(41);
    await store.close();
  });

  it('splits a turn into calls of maxBatch deliveries; maxBatch 1 sends each on its own', async () => {
    const redis = client();
    const options = { redis, maxBatch: 4, stats: false };
    const batched = await createRedisPresenceStore({ ...options, keyPrefix: 'b2:' });
    const single = await createRedisPresenceStore({ ...options, keyPrefix: 'b3:', maxBatch: 1 });
    await batched.apply(ev.created());
    let before = await evalshaCalls(redis);
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => batched.apply(ev.audienceJoin({ uid: i + 1, seq: 1 }))),
    );
    expect(await evalshaCalls(redis)).toBe(before + 3);
    before = await evalshaCalls(redis);
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => single.apply(ev.audienceJoin({ uid: i + 1, seq: 1 }))),
    );
    expect(await evalshaCalls(redis)).toBe(before + 10);
    await batched.close();
    await single.close();
  });

  it("sends what arrives while a bucket's call is out in ONE next call (group commit), each answered with its own result", async () => {
    const redis = client();
    const admin = client();
    const store = await createRedisPresenceStore({ redis, keyPrefix: 'group:' });
    await store.apply(ev.created()); // the script is cached from here on
    const before = await evalshaCalls(admin);
    // writes wait 300 ms: the first delivery's call stays out while ten more arrive, one per turn
    await admin.call('CLIENT', 'PAUSE', '300', 'WRITE');
    const first = store.apply(ev.audienceJoin({ uid: 1, seq: 1 }));
    const later: Promise<unknown>[] = [];
    for (let i = 0; i < 10; i += 1) {
      await new Promise((r) => setImmediate(r));
      later.push(store.apply(ev.audienceJoin({ uid: 2 + i, seq: 1 })));
    }
    later.push(store.apply(ev.audienceJoin({ uid: 2, seq: 1 }))); // a replay of one of them
    const results = (await Promise.all([first, ...later])) as { status: string }[];
    expect(results.map((r) => r.status)).toEqual([...Array<string>(11).fill('applied'), 'stale']);
    expect(await evalshaCalls(admin)).toBe(before + 2);
    expect((await store.presence('stage')).counts.audience).toBe(11);
    await store.close();
  });

  it('answers a batch that failed before reaching Redis (a throwing clock) and keeps its bucket going', async () => {
    let broken = false;
    const store = await createRedisPresenceStore({
      redis: client(),
      keyPrefix: 'clock:',
      now: () => {
        if (broken) throw new Error('clock broken');
        return Date.now();
      },
    });
    await store.apply(ev.created());
    broken = true;
    await expect(store.apply(ev.audienceJoin({ uid: 1, seq: 1 }))).rejects.toThrow('clock broken');
    broken = false;
    expect((await store.apply(ev.audienceJoin({ uid: 1, seq: 1 }))).status).toBe('applied');
    await store.close();
  }, 10_000);

  it('rejects every delivery of a batch whose call failed, none with a success', async () => {
    const redis = client();
    const store = await createRedisPresenceStore({ redis, keyPrefix: 'bfail:' });
    await store.apply(ev.created());
    redis.disconnect();
    const settled = await Promise.allSettled([
      store.apply(ev.audienceJoin({ uid: 1, seq: 1 })),
      store.apply(ev.audienceJoin({ uid: 2, seq: 1 })),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    await store.close();
  });
});
