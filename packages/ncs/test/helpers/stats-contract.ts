import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelStats, NcsRtcEvent, NcsPresenceStore } from '../../src/index';
import { ev } from './fixtures';
import type { StoreFactory } from './store-contract';

/** A minute-aligned event time (s): 2023-11-14T22:14:00Z. */
export const T0 = 1_700_000_040;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The stats rules of issue 14, the same for every store: audience only, by
 * event time, duplicates once, stale events still history, sessions, median,
 * minute buckets, the window, and a shuffled duplicated delivery of one trace
 * giving the same stats.
 */
export function describeStatsContract(
  name: string,
  factory: StoreFactory,
  options: { propertyRuns?: number } = {},
): void {
  describe(`${name}: stats contract`, () => {
    let clock = (T0 + 3600) * 1000;
    let store: NcsPresenceStore;
    const now = () => clock;

    beforeEach(async () => {
      clock = (T0 + 3600) * 1000;
      store = await factory({ now, tombstoneMs: 10 * MINUTE });
    });
    afterEach(async () => {
      await store.close();
    });

    const applyAll = async (events: NcsRtcEvent[]) => {
      for (const e of events) await store.apply(e);
    };
    const stats = () => store.stats('stage');
    const nonEmpty = (s: ChannelStats) => s.timeline.filter((b) => b.joins + b.leaves > 0);

    it('starts empty', async () => {
      expect(await stats()).toEqual({
        channelName: 'stage',
        now: { hosts: 0, audience: 0 },
        peak: { audience: 0, at: null },
        uniqueViewers: 0,
        watch: { sessions: 0, averageSeconds: 0, medianSeconds: 0 },
        timeline: [],
      });
    });

    it('counts the audience only: hosts are in now.hosts and nowhere else', async () => {
      await applyAll([
        ev.hostJoin({ uid: 1, seq: 1, ts: T0 }),
        ev.commJoin({ uid: 2, seq: 1, ts: T0 + 1 }),
        ev.audienceJoin({ uid: 10, seq: 1, ts: T0 + 2 }),
        ev.hostLeave({ uid: 1, seq: 2, ts: T0 + 20 }),
      ]);
      const s = await stats();
      expect(s.now).toEqual({ hosts: 1, audience: 1 });
      expect(s.peak).toEqual({ audience: 1, at: (T0 + 2) * 1000 });
      expect(s.uniqueViewers).toBe(1);
      expect(s.watch.sessions).toBe(0); // the host's 20 s are not a watch session
      expect(nonEmpty(s)).toEqual([{ t: T0 * 1000, peak: 1, joins: 1, leaves: 0 }]);
    });

    it('moves a user between audience and host on 111/112: 111 ends its session, 112 starts one', async () => {
      await applyAll([
        ev.audienceJoin({ uid: 10, seq: 1, ts: T0 }),
        ev.toHost({ uid: 10, seq: 2, ts: T0 + 10 }), // audience -> host: a leave of the audience
        ev.toAudience({ uid: 10, seq: 3, ts: T0 + 30 }), // host -> audience: a join of the audience
        ev.audienceLeave({ uid: 10, seq: 4, ts: T0 + 50 }),
        ev.hostJoin({ uid: 20, seq: 1, ts: T0 + 61 }),
        ev.toAudience({ uid: 20, seq: 2, ts: T0 + 65 }),
        ev.hostJoin({ uid: 30, seq: 1, ts: T0 + 70 }),
        ev.toHost({ uid: 30, seq: 2, ts: T0 + 71 }), // host stays host: nothing
      ]);
      const s = await stats();
      expect(s.now).toEqual({ hosts: 1, audience: 1 });
      expect(s.uniqueViewers).toBe(2);
      expect(s.watch).toEqual({ sessions: 2, averageSeconds: 15, medianSeconds: 15 });
      expect(nonEmpty(s)).toEqual([
        { t: T0 * 1000, peak: 1, joins: 2, leaves: 2 },
        { t: (T0 + 60) * 1000, peak: 1, joins: 1, leaves: 0 },
      ]);
    });

    it('does not count a user whose current role is host, whatever its join said', async () => {
      await applyAll([
        ev.audienceJoin({ uid: 10, seq: 1, ts: T0 }),
        ev.toHost({ uid: 10, seq: 2, ts: T0 }),
      ]);
      const s = await stats();
      expect(s.now).toEqual({ hosts: 1, audience: 0 });
      // joined and left the audience in the same second: present for 0 s, never concurrent
      expect(s.peak).toEqual({ audience: 0, at: null });
      expect(s.watch).toEqual({ sessions: 1, averageSeconds: 0, medianSeconds: 0 });
    });

    it('uses event time, not arrival: a trace delivered backwards gives the same stats', async () => {
      const trace = [
        ev.audienceJoin({ uid: 1, seq: 1, ts: T0 + 5 }),
        ev.audienceJoin({ uid: 2, seq: 1, ts: T0 + 6 }),
        ev.audienceLeave({ uid: 1, seq: 2, ts: T0 + 65 }),
        ev.audienceJoin({ uid: 3, seq: 1, ts: T0 + 70 }),
      ];
      await applyAll([...trace].reverse());
      const s = await stats();
      expect(s.peak).toEqual({ audience: 2, at: (T0 + 6) * 1000 });
      expect(nonEmpty(s)).toEqual([
        { t: T0 * 1000, peak: 2, joins: 2, leaves: 0 },
        { t: (T0 + 60) * 1000, peak: 2, joins: 1, leaves: 1 },
      ]);
      expect(s.watch).toEqual({ sessions: 1, averageSeconds: 60, medianSeconds: 60 });
    });

    it('counts a notice that arrives after a later event of its user (stale for presence, still history)', async () => {
      await applyAll([
        ev.audienceJoin({ uid: 1, seq: 1, ts: T0 }),
        ev.audienceJoin({ uid: 1, seq: 3, ts: T0 + 120 }),
      ]);
      const late = await store.apply(ev.audienceLeave({ uid: 1, seq: 2, ts: T0 + 60 }));
      expect(late.status).toBe('stale');
      const s = await stats();
      expect(s.watch).toEqual({ sessions: 1, averageSeconds: 60, medianSeconds: 60 });
      expect(s.uniqueViewers).toBe(1);
      expect(s.now.audience).toBe(1);
      expect(nonEmpty(s).map((b) => [b.joins, b.leaves])).toEqual([
        [1, 0],
        [0, 1],
        [1, 0],
      ]);
    });

    it('counts a duplicate once: the same noticeId, or a retry of the same event under another', async () => {
      const join = ev.audienceJoin({ uid: 1, seq: 1, ts: T0, noticeId: 'n-1' });
      const leave = ev.audienceLeave({ uid: 1, seq: 2, ts: T0 + 30 });
      await applyAll([
        join,
        join,
        leave,
        { ...join, notifyMs: 5 },
        { ...leave, noticeId: 'again' },
      ]);
      const s = await stats();
      expect(s.watch).toEqual({ sessions: 1, averageSeconds: 30, medianSeconds: 30 });
      expect(nonEmpty(s)).toEqual([{ t: T0 * 1000, peak: 1, joins: 1, leaves: 1 }]);
    });

    it('orders a user by clientSeq: a leave whose ts is before its join is a 0 s session', async () => {
      await applyAll([
        ev.audienceLeave({ uid: 1, seq: 2, ts: T0 + 5 }),
        ev.audienceJoin({ uid: 1, seq: 1, ts: T0 + 9 }),
      ]);
      const s = await stats();
      expect(s.watch).toEqual({ sessions: 1, averageSeconds: 0, medianSeconds: 0 });
      expect(s.now.audience).toBe(0);
      expect(s.peak).toEqual({ audience: 0, at: null });
    });

    it('reports the peak and the event time it was FIRST reached', async () => {
      await applyAll([
        ev.audienceJoin({ uid: 1, seq: 1, ts: T0 + 1 }),
        ev.audienceJoin({ uid: 2, seq: 1, ts: T0 + 2 }),
        ev.audienceLeave({ uid: 2, seq: 2, ts: T0 + 3 }),
        ev.audienceJoin({ uid: 5, seq: 1, ts: T0 + 4 }), // 2 again, in the same minute
        ev.audienceLeave({ uid: 5, seq: 2, ts: T0 + 5 }),
        ev.audienceJoin({ uid: 3, seq: 1, ts: T0 + 100 }), // and in a later one
        ev.audienceLeave({ uid: 1, seq: 2, ts: T0 + 200 }),
        ev.audienceJoin({ uid: 4, seq: 1, ts: T0 + 200 }), // a swap in one second: still 2
      ]);
      expect((await stats()).peak).toEqual({ audience: 2, at: (T0 + 2) * 1000 });
    });

    it('counts distinct audience uids: a rejoin is one viewer and two sessions', async () => {
      await applyAll([
        ev.audienceJoin({ uid: 4_000_000_000, seq: 1, ts: T0 }),
        ev.audienceLeave({ uid: 4_000_000_000, seq: 2, ts: T0 + 10 }),
        ev.audienceJoin({ uid: 4_000_000_000, seq: 3, ts: T0 + 20 }),
        ev.audienceLeave({ uid: 4_000_000_000, seq: 4, ts: T0 + 40 }),
        ev.audienceJoin({ uid: 5, seq: 1, ts: T0 + 20 }),
      ]);
      const s = await stats();
      expect(s.uniqueViewers).toBe(2);
      expect(s.watch).toEqual({ sessions: 2, averageSeconds: 15, medianSeconds: 15 });
    });

    it('averages completed sessions and takes the mean of the middle two for an even count', async () => {
      const lengths = [100, 10, 30, 20];
      await applyAll(
        lengths.flatMap((length, i) => [
          ev.audienceJoin({ uid: i + 1, seq: 1, ts: T0 }),
          ev.audienceLeave({ uid: i + 1, seq: 2, ts: T0 + length }),
        ]),
      );
      await store.apply(ev.audienceJoin({ uid: 99, seq: 1, ts: T0 })); // open: not a session yet
      expect((await stats()).watch).toEqual({ sessions: 4, averageSeconds: 40, medianSeconds: 25 });
      await applyAll([
        ev.audienceJoin({ uid: 9, seq: 1, ts: T0 }),
        ev.audienceLeave({ uid: 9, seq: 2, ts: T0 + 7 }),
      ]);
      // 7 10 20 30 100: the middle one; the mean rounded to 0.1 s
      expect((await stats()).watch).toEqual({
        sessions: 5,
        averageSeconds: 33.4,
        medianSeconds: 20,
      });
    });

    it('buckets per minute: joins, leaves, and the peak inside the minute counting those already there', async () => {
      await applyAll([
        ev.audienceJoin({ uid: 1, seq: 1, ts: T0 + 10 }),
        ev.audienceJoin({ uid: 2, seq: 1, ts: T0 + 20 }),
        ev.audienceLeave({ uid: 2, seq: 2, ts: T0 + 30 }),
        // minute 2 is quiet: one already there
        ev.audienceJoin({ uid: 3, seq: 1, ts: T0 + 180 }),
        ev.audienceLeave({ uid: 1, seq: 2, ts: T0 + 181 }),
        ev.audienceLeave({ uid: 3, seq: 2, ts: T0 + 182 }),
      ]);
      clock = (T0 + 5 * 60 + 7) * 1000;
      const s = await stats();
      const t = (m: number) => (T0 + m * 60) * 1000;
      expect(s.timeline).toEqual([
        { t: t(0), peak: 2, joins: 2, leaves: 1 },
        { t: t(1), peak: 1, joins: 0, leaves: 0 },
        { t: t(2), peak: 1, joins: 0, leaves: 0 },
        { t: t(3), peak: 2, joins: 1, leaves: 2 },
        { t: t(4), peak: 0, joins: 0, leaves: 0 },
        { t: t(5), peak: 0, joins: 0, leaves: 0 },
      ]);
    });

    it('ends every open session on a 102, also one delivered late', async () => {
      await applyAll([
        ev.audienceJoin({ uid: 1, seq: 1, ts: T0 }),
        ev.audienceJoin({ uid: 2, seq: 1, ts: T0 + 10 }),
        ev.audienceJoin({ uid: 3, seq: 1, ts: T0 + 50 }), // after the destroy
        ev.destroyed('stage', T0 + 40),
      ]);
      const s = await stats();
      expect(s.now.audience).toBe(1);
      expect(s.watch).toEqual({ sessions: 2, averageSeconds: 35, medianSeconds: 35 });
      expect(nonEmpty(s)).toEqual([{ t: T0 * 1000, peak: 2, joins: 3, leaves: 2 }]);
    });

    it('keeps a window: older events do not count, those online at its start do', async () => {
      const s = await factory({ now, tombstoneMs: 10 * MINUTE, statsWindowMs: HOUR });
      clock = T0 * 1000;
      await s.apply(ev.audienceJoin({ uid: 1, seq: 1, ts: T0 })); // stays the whole time
      await s.apply(ev.audienceJoin({ uid: 2, seq: 1, ts: T0 + 60 }));
      await s.apply(ev.audienceLeave({ uid: 2, seq: 2, ts: T0 + 120 }));
      await s.apply(ev.audienceJoin({ uid: 3, seq: 1, ts: T0 + 60 }));
      await s.apply(ev.audienceLeave({ uid: 3, seq: 2, ts: T0 + 90 * 60 }));
      expect((await s.stats('stage')).peak).toEqual({ audience: 3, at: (T0 + 60) * 1000 });
      clock = (T0 + 2 * 3600) * 1000; // the window is now [T0 + 1 h, T0 + 2 h]
      const later = await s.stats('stage');
      expect(later.now.audience).toBe(1);
      // uid 2's session ended before the window; uid 3's ended inside it (full 89 min)
      expect(later.watch).toEqual({ sessions: 1, averageSeconds: 89 * 60, medianSeconds: 89 * 60 });
      expect(later.uniqueViewers).toBe(2);
      expect(later.timeline[0]).toEqual({ t: (T0 + 3600) * 1000, peak: 2, joins: 0, leaves: 0 });
      expect(later.timeline.at(-1)?.t).toBe((T0 + 2 * 3600) * 1000);
      expect(later.timeline).toHaveLength(61);
      expect(later.peak).toEqual({ audience: 2, at: (T0 + 3600) * 1000 });
      // a delivery from before the window changes nothing
      await s.apply(ev.audienceJoin({ uid: 7, seq: 1, ts: T0 + 30 * 60 }));
      expect(await s.stats('stage')).toEqual(later);
      await s.close();
    });

    it('gives the same stats for a shuffled, duplicated delivery of the same trace', async () => {
      await fc.assert(
        fc.asyncProperty(traceArb, fc.infiniteStream(fc.nat()), async (trace, rnd) => {
          const inOrder = await factory({ now, tombstoneMs: 10 * MINUTE });
          const shuffled = await factory({ now, tombstoneMs: 10 * MINUTE });
          for (const e of trace) await inOrder.apply(e);
          const it = rnd[Symbol.iterator]();
          const next = () => it.next().value as number;
          // duplicates: the same notice again, or the same event under another noticeId
          const again = trace.filter(() => next() % 3 === 0);
          const deliveries = [
            ...trace,
            ...again.map((e, i) => (i % 2 ? e : { ...e, noticeId: `${e.noticeId}-retry` })),
          ];
          for (let i = deliveries.length - 1; i > 0; i -= 1) {
            const j = next() % (i + 1);
            [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
          }
          for (const e of deliveries) await shuffled.apply(e);
          const a = await inOrder.stats('stage');
          expect(await shuffled.stats('stage')).toEqual(a);
          expect(a.peak.audience).toBeGreaterThanOrEqual(a.now.audience);
          const joins = a.timeline.reduce((n, b) => n + b.joins - b.leaves, 0);
          expect(joins).toBe(a.now.audience);
          await inOrder.close();
          await shuffled.close();
        }),
        { numRuns: options.propertyRuns ?? 60 },
      );
    }, 120_000);
  });
}

/** A random trace: a few users, each a valid run of joins, leaves and role changes; maybe a 102. */
const traceArb = fc
  .tuple(
    fc.array(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 90 })), {
        minLength: 1,
        maxLength: 6,
      }),
      { minLength: 1, maxLength: 6 },
    ),
    fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
  )
  .map(([users, destroyAt]) => {
    const events: NcsRtcEvent[] = [];
    users.forEach((steps, u) => {
      let ts = T0;
      steps.forEach(([kind, gap], i) => {
        ts += gap;
        const input = { uid: u + 1, seq: i + 1, ts };
        const make = [ev.audienceJoin, ev.hostJoin, ev.audienceLeave, ev.toHost, ev.toAudience][
          kind
        ]!;
        events.push(make(input));
      });
    });
    if (destroyAt !== undefined) events.push(ev.destroyed('stage', T0 + destroyAt));
    // in-order delivery: by event time
    return events.sort((a, b) => a.ts - b.ts);
  });
