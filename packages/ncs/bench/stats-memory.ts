/**
 * Memory per channel of the audience stats over a 24 h window, at a realistic
 * load: STATS_CONCURRENT viewers online on average (default 1000), sessions of
 * 10 minutes on average (exponential), each viewer coming back about three
 * times a day, a host online all day. Feeds the memory store a whole day of
 * events in event-time order (a few seconds late, as NCS delivers), then
 * reports the heap the stats hold (store with stats minus the same store
 * without, both measured after a forced GC) and how long one stats() read takes.
 *
 *   node --expose-gc --conditions=@audience-presence/source --import tsx bench/stats-memory.ts
 */
import { createMemoryPresenceStore, type NcsRtcEvent, type NcsPresenceStore } from '../src/index';

const CONCURRENT = Number(process.env['STATS_CONCURRENT'] ?? '1000');
const SESSION_S = 600;
const DAY_S = 24 * 3600;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

function trace(start: number): NcsRtcEvent[] {
  // arrivals per second so that CONCURRENT are online on average (Little's law)
  const rate = CONCURRENT / SESSION_S;
  const viewers = Math.round((rate * DAY_S) / 3);
  let rng = 0x2545f491;
  const random = () => {
    rng ^= rng << 13;
    rng ^= rng >>> 17;
    rng ^= rng << 5;
    return (rng >>> 0) / 0x1_0000_0000;
  };
  const seqs = new Map<number, number>();
  const busyUntil = new Map<number, number>();
  const out: NcsRtcEvent[] = [];
  let notice = 0;
  const base = (ts: number) => ({
    noticeId: `m-${++notice}`,
    productId: 1 as const,
    notifyMs: ts * 1000,
    channelName: 'live',
    ts,
  });
  out.push({
    ...base(start),
    kind: 'join',
    eventType: 103,
    role: 'host',
    uid: 1,
    clientSeq: 1,
    platform: 7,
    platformName: 'web',
  });
  for (let t = 0; t < DAY_S; t += 1) {
    // Poisson arrivals this second
    let arrivals = 0;
    for (let p = Math.exp(-rate), u = random(); u > p; u *= random()) arrivals += 1;
    for (let k = 0; k < arrivals; k += 1) {
      let uid = 1000 + Math.floor(random() * viewers);
      if ((busyUntil.get(uid) ?? -1) >= t) uid = 1000 + viewers + out.length; // already watching
      const length = Math.max(1, Math.round(-Math.log(1 - random()) * SESSION_S));
      busyUntil.set(uid, t + length);
      const seq = (seqs.get(uid) ?? 0) + 1;
      seqs.set(uid, seq + 1);
      const user = { uid, platform: 7, platformName: 'web' as const };
      out.push({
        ...base(start + t),
        ...user,
        kind: 'join',
        eventType: 105,
        role: 'audience',
        clientSeq: seq,
      });
      out.push({
        ...base(start + t + length),
        ...user,
        kind: 'leave',
        eventType: 106,
        role: 'audience',
        clientSeq: seq + 1,
        reason: 1,
        reasonName: 'quit',
      });
    }
  }
  return out.sort((a, b) => a.ts - b.ts);
}

async function feed(
  store: NcsPresenceStore,
  events: readonly NcsRtcEvent[],
  clock: { ms: number },
) {
  for (const event of events) {
    clock.ms = event.ts * 1000 + 3000; // delivered 3 s after the event
    await store.apply(event);
  }
}

function heap(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

const start = Math.floor(Date.now() / 1000) - DAY_S - 60;
const events = trace(start);
const users = new Set(events.map((e) => ('uid' in e ? e.uid : 0))).size;
const clock = { ms: start * 1000 };
// tombstones kept as long as the day, so the presence part is the same in both stores
const options = { now: () => clock.ms, tombstoneMs: 2 * DAY_S * 1000, logSize: 1000 };

const h0 = heap();
const without = createMemoryPresenceStore({ ...options, stats: false });
await feed(without, events, clock);
const h1 = heap();
const withStats = createMemoryPresenceStore(options);
await feed(withStats, events, clock);
const h2 = heap();
const statsBytes = h2 - h1 - (h1 - h0);
const reads: number[] = [];
let stats = await withStats.stats('live');
for (let i = 0; i < 7; i += 1) {
  const t0 = performance.now();
  stats = await withStats.stats('live');
  reads.push(performance.now() - t0);
}
reads.sort((a, b) => a - b);
console.log(
  `${CONCURRENT} online on average, 10 min sessions, 24 h: ${events.length} events, ${users} distinct uids`,
);
console.log(
  `stats memory for the channel: ${(statsBytes / 1e6).toFixed(1)} MB ` +
    `(${(statsBytes / events.length).toFixed(0)} B per event; presence alone ${((h1 - h0) / 1e6).toFixed(1)} MB)`,
);
console.log(
  `stats(): median ${reads[3]!.toFixed(1)} ms, fastest ${reads[0]!.toFixed(1)} ms of 7 reads; ` +
    `peak ${stats.peak.audience}, ${stats.uniqueViewers} viewers, ${stats.watch.sessions} sessions, ` +
    `median ${stats.watch.medianSeconds} s, ${stats.timeline.length} buckets`,
);
