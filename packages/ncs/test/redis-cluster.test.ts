import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisPresenceStore, type FeedEvent } from '../src/index';
import { channelKeys } from '../src/redis-keys';
import { describeStoreContract } from './helpers/store-contract';
import { describeStatsContract } from './helpers/stats-contract';
import { ev } from './helpers/fixtures';
import { startCluster, type TestCluster } from './helpers/redis-cluster';

let cluster: TestCluster;
let testNo = 0;
// Each store start on a cluster connects to three primaries and subscribes to
// 1,024 shard channels: slow on a loaded machine, not wrong.
vi.setConfig({ testTimeout: 30_000 });

beforeAll(async () => {
  cluster = await startCluster(3);
}, 60_000);
afterAll(async () => {
  await cluster.stop();
});

// The same contract as on a single Redis, on a real 3-primary cluster.
describeStoreContract('redis cluster', (options) =>
  createRedisPresenceStore({ ...options, redis: cluster.client(), keyPrefix: `c${++testNo}:` }),
);

describeStatsContract(
  'redis cluster',
  (options) =>
    createRedisPresenceStore({ ...options, redis: cluster.client(), keyPrefix: `cs${++testNo}:` }),
  { propertyRuns: 15 },
);

/** Every key on every primary (a cluster's KEYS only sees one node). */
async function allKeys(redis: Cluster, pattern: string): Promise<string[]> {
  const perNode = await Promise.all(redis.nodes('master').map((node) => node.keys(pattern)));
  return perNode.flat();
}

describe('createRedisPresenceStore on Redis Cluster', () => {
  it('keeps all keys of a channel in one slot (CLUSTER KEYSLOT of every key it wrote)', async () => {
    const redis = cluster.client();
    // a clock near the fixtures' event time, so the stats keep the events too
    const now = () => 1_700_000_060_000;
    const store = await createRedisPresenceStore({ redis, keyPrefix: 'slots:', now });
    const names = ['stage', '{stage}', 'a}b{c', 'x:users', 'concert-2026'];
    for (const channelName of names) {
      await store.apply(ev.hostJoin({ uid: 1, seq: 1, channelName }));
      await store.apply(ev.audienceJoin({ uid: 2, seq: 1, channelName }));
      await store.apply(ev.audienceLeave({ uid: 2, seq: 2, channelName }));
    }
    const keys = await allKeys(redis, 'slots:*');
    const slotOf = async (key: string) => Number(await redis.call('CLUSTER', 'KEYSLOT', key));
    const usedSlots = new Set<number>();
    for (const channelName of names) {
      const own = keys.filter((key) => key.endsWith(`:${channelName}`));
      expect(own.length, channelName).toBeGreaterThanOrEqual(5);
      // the stats keys (redis-stats.ts) too
      expect(own.filter((key) => key.includes(':st:')).length, channelName).toBeGreaterThanOrEqual(
        5,
      );
      const k = channelKeys('slots:', channelName);
      const expected = await slotOf(k.marker);
      for (const key of own) expect(await slotOf(key), key).toBe(expected);
      usedSlots.add(expected);
    }
    // the channels spread over more than one primary
    const owners = new Set(
      await Promise.all(
        [...usedSlots].map(async (slot) => {
          const node = redis.slots[slot]?.[0];
          return node;
        }),
      ),
    );
    expect(owners.size).toBeGreaterThan(1);
    await store.close();
  });

  it('lets two instances agree and watch each other’s events over sharded pub/sub', async () => {
    const keyPrefix = 'two:';
    const a = await createRedisPresenceStore({
      redis: cluster.client(),
      keyPrefix,
      subscribeAll: false,
    });
    const b = await createRedisPresenceStore({
      redis: cluster.client(),
      keyPrefix,
      subscribeAll: false,
    });
    expect(a.epoch).toBe(b.epoch);
    const seen: FeedEvent[] = [];
    const channels = ['one', 'two', 'three', 'four', 'five', 'six'];
    for (const channelName of channels) await b.watch(channelName, (e) => seen.push(e));
    for (const channelName of channels) {
      const join = ev.hostJoin({ uid: 3_000_000_000, seq: 1, channelName });
      expect((await a.apply(join)).status).toBe('applied');
      expect((await b.apply(join)).status).toBe('duplicate');
    }
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(channels.length);
    expect(seen.map((e) => e.channelName).sort()).toEqual([...channels].sort());
    for (const channelName of channels) {
      expect((await b.presence(channelName)).hosts.map((m) => m.uid)).toEqual([3_000_000_000]);
    }
    await a.close();
    await b.close();
  });
});

