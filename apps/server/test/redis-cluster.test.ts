import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelKeys } from '../../../packages/ncs/src/redis-keys';
import { startCluster, type TestCluster } from '../../../packages/ncs/test/helpers/redis-cluster';
import { deliver, ncsBody, openFeed, startServer, type RunningServer } from './helpers/harness';
import { presence, sharedRedisSuite } from './helpers/redis-suite';

const SECRET = 'cluster-secret';

describe('two server instances on a 3-primary Redis Cluster (black box)', () => {
  let cluster: TestCluster;
  let a: RunningServer;
  let b: RunningServer;
  const env = () => ({ NCS_SECRET: SECRET, REDIS_CLUSTER_NODES: cluster.nodes });

  beforeAll(async () => {
    cluster = await startCluster(3);
    [a, b] = await Promise.all([startServer(env()), startServer(env())]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await cluster?.stop();
  });

  it('says it runs on the cluster', () => {
    expect(a.output()).toContain('storage: redis cluster');
  });

  sharedRedisSuite({
    secret: SECRET,
    a: () => a,
    b: () => b,
    setA: (server) => (a = server),
    env,
  });

  it('recovers from a cluster node restarted empty without a server restart: the open feed gets a new snapshot and every later event', async () => {
    // a channel whose slot the restarted node (index 1) serves
    const probe = new Cluster(cluster.ports.map((port) => ({ host: '127.0.0.1', port })));
    probe.on('error', () => {});
    await probe.cluster('SLOTS'); // connected, slots known
    const victim = `127.0.0.1:${cluster.ports[1] ?? 0}`;
    let channel = '';
    for (let i = 0; !channel && i < 500; i += 1) {
      // the same hash tag the store uses (redis-keys.ts): any of the channel's keys will do
      const slot = Number(
        await probe.call('CLUSTER', 'KEYSLOT', channelKeys('ap:ncs:', `node-${i}`).marker),
      );
      if (probe.slots[slot]?.[0] === victim) channel = `node-${i}`;
    }
    probe.disconnect();
    expect(channel).not.toBe('');

    await deliver(a.url, ncsBody(105, { channelName: channel, uid: 1, clientSeq: 1 }), SECRET);
    const feed = await openFeed(`${b.url}/channels/${channel}/events`);
    const [first] = await feed.waitFor(1);
    expect(first).toMatchObject({ event: 'snapshot' });

    await cluster.stopNode(1, 'SIGKILL');
    await cluster.startNode(1);
    // deliveries to that node fail (NCS retries any non-200) until the servers see it again
    const join = ncsBody(105, { channelName: channel, uid: 2, clientSeq: 1 });
    const deadline = Date.now() + 30_000;
    const statuses: number[] = [];
    while (Date.now() < deadline) {
      const status = await deliver(a.url, join, SECRET).then(
        (r) => r.status,
        () => 0,
      );
      statuses.push(status);
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(statuses.at(-1), `statuses seen: ${statuses.join(',')}`).toBe(200);
    // the node lost uid 1 (no persistence): a new epoch, a new snapshot on the open feed
    // (uid 2's join may reach the feed before or after that snapshot: wait for the snapshot itself)
    const epochOf = (m: { id?: string | undefined } | undefined) => m?.id?.split('.')[0];
    const isResnapshot = (m: (typeof feed.messages)[number], i: number) =>
      i > 0 && m.event === 'snapshot' && epochOf(m) !== epochOf(first);
    await expect.poll(() => feed.messages.some(isResnapshot), { timeout: 20_000 }).toBe(true);
    const at = feed.messages.findIndex(isResnapshot);
    const resnapshot = feed.messages[at] as { data: { audience: { uid: number }[] } };
    expect(resnapshot.data.audience.some((u) => u.uid === 1)).toBe(false);
    // uid 2 is in it, or its join follows it under the new epoch
    await expect
      .poll(
        () =>
          resnapshot.data.audience.some((u) => u.uid === 2) ||
          feed.messages.some(
            (m, i) =>
              i > at &&
              m.event === 'join' &&
              (m.data as { member: { uid: number } }).member.uid === 2 &&
              epochOf(m) !== epochOf(first),
          ),
        { timeout: 15_000 },
      )
      .toBe(true);
    // every later event reaches the feed
    const count = feed.messages.length;
    await deliver(a.url, ncsBody(105, { channelName: channel, uid: 3, clientSeq: 1 }), SECRET);
    const later = await feed.waitFor(count + 1, 15_000);
    expect(later.at(-1)).toMatchObject({ event: 'join', data: { member: { uid: 3 } } });
    feed.close();
    expect((await presence(b, channel)).audience).toEqual([2, 3]);
  }, 90_000);
});
