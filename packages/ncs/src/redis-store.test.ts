import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisPresenceStore, type FeedEvent } from './index';
import { describeStoreContract } from '../test/store-contract';
import { describeStatsContract } from '../test/stats-contract';
import { ev } from '../test/fixtures';
import { startRedis, type TestRedis } from '../test/redis-server';

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

  it('rejects with a Redis error (not a silent success) when Redis is unreachable', async () => {
    const redis = client();
    const store = await createRedisPresenceStore({ redis, keyPrefix: 'down:' });
    redis.disconnect();
    await expect(store.apply(ev.hostJoin({ uid: 1, seq: 1 }))).rejects.toThrow();
    await store.close();
  });
});

describe('redis store forgets quiet, empty channels (key TTLs in Redis time)', () => {
  const channelKeys = (prefix: string, channel = 'stage') =>
    ['users', 'tomb', 'seq', 'log', 'meta'].map((k) => `${prefix}ch:{${channel}}:${k}`);
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
    await redis.hdel(`${keyPrefix}ch:{stage}:meta`, 'on');
    await store.apply(ev.audienceLeave({ uid: 2, seq: 2 }));
    await new Promise((r) => setTimeout(r, 350));
    expect((await store.presence('stage')).audience.map((m) => m.uid)).toEqual([1]);
    expect(await redis.hget(`${keyPrefix}ch:{stage}:meta`, 'on')).toBe('1');
    await store.close();
  });

  it('takes the TTLs off again when someone joins before the channel expires', async () => {
    const keyPrefix = 'gc4:';
    const { redis, store } = await forgetful(keyPrefix);
    await store.apply(ev.audienceJoin({ uid: 1, seq: 1 }));
    await store.apply(ev.audienceLeave({ uid: 1, seq: 2 }));
    expect(await redis.pttl(`${keyPrefix}ch:{stage}:users`)).toBeGreaterThan(0);
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