describe('a cluster node restarted empty', () => {
  it('is detected as a reset (new epoch, onReset), its channels start again, the others keep their data, and writes flow again without a restart', async () => {
    const keyPrefix = 'restart:';
    const redis = cluster.client();
    const store = await createRedisPresenceStore({ redis, keyPrefix, resetCheckMs: 200 });
    const resets: string[] = [];
    store.onReset((e) => resets.push(e));
    // one channel per primary
    const byNode = new Map<string, string>();
    for (let i = 0; byNode.size < cluster.ports.length && i < 200; i += 1) {
      const name = `ch${i}`;
      const slot = Number(
        await redis.call('CLUSTER', 'KEYSLOT', channelKeys(keyPrefix, name).marker),
      );
      const owner = redis.slots[slot]?.[0] ?? '';
      if (!byNode.has(owner)) byNode.set(owner, name);
    }
    expect(byNode.size).toBe(cluster.ports.length);
    for (const channelName of byNode.values()) {
      await store.apply(ev.hostJoin({ uid: 1, seq: 1, channelName }));
      await store.apply(ev.audienceJoin({ uid: 2, seq: 1, channelName }));
    }
    // a second instance watches the channel that will lose its node
    const watcher = await createRedisPresenceStore({
      redis: cluster.client(),
      keyPrefix,
      subscribeAll: false,
      resetCheckMs: 200,
    });
    const epoch = store.epoch;
    const victim = cluster.ports[1] ?? 0;
    const lost = byNode.get(`127.0.0.1:${victim}`) ?? '';
    const watched: FeedEvent[] = [];
    await watcher.watch(lost, (e) => watched.push(e));
    await cluster.stopNode(1, 'SIGKILL');
    await cluster.startNode(1);
    // the store notices (its timer or its next write) and moves on
    await expect.poll(() => store.epoch, { timeout: 20_000 }).not.toBe(epoch);
    expect(resets.at(-1)).toBe(store.epoch);
    // writes reach the restarted node again
    await expect
      .poll(
        async () => {
          try {
            return (await store.apply(ev.audienceJoin({ uid: 3, seq: 1, channelName: lost })))
              .status;
          } catch {
            return 'error';
          }
        },
        { timeout: 20_000, interval: 250 },
      )
      .toBe('applied');
    expect((await store.presence(lost)).audience.map((m) => m.uid)).toEqual([3]);
    // the sharded subscriber is back too: later events reach the watcher
    await expect.poll(() => watcher.epoch, { timeout: 20_000 }).toBe(store.epoch);
    await expect
      .poll(
        async () => {
          await store.apply(
            ev.audienceJoin({ uid: 100 + watched.length, seq: 1, channelName: lost }),
          );
          return watched.some((e) => e.type === 'join' && e.member.uid >= 100);
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(true);
    await watcher.close();
    for (const channelName of byNode.values()) {
      if (channelName === lost) continue;
      const p = await store.presence(channelName);
      expect({ hosts: p.hosts.map((m) => m.uid), audience: p.audience.map((m) => m.uid) }).toEqual({
        hosts: [1],
        audience: [2],
      });
      expect(p.lastEventId).toBe(2); // ids go on there
    }
    await store.close();
  }, 120_000);
});
