import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryPresenceStore, type ChannelStats, type NcsRtcEvent } from '../src/index';
import { ev } from './helpers/fixtures';
import { T0 } from './helpers/stats-contract';

type Kind = 'audience-join' | 'host-join' | 'leave' | 'to-host' | 'to-audience';
interface Step {
  readonly uid: number;
  readonly seq: number;
  readonly ts: number;
  readonly kind: Kind;
}

/**
 * The rules computed the slow, obvious way, second by second, with no
 * incremental state, no buckets and no diff: what the store's stats must equal.
 */
function reference(steps: readonly Step[], destroys: readonly number[], nowSec: number) {
  const sessions: { uid: number; start: number; end: number | null }[] = [];
  const hosts = new Set<number>();
  const byUser = new Map<number, Step[]>();
  for (const s of steps) byUser.set(s.uid, [...(byUser.get(s.uid) ?? []), s]);
  const sortedDestroys = [...new Set(destroys)].sort((a, b) => a - b);
  for (const [uid, list] of byUser) {
    list.sort((a, b) => a.seq - b.seq);
    let online = false;
    let host = false;
    let since: number | null = null;
    let last = -Infinity;
    const close = (at: number) => {
      if (online && !host && since !== null) {
        sessions.push({ uid, start: since, end: Math.max(at, since) });
      }
      since = null;
    };
    const destroyedBy = (until: number) => {
      for (const d of sortedDestroys) {
        if (d > last && d <= until) {
          close(d);
          online = false;
          last = d;
        }
      }
    };
    for (const step of list) {
      destroyedBy(step.ts);
      const audienceOpen = online && !host;
      if (step.kind === 'audience-join' || step.kind === 'to-audience') {
        if (!audienceOpen) since = step.ts;
        online = true;
        host = false;
      } else if (step.kind === 'host-join' || step.kind === 'to-host') {
        close(step.ts);
        online = true;
        host = true;
      } else {
        close(step.ts);
        online = false;
      }
      last = Math.max(last, step.ts);
    }
    destroyedBy(Infinity);
    if (online && host) hosts.add(uid);
    if (online && !host && since !== null) sessions.push({ uid, start: since, end: null });
  }
  // present at second t: started at or before t, not ended at or before t
  const level = (t: number) =>
    sessions.filter((s) => s.start <= t && (s.end === null || t < s.end)).length;
  const points = sessions.flatMap((s) => (s.end === null ? [s.start] : [s.start, s.end]));
  const minute = (t: number) => Math.floor(t / 60);
  const timeline: ChannelStats['timeline'][number][] = [];
  let peak = 0;
  let at: number | null = null;
  if (points.length > 0) {
    const first = minute(Math.min(...points));
    const lastMinute = Math.max(minute(nowSec), minute(Math.max(...points)));
    for (let m = first; m <= lastMinute; m += 1) {
      let high = level(m * 60 - 1);
      for (let t = m * 60; t < m * 60 + 60; t += 1) {
        const l = level(t);
        high = Math.max(high, l);
        if (l > peak) {
          peak = l;
          at = t * 1000;
        }
      }
      timeline.push({
        t: m * 60_000,
        peak: high,
        joins: sessions.filter((s) => minute(s.start) === m).length,
        leaves: sessions.filter((s) => s.end !== null && minute(s.end) === m).length,
      });
    }
  }
  const lengths = sessions
    .filter((s) => s.end !== null)
    .map((s) => s.end! - s.start)
    .sort((a, b) => a - b);
  const n = lengths.length;
  return {
    channelName: 'stage',
    now: { hosts: hosts.size, audience: sessions.filter((s) => s.end === null).length },
    peak: { audience: peak, at },
    uniqueViewers: new Set(sessions.map((s) => s.uid)).size,
    watch: {
      sessions: n,
      averageSeconds: n ? Math.round((lengths.reduce((a, b) => a + b, 0) / n) * 10) / 10 : 0,
      medianSeconds: n ? (lengths[Math.floor((n - 1) / 2)]! + lengths[Math.floor(n / 2)]!) / 2 : 0,
    },
    timeline,
  };
}

const KINDS: readonly Kind[] = ['audience-join', 'host-join', 'leave', 'to-host', 'to-audience'];
const MAKE = {
  'audience-join': ev.audienceJoin,
  'host-join': ev.hostJoin,
  leave: ev.audienceLeave,
  'to-host': ev.toHost,
  'to-audience': ev.toAudience,
} as const;

const scenario = fc
  .tuple(
    fc.array(
      fc.array(fc.tuple(fc.constantFrom(...KINDS), fc.integer({ min: 0, max: 150 })), {
        minLength: 1,
        maxLength: 7,
      }),
      { minLength: 1, maxLength: 7 },
    ),
    fc.array(fc.integer({ min: 0, max: 900 }), { maxLength: 2 }),
  )
  .map(([users, destroyOffsets]) => {
    const steps: Step[] = [];
    users.forEach((list, u) => {
      let ts = T0 + u * 13;
      list.forEach(([kind, gap], i) => {
        ts += gap;
        steps.push({ uid: u + 1, seq: i + 1, ts, kind });
      });
    });
    return { steps, destroys: destroyOffsets.map((d) => T0 + d) };
  });

describe('store stats equal the rules computed second by second', () => {
  it('for random traces of joins, leaves, role changes and 102s (memory store, delivered shuffled)', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, fc.infiniteStream(fc.nat()), async ({ steps, destroys }, rnd) => {
        const nowSec = T0 + 1800;
        const store = createMemoryPresenceStore({ now: () => nowSec * 1000 });
        const events: NcsRtcEvent[] = [
          ...steps.map((s) => MAKE[s.kind]({ uid: s.uid, seq: s.seq, ts: s.ts })),
          ...destroys.map((d) => ev.destroyed('stage', d)),
        ];
        const it = rnd[Symbol.iterator]();
        for (let i = events.length - 1; i > 0; i -= 1) {
          const j = (it.next().value as number) % (i + 1);
          [events[i], events[j]] = [events[j]!, events[i]!];
        }
        for (const e of events) await store.apply(e);
        expect(await store.stats('stage')).toEqual(reference(steps, destroys, nowSec));
        await store.close();
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
