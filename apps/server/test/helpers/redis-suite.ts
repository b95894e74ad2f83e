import { expect, it } from 'vitest';
import { deliver, ncsBody, openFeed, startServer, type RunningServer } from './harness';

/** What the shared suite needs: two running instances on one store, and how to start another. */
export interface TwoInstances {
  readonly secret: string;
  a(): RunningServer;
  b(): RunningServer;
  /** replaces instance a (after a restart) */
  setA(server: RunningServer): void;
  /** the server environment naming the store */
  env(): Record<string, string>;
}

export async function presence(server: RunningServer, channel: string) {
  const res = await fetch(`${server.url}/channels/${encodeURIComponent(channel)}/presence`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { hosts: { uid: number }[]; audience: { uid: number }[] };
  return { hosts: body.hosts.map((m) => m.uid), audience: body.audience.map((m) => m.uid) };
}

/**
 * The black-box behaviour two server instances sharing one Redis must show,
 * whether that is a single Redis or a Redis Cluster. Call inside a describe.
 */
export function sharedRedisSuite(ctx: TwoInstances): void {
  const SECRET = ctx.secret;
  const env = () => ctx.env();
  let a: RunningServer;
  let b: RunningServer;
  const refresh = () => {
    a = ctx.a();
    b = ctx.b();
  };

  it('agrees on presence whichever instance gets each delivery, and dedupes across them', async () => {
    refresh();
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
    refresh();
    const feedOnB = await openFeed(`${b.url}/channels/crossfeed/events`);
    await feedOnB.waitFor(1);
    await deliver(a.url, ncsBody(105, { channelName: 'crossfeed', uid: 7, clientSeq: 1 }), SECRET);
    await deliver(b.url, ncsBody(111, { channelName: 'crossfeed', uid: 7, clientSeq: 2 }), SECRET);
    const messages = await feedOnB.waitFor(3);
    feedOnB.close();
    expect(messages.map((m) => m.event)).toEqual(['snapshot', 'join', 'role']);
  });

  it('resumes the feed with Last-Event-ID on the other instance, missing nothing', async () => {
    refresh();
    const first = await openFeed(`${a.url}/channels/resume/events`);
    await first.waitFor(1); // the snapshot (empty) before the first change
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
  }, 20_000);

  it('sends a fresh snapshot for an id from another epoch (another store, e.g. a wiped Redis)', async () => {
    refresh();
    const foreign = await openFeed(`${a.url}/channels/resume/events`, {
      'last-event-id': 'other-epoch.1',
    });
    const [snap] = await foreign.waitFor(1);
    foreign.close();
    expect(snap?.event).toBe('snapshot');
    expect(snap?.id).toMatch(/\.5$/);
  });

  it('loses nothing when a server restarts', async () => {
    refresh();
    await deliver(a.url, ncsBody(103, { channelName: 'restart', uid: 42, clientSeq: 1 }), SECRET);
    await deliver(a.url, ncsBody(105, { channelName: 'restart', uid: 43, clientSeq: 1 }), SECRET);
    const port = a.port;
    await a.stop();
    a = await startServer(env(), port);
    ctx.setA(a);
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

  it('ends exact after a storm of duplicated, reordered deliveries spread over both instances', async () => {
    refresh();
    const bodies: string[] = [];
    const expected: number[] = [];
    for (let uid = 1; uid <= 60; uid += 1) {
      const channelName = `storm-${uid % 3}`;
      bodies.push(ncsBody(105, { channelName, uid, clientSeq: 1 }));
      if (uid % 4 === 0) {
        bodies.push(ncsBody(106, { channelName, uid, clientSeq: 2, reason: 1 }));
      } else if (channelName === 'storm-0') expected.push(uid);
    }
    // every delivery twice (NCS retries), in a scrambled order, on alternating instances
    const sends = [...bodies, ...bodies].map((body, i) => ({ body, at: (i * 7919) % 1000 }));
    sends.sort((x, y) => x.at - y.at);
    const answers = await Promise.all(
      sends.map(({ body }, i) => deliver((i % 2 ? a : b).url, body, SECRET)),
    );
    expect(answers.every((r) => r.status === 200)).toBe(true);
    const statuses = await Promise.all(
      answers.map(async (r) => ((await r.json()) as { status: string }).status),
    );
    // each notice handled once (applied, or stale for a join behind its leave); every copy a duplicate
    expect(statuses.filter((s) => s === 'duplicate').length).toBe(bodies.length);
    expect(statuses.filter((s) => s === 'applied' || s === 'stale').length).toBe(bodies.length);
    expect((await presence(a, 'storm-0')).audience.sort((x, y) => x - y)).toEqual(expected);
    expect(await presence(b, 'storm-0')).toEqual(await presence(a, 'storm-0'));
  });

  it('issue 14: agrees on the stats whichever instance gets each delivery, also after a restart', async () => {
    refresh();
    const ts = Math.floor(Date.now() / 1000) - 300;
    const bodies = [
      ncsBody(105, { channelName: 'stats', uid: 1, clientSeq: 1, ts }),
      ncsBody(105, { channelName: 'stats', uid: 2, clientSeq: 1, ts: ts + 5 }),
      ncsBody(106, { channelName: 'stats', uid: 1, clientSeq: 2, reason: 1, ts: ts + 65 }),
      ncsBody(105, { channelName: 'stats', uid: 1, clientSeq: 3, ts: ts + 100 }),
      ncsBody(103, { channelName: 'stats', uid: 50, clientSeq: 1, ts }),
    ];
    // reversed, every one twice, alternating instances
    const sends = [...bodies].reverse().flatMap((body) => [body, body]);
    for (const [i, body] of sends.entries()) {
      expect((await deliver((i % 2 ? a : b).url, body, SECRET)).status).toBe(200);
    }
    const stats = async (server: RunningServer) => {
      const res = await fetch(`${server.url}/channels/stats/stats`);
      expect(res.status).toBe(200);
      return (await res.json()) as Record<string, unknown>;
    };
    type Bucket = { t: number; joins: number; leaves: number; peak: number };
    // The timeline runs up to "now": a minute boundary passing between two reads adds a trailing
    // bucket with no joins or leaves. Compare up to the shorter timeline; extra buckets are empty.
    const agree = (x: Record<string, unknown>, y: Record<string, unknown>) => {
      const tx = x['timeline'] as Bucket[];
      const ty = y['timeline'] as Bucket[];
      const cut = Math.min(tx.at(-1)?.t ?? 0, ty.at(-1)?.t ?? 0);
      for (const b of [...tx, ...ty].filter((b) => b.t > cut))
        expect(b).toMatchObject({ joins: 0, leaves: 0 });
      const upTo = (z: Record<string, unknown>, t: Bucket[]) => ({
        ...z,
        timeline: t.filter((b) => b.t <= cut),
      });
      expect(upTo(y, ty)).toEqual(upTo(x, tx));
    };
    const fromA = await stats(a);
    expect(fromA).toMatchObject({
      now: { hosts: 1, audience: 2 },
      peak: { audience: 2, at: (ts + 5) * 1000 },
      uniqueViewers: 2,
      watch: { sessions: 1, averageSeconds: 65, medianSeconds: 65 },
    });
    agree(await stats(b), fromA);
    const port = a.port;
    await a.stop();
    a = await startServer(env(), port);
    ctx.setA(a);
    agree(await stats(a), fromA);
  }, 30_000);
}
