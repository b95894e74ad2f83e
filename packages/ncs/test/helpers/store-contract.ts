import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  FeedEvent,
  NcsRtcEvent,
  NcsPresenceStore,
  NcsPresenceStoreOptions,
} from '../../src/index';
import { ev } from './fixtures';

/** Builds a fresh, empty store for one test. */
export type StoreFactory = (options: NcsPresenceStoreOptions) => Promise<NcsPresenceStore>;

const MINUTE = 60_000;

/**
 * The behaviour every NcsPresenceStore must have: Agora's ordering algorithm
 * (agora-notes.md §3), dedupe, tombstones, the feed log. Run against the memory
 * store and the Redis store, so the Lua script and the TypeScript tracker
 * cannot drift apart.
 */
export function describeStoreContract(name: string, factory: StoreFactory): void {
  describe(`${name}: presence store contract`, () => {
    let clock = 1_700_000_000_000;
    let store: NcsPresenceStore;
    const now = () => clock;

    beforeEach(async () => {
      clock = 1_700_000_000_000;
      store = await factory({ now, tombstoneMs: 10 * MINUTE, logSize: 4 });
    });
    afterEach(async () => {
      await store.close();
    });

    const uids = async (channel = 'stage') => {
      const p = await store.presence(channel);
      return { hosts: p.hosts.map((m) => m.uid), audience: p.audience.map((m) => m.uid) };
    };
    const applyAll = async (events: NcsRtcEvent[]) => {
      const out = [];
      for (const e of events) out.push((await store.apply(e)).status);
      return out;
    };

    it('shows a join with role, platform, join time and account', async () => {
      const result = await store.apply(
        ev.audienceJoin({ uid: 7, seq: 1, ts: 1_700_000_123, platform: 2, account: 'ana' }),
      );
      expect(result.status).toBe('applied');
      expect(result.events).toEqual([
        {
          id: 1,
          channelName: 'stage',
          type: 'join',
          member: {
            uid: 7,
            role: 'audience',
            platform: 'ios',
            joinedAt: 1_700_000_123_000,
            account: 'ana',
          },
        },
      ]);
      expect(await store.presence('stage')).toEqual({
        channelName: 'stage',
        hosts: [],
        audience: [
          {
            uid: 7,
            role: 'audience',
            platform: 'ios',
            joinedAt: 1_700_000_123_000,
            account: 'ana',
          },
        ],
        counts: { hosts: 0, audience: 1 },
        lastEventId: 1,
      });
    });

    it('treats 103/107 as host joins and 104/108 as leaves', async () => {
      await applyAll([ev.hostJoin({ uid: 1, seq: 1 }), ev.commJoin({ uid: 2, seq: 1 })]);
      expect(await uids()).toEqual({ hosts: [1, 2], audience: [] });
      await applyAll([ev.hostLeave({ uid: 1, seq: 2 }), ev.commLeave({ uid: 2, seq: 2 })]);
      expect(await uids()).toEqual({ hosts: [], audience: [] });
    });

    it('drops a redelivery with a changed notifyMs as a duplicate', async () => {
      const first = ev.hostJoin({ uid: 1, seq: 1, noticeId: 'n-1', notifyMs: 1 });
      const retry = ev.hostJoin({ uid: 1, seq: 1, noticeId: 'n-1', notifyMs: 99 });
      expect(await applyAll([first, retry])).toEqual(['applied', 'duplicate']);
      // a 102 has no clientSeq: only the noticeId dedupe protects it
      const destroy = ev.destroyed();
      expect(await applyAll([destroy, { ...destroy, notifyMs: 5 }])).toEqual([
        'applied',
        'duplicate',
      ]);
    });

    it('applies only events newer than the last handled clientSeq', async () => {
      expect(
        await applyAll([
          ev.audienceJoin({ uid: 1, seq: 3 }),
          ev.audienceLeave({ uid: 1, seq: 2 }),
          ev.audienceJoin({ uid: 1, seq: 3 }), // same seq, new noticeId: still stale
        ]),
      ).toEqual(['applied', 'stale', 'stale']);
      expect(await uids()).toEqual({ hosts: [], audience: [1] });
    });

    it('lets a leave that arrives before its join block the late join', async () => {
      const statuses = await applyAll([
        ev.audienceLeave({ uid: 1, seq: 2 }),
        ev.audienceJoin({ uid: 1, seq: 1 }),
      ]);
      expect(statuses).toEqual(['applied', 'stale']);
      expect(await uids()).toEqual({ hosts: [], audience: [] });
      expect((await store.presence('stage')).lastEventId).toBe(0);
    });

    it('keeps the tombstone against retries, then accepts a genuine rejoin', async () => {
      await applyAll([ev.hostJoin({ uid: 1, seq: 1 }), ev.hostLeave({ uid: 1, seq: 2 })]);
      clock += 9 * MINUTE;
      expect(await applyAll([ev.hostJoin({ uid: 1, seq: 1 })])).toEqual(['stale']);
      expect(await uids()).toEqual({ hosts: [], audience: [] });
      expect(await applyAll([ev.hostJoin({ uid: 1, seq: 3 })])).toEqual(['applied']);
      expect(await uids()).toEqual({ hosts: [1], audience: [] });
    });

    it('forgets a tombstone after the horizon, and not before', async () => {
      await applyAll([ev.audienceLeave({ uid: 1, seq: 2 })]);
      clock += 10 * MINUTE - 1;
      expect(await applyAll([ev.audienceJoin({ uid: 1, seq: 1 })])).toEqual(['stale']);
      clock += 2;
      // past the horizon the record is gone: a delivery this late is taken as new
      expect(await applyAll([ev.audienceJoin({ uid: 1, seq: 1 })])).toEqual(['applied']);
      expect(await uids()).toEqual({ hosts: [], audience: [1] });
    });

    it('changes only the role on 111/112 and keeps the member', async () => {
      const join = await store.apply(
        ev.audienceJoin({ uid: 1, seq: 1, ts: 1_700_000_005, account: 'bo' }),
      );
      const up = await store.apply(ev.toHost({ uid: 1, seq: 2, ts: 1_700_000_050 }));
      expect(up.events).toEqual([
        { id: 2, channelName: 'stage', type: 'role', uid: 1, role: 'host' },
      ]);
      const again = await store.apply(ev.toHost({ uid: 1, seq: 3 }));
      expect(again).toEqual({ status: 'applied', events: [] });
      expect((await store.presence('stage')).hosts).toEqual([
        { uid: 1, role: 'host', platform: 'web', joinedAt: 1_700_000_005_000, account: 'bo' },
      ]);
      expect(join.status).toBe('applied');
      await store.apply(ev.toAudience({ uid: 1, seq: 4 }));
      expect(await uids()).toEqual({ hosts: [], audience: [1] });
    });

    it('takes a role change newer than everything known as proof of presence', async () => {
      const statuses = await applyAll([
        ev.toHost({ uid: 1, seq: 2 }),
        ev.audienceJoin({ uid: 1, seq: 1 }), // its own join, late: blocked
      ]);
      expect(statuses).toEqual(['applied', 'stale']);
      expect(await uids()).toEqual({ hosts: [1], audience: [] });
      await applyAll([ev.hostLeave({ uid: 1, seq: 3 }), ev.toAudience({ uid: 1, seq: 2 })]);
      expect(await uids()).toEqual({ hosts: [], audience: [] });
    });

    it('keeps leave reasons in the feed', async () => {
      await applyAll([ev.hostJoin({ uid: 1, seq: 1 }), ev.audienceJoin({ uid: 2, seq: 1 })]);
      const kicked = await store.apply(
        ev.hostLeave({ uid: 1, seq: 2, reason: 3, ts: 1_700_000_009 }),
      );
      const timeout = await store.apply(ev.audienceLeave({ uid: 2, seq: 2, reason: 2 }));
      expect(kicked.events).toEqual([
        {
          id: 3,
          channelName: 'stage',
          type: 'leave',
          uid: 1,
          role: 'host',
          reason: 3,
          reasonName: 'kicked',
          at: 1_700_000_009_000,
        },
      ]);
      expect(timeout.events[0]).toMatchObject({
        type: 'leave',
        reason: 2,
        reasonName: 'timeout',
        role: 'audience',
      });
    });

    it('takes everyone offline on 102 and blocks events older than the destroy', async () => {
      await applyAll([
        ev.hostJoin({ uid: 1, seq: 1, ts: 100 }),
        ev.audienceJoin({ uid: 2, seq: 1, ts: 100 }),
        ev.audienceLeave({ uid: 3, seq: 2, ts: 100 }),
        ev.hostJoin({ uid: 4, seq: 1, ts: 100, channelName: 'other' }),
      ]);
      const destroyed = await store.apply(ev.destroyed('stage', 200));
      expect(
        destroyed.events.map((e) => [
          e.type,
          'uid' in e ? e.uid : null,
          'reasonName' in e ? e.reasonName : null,
        ]),
      ).toEqual([
        ['leave', 1, 'channel-destroyed'],
        ['leave', 2, 'channel-destroyed'],
      ]);
      expect(destroyed.events[0]).toMatchObject({ reason: null, at: 200_000 });
      expect(await uids()).toEqual({ hosts: [], audience: [] });
      expect(await uids('other')).toEqual({ hosts: [4], audience: [] });
      // a join from before the destroy, delivered late with a seq we never saw
      expect(await applyAll([ev.audienceJoin({ uid: 5, seq: 1, ts: 150 })])).toEqual(['stale']);
      // the channel comes back: joins after the destroy count again
      expect(
        await applyAll([ev.created('stage', 300), ev.hostJoin({ uid: 1, seq: 2, ts: 300 })]),
      ).toEqual(['applied', 'applied']);
      expect(await uids()).toEqual({ hosts: [1], audience: [] });
    });

    it('handles uids above 2^31 and clientSeq up to 2^53 - 1', async () => {
      const big = 4_294_967_295;
      await applyAll([
        ev.audienceJoin({ uid: big, seq: 2 ** 53 - 2 }),
        ev.audienceJoin({ uid: 2 ** 31, seq: 2 ** 31 + 1 }),
      ]);
      expect(await applyAll([ev.audienceLeave({ uid: big, seq: 2 ** 53 - 3 })])).toEqual(['stale']);
      expect(await uids()).toEqual({ hosts: [], audience: [big, 2 ** 31].sort((a, b) => a - b) });
      expect(await applyAll([ev.audienceLeave({ uid: big, seq: 2 ** 53 - 1 })])).toEqual([
        'applied',
      ]);
      expect(await uids()).toEqual({ hosts: [], audience: [2 ** 31] });
    });

    it('acknowledges 101 without changing anything', async () => {
      expect(await store.apply(ev.created())).toEqual({ status: 'applied', events: [] });
      expect(await uids()).toEqual({ hosts: [], audience: [] });
    });

    it('numbers feed events per channel and replays them after an id', async () => {
      await applyAll([
        ev.audienceJoin({ uid: 1, seq: 1 }),
        ev.audienceJoin({ uid: 1, seq: 1, channelName: 'other' }),
        ev.audienceJoin({ uid: 2, seq: 1 }),
        ev.toHost({ uid: 2, seq: 2 }),
      ]);
      const replayed = await store.replay('stage', 1);
      expect(replayed?.map((e) => [e.id, e.type])).toEqual([
        [2, 'join'],
        [3, 'role'],
      ]);
      expect(await store.replay('stage', 3)).toEqual([]);
      expect(await store.replay('other', 0)).toHaveLength(1);
      // an id this store never issued (e.g. from before a wipe): start from a snapshot
      expect(await store.replay('stage', 4)).toBeNull();
      expect(await store.replay('nowhere', 2)).toBeNull();
    });

    it('never reuses a feed id, even once a quiet, empty channel is forgotten', async () => {
      const ids: number[] = [];
      store.subscribe((e) => {
        if (e.channelName === 'stage') ids.push(e.id);
      });
      await applyAll([ev.hostJoin({ uid: 1, seq: 1 }), ev.hostLeave({ uid: 1, seq: 2 })]);
      await applyAll([ev.audienceJoin({ uid: 5, seq: 1, channelName: 'other' })]);
      clock += 10 * MINUTE + 1;
      const [rejoin] = (await store.apply(ev.hostJoin({ uid: 9, seq: 1 }))).events;
      expect(rejoin?.id).toBeGreaterThan(2);
      expect((await store.presence('stage')).lastEventId).toBe(rejoin?.id);
      // a client resuming from before the gap gets a snapshot or exactly what it missed
      const replay = await store.replay('stage', 1);
      expect(replay === null || replay.map((e) => e.id).join() === `2,${rejoin?.id}`).toBe(true);
      await vi.waitFor(() => expect(ids).toHaveLength(3), { timeout: 10_000 });
      expect(ids[2]).toBe(rejoin?.id);
    });

    it('keeps a bounded log: too-old ids need a snapshot', async () => {
      for (let uid = 1; uid <= 20; uid += 1) await store.apply(ev.audienceJoin({ uid, seq: 1 }));
      expect(await store.replay('stage', 0)).toBeNull();
      const recent = await store.replay('stage', 16);
      expect(recent?.map((e) => e.id)).toEqual([17, 18, 19, 20]);
      expect((await store.presence('stage')).lastEventId).toBe(20);
    });

    it('tells subscribers about every event, in order', async () => {
      const seen: FeedEvent[] = [];
      const stop = store.subscribe((e) => seen.push(e));
      await applyAll([
        ev.hostJoin({ uid: 1, seq: 1 }),
        ev.hostLeave({ uid: 1, seq: 2 }),
        ev.audienceJoin({ uid: 9, seq: 1, channelName: 'x' }),
      ]);
      await vi.waitFor(() => expect(seen).toHaveLength(3), { timeout: 10_000 });
      expect(seen.map((e) => [e.channelName, e.id, e.type])).toEqual([
        ['stage', 1, 'join'],
        ['stage', 2, 'leave'],
        // a new channel may start above ids that forgettable channels reached (Redis: 2)
        ['x', expect.any(Number), 'join'],
      ]);
      stop();
      await store.apply(ev.hostJoin({ uid: 1, seq: 3 }));
      await new Promise((r) => setTimeout(r, 50));
      expect(seen).toHaveLength(3);
    });

    it('watches one channel: its events only, from the moment watch resolves, until unwatched', async () => {
      const seen: FeedEvent[] = [];
      const seenTwice: FeedEvent[] = [];
      const unwatch = await store.watch('stage', (e) => seen.push(e));
      const unwatchOther = await store.watch('stage', (e) => seenTwice.push(e));
      await applyAll([
        ev.hostJoin({ uid: 1, seq: 1 }),
        ev.audienceJoin({ uid: 9, seq: 1, channelName: 'elsewhere' }),
        ev.hostLeave({ uid: 1, seq: 2 }),
      ]);
      await vi.waitFor(() => expect(seen).toHaveLength(2), { timeout: 10_000 });
      expect(seen.map((e) => [e.channelName, e.id, e.type])).toEqual([
        ['stage', 1, 'join'],
        ['stage', 2, 'leave'],
      ]);
      unwatch();
      unwatch(); // idempotent: must not release the other watcher's subscription
      await store.apply(ev.hostJoin({ uid: 1, seq: 3 }));
      await vi.waitFor(() => expect(seenTwice).toHaveLength(3), { timeout: 10_000 });
      await new Promise((r) => setTimeout(r, 50));
      expect(seen).toHaveLength(2);
      unwatchOther();
    });

    it('answers ping while it can serve, keeps its epoch without a reset, and rejects ping once closed', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
      const resets: string[] = [];
      const off = store.onReset((epoch) => resets.push(epoch));
      expect(typeof off).toBe('function');
      const epoch = store.epoch;
      expect(epoch).toMatch(/.+/);
      await store.apply(ev.hostJoin({ uid: 1, seq: 1 }));
      await store.presence('stage');
      expect(store.epoch).toBe(epoch);
      expect(resets).toEqual([]);
      off();
      await store.close();
      await expect(store.ping()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
      // afterEach closes it again: close must be idempotent
    });

    it('ends in the same state whatever the delivery order and duplication', async () => {
      // Each user: a join, maybe role changes, maybe a leave; delivered shuffled, some twice.
      const userPlan = fc.record({
        audience: fc.boolean(),
        roleChanges: fc.integer({ min: 0, max: 2 }),
        leaves: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.array(userPlan, { minLength: 1, maxLength: 6 }),
          fc.integer(),
          fc.array(fc.nat(), { maxLength: 6 }),
          async (plans, seed, dupes) => {
            const s = await factory({ now, tombstoneMs: 10 * MINUTE });
            try {
              const events: NcsRtcEvent[] = [];
              const expected = { hosts: [] as number[], audience: [] as number[] };
              plans.forEach((plan, i) => {
                const uid = 1000 + i;
                let seq = 1;
                let role: 'host' | 'audience' = plan.audience ? 'audience' : 'host';
                events.push(
                  plan.audience
                    ? ev.audienceJoin({ uid, seq, channelName: 'p' })
                    : ev.hostJoin({ uid, seq, channelName: 'p' }),
                );
                for (let r = 0; r < plan.roleChanges; r += 1) {
                  seq += 1;
                  role = role === 'host' ? 'audience' : 'host';
                  events.push(
                    role === 'host'
                      ? ev.toHost({ uid, seq, channelName: 'p' })
                      : ev.toAudience({ uid, seq, channelName: 'p' }),
                  );
                }
                if (plan.leaves)
                  events.push(ev.audienceLeave({ uid, seq: seq + 1, channelName: 'p' }));
                else expected[role === 'host' ? 'hosts' : 'audience'].push(uid);
              });
              for (const d of dupes) {
                const copy = events[d % events.length];
                if (copy) events.push({ ...copy, notifyMs: copy.notifyMs + 1 });
              }
              const shuffled = shuffle(events, seed);
              await Promise.all(shuffled.map((e) => s.apply(e)));
              const p = await s.presence('p');
              expect({
                hosts: p.hosts.map((m) => m.uid).sort(),
                audience: p.audience.map((m) => m.uid).sort(),
              }).toEqual(expected);
            } finally {
              await s.close();
            }
          },
        ),
        { numRuns: 40 },
      );
      // 40 stores: on a cluster each start connects, subscribes and reads every bucket marker
    }, 90_000);
  });
}

function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let x = seed | 0 || 1;
  for (let i = out.length - 1; i > 0; i -= 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = Math.abs(x) % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
