/**
 * Presence store benchmark. Every figure is printed next to a baseline
 * measured in the same process, so the ratios mean something on any machine.
 *
 *   pnpm bench   (root)   or   pnpm --filter @audience-presence/core bench
 */
import { performance } from 'node:perf_hooks';
import {
  createPresenceStore,
  selectAudience,
  selectCounts,
  type Member,
  type MemberState,
  type PresenceAction,
  type PresenceStore,
} from '../src/index';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

const rows: [string, string, string][] = [];
function row(name: string, value: string, note = ''): void {
  rows.push([name, value, note]);
  console.log(`${name.padEnd(58)} ${value.padStart(16)}  ${note}`);
}
const ms = (x: number) => `${x.toFixed(1)} ms`;
const ns = (x: number) => `${x.toFixed(0)} ns/op`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Median timings of several functions, run INTERLEAVED (a, b, c, a, b, c, ...)
 * after one warm-up each, so machine noise (other processes) hits every
 * contender alike and the ratios stay meaningful.
 */
function race(fns: (() => void)[], runs = 5): number[] {
  for (const fn of fns) fn();
  const out: number[][] = fns.map(() => []);
  for (let r = 0; r < runs; r++) {
    fns.forEach((fn, i) => {
      gc!();
      const t = performance.now();
      fn();
      out[i]!.push(performance.now() - t);
    });
  }
  return out.map(median);
}
const time = (fn: () => void, runs = 5) => race([fn], runs)[0]!;

function manualStore(): PresenceStore {
  return createPresenceStore({ schedule: () => {}, now: () => 0 });
}

// deterministic PRNG
let seed = 42;
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};

// ---------------------------------------------------------------------------
// 1. one million mixed single events on a 10,000-member channel
// ---------------------------------------------------------------------------
type Op = { kind: 0 | 1 | 2; id: string; state: MemberState };
const CHANNEL = 10_000;
const EVENTS = 1_000_000;
const initialIds = Array.from({ length: CHANNEL }, (_, i) => `user-${i}`);
function makeOps(count: number): Op[] {
  const present = [...initialIds];
  const index = new Map(present.map((id, i) => [id, i]));
  let next = CHANNEL;
  const ops: Op[] = [];
  for (let i = 0; i < count; i++) {
    const r = rand(3);
    if (r === 0 || present.length < CHANNEL / 2) {
      const id = `user-${next++}`;
      index.set(id, present.length);
      present.push(id);
      ops.push({ kind: 0, id, state: { role: 'audience' } });
    } else if (r === 1) {
      const k = rand(present.length);
      const id = present[k]!;
      const last = present.pop()!;
      if (last !== id) {
        present[k] = last;
        index.set(last, k);
      }
      index.delete(id);
      ops.push({ kind: 1, id, state: {} });
    } else {
      const id = present[rand(present.length)]!;
      ops.push({ kind: 2, id, state: { role: 'audience', mood: String(i % 7) } });
    }
  }
  return ops;
}
const ops = makeOps(EVENTS);
// states arrive frozen, as adaptPresenceEvent produces them (the store then keeps them as is)
for (const op of ops) Object.freeze(op.state);
const actions: PresenceAction[] = ops.map((op) =>
  op.kind === 0
    ? { type: 'join', userId: op.id, state: op.state }
    : op.kind === 1
      ? { type: 'leave', userId: op.id, reason: 'left' }
      : { type: 'state', userId: op.id, state: op.state },
);
const seedSnapshot: PresenceAction = {
  type: 'snapshot',
  members: initialIds.map((userId) => ({ userId, state: { role: 'audience' } })),
};

console.log(`\n# 1,000,000 mixed events (join/leave/state) on a ${CHANNEL}-member channel\n`);
const mapLoopRun = () => {
  const map = new Map<string, Member>();
  for (const id of initialIds)
    map.set(id, { userId: id, role: 'audience', state: {}, joinedAt: 0, lastSeenAt: 0 });
  for (const op of ops) {
    if (op.kind === 0)
      map.set(op.id, {
        userId: op.id,
        role: 'audience',
        state: op.state,
        joinedAt: 1,
        lastSeenAt: 1,
      });
    else if (op.kind === 1) map.delete(op.id);
    else {
      const old = map.get(op.id)!;
      map.set(op.id, { ...old, state: op.state, lastSeenAt: 2 });
    }
  }
};
function throughStore(batch: number): () => void {
  return () => {
    const store = manualStore();
    store.dispatch(seedSnapshot);
    store.flush();
    for (let i = 0; i < actions.length; i++) {
      store.dispatch(actions[i]!);
      if ((i + 1) % batch === 0) store.flush();
    }
    store.flush();
  };
}
const [mapLoop, storeBatched, storeEach] = race(
  [mapLoopRun, throughStore(1000), throughStore(1)],
  5,
) as [number, number, number];
// naive React pattern: setMembers(prev => [...prev, m]) / filter / map, O(n) per event
const NAIVE_EVENTS = 5_000;
const naive = time(() => {
  let list: Member[] = initialIds.map((id) => ({
    userId: id,
    role: 'audience',
    state: {},
    joinedAt: 0,
    lastSeenAt: 0,
  }));
  for (let i = 0; i < NAIVE_EVENTS; i++) {
    const op = ops[i]!;
    if (op.kind === 0)
      list = [
        ...list,
        { userId: op.id, role: 'audience', state: op.state, joinedAt: 1, lastSeenAt: 1 },
      ];
    else if (op.kind === 1) list = list.filter((m) => m.userId !== op.id);
    else list = list.map((m) => (m.userId === op.id ? { ...m, state: op.state } : m));
  }
}, 3);
const perMap = (mapLoop * 1e6) / EVENTS;
const perBatched = (storeBatched * 1e6) / EVENTS;
const perEach = (storeEach * 1e6) / EVENTS;
const perNaive = (naive * 1e6) / NAIVE_EVENTS;
row('baseline: bare Map loop, same edits', ms(mapLoop), ns(perMap));
row(
  'store: dispatch, flush every 1,000 events',
  ms(storeBatched),
  `${ns(perBatched)}  ${(perBatched / perMap).toFixed(2)}x Map (goal <= 3x)`,
);
row(
  'store: dispatch + flush + publish EVERY event',
  ms(storeEach),
  `${ns(perEach)}  ${(perEach / perMap).toFixed(2)}x Map`,
);
row(`naive [...prev, m] array copy (${NAIVE_EVENTS} events)`, ms(naive), `${ns(perNaive)}`);
row(
  '  store (flush every event) faster than naive by',
  `${(perNaive / perEach).toFixed(0)}x`,
  '(goal >= 50x)',
);
row('  store (batched) faster than naive by', `${(perNaive / perBatched).toFixed(0)}x`);

// ---------------------------------------------------------------------------
// 2. INTERVAL of 1,000 joins + 1,000 leaves: cost must follow the delta, not the channel
// ---------------------------------------------------------------------------
console.log('\n# INTERVAL of 1,000 joins + 1,000 leaves\n');
function intervalCost(size: number): number {
  const ROUNDS = 40;
  const ids = Array.from({ length: size }, (_, i) => `m-${i}`);
  const rounds: PresenceAction[] = [];
  let oldest = 0;
  let next = size;
  for (let r = 0; r < ROUNDS; r++) {
    const joins = Array.from({ length: 1000 }, () => `m-${next++}`);
    const leaves = Array.from({ length: 1000 }, () => `m-${oldest++}`);
    rounds.push({ type: 'interval', joins, leaves, timeouts: [], states: [], total: size + 1 });
  }
  // only the INTERVAL rounds are timed (not the setup snapshot); the median of
  // several runs, since one ~40 ms run is at the mercy of a GC pause
  const runs: number[] = [];
  for (let run = 0; run < 5; run++) {
    const store = manualStore();
    store.dispatch({ type: 'snapshot', members: ids.map((userId) => ({ userId })) });
    store.flush();
    const start = performance.now();
    for (const action of rounds) {
      store.dispatch(action);
      store.flush();
      selectCounts(store.getState());
    }
    runs.push(performance.now() - start);
  }
  return median(runs) / ROUNDS;
}
const smalls: number[] = [];
const bigs: number[] = [];
for (let i = 0; i < 3; i++) {
  smalls.push(intervalCost(1_000));
  bigs.push(intervalCost(100_000));
}
const small = median(smalls);
const big = median(bigs);
row('interval on a 1,000-member channel', ms(small), 'per INTERVAL');
row('interval on a 100,000-member channel', ms(big), 'per INTERVAL');
row('  ratio 100k / 1k', `${(big / small).toFixed(2)}x`, '(goal < 2)');

// ---------------------------------------------------------------------------
// 3. SNAPSHOT of 100,000 and memory per member
// ---------------------------------------------------------------------------
console.log('\n# SNAPSHOT of 100,000 members\n');
const N = 100_000;
const bigIds = Array.from({ length: N }, (_, i) => `viewer-${i}`);
const bigSnapshot: PresenceAction = {
  type: 'snapshot',
  members: bigIds.map((userId) => ({ userId, state: {} })),
};
const store100k = manualStore();
store100k.dispatch(bigSnapshot);
store100k.flush();
const [plainMap, snap, resnap] = race([
  () => {
    const map = new Map<string, Member>();
    for (const userId of bigIds)
      map.set(userId, { userId, role: 'unknown', state: {}, joinedAt: 0, lastSeenAt: 0 });
  },
  () => {
    const store = manualStore();
    store.dispatch(bigSnapshot);
    store.flush();
  },
  () => {
    store100k.dispatch(bigSnapshot);
    store100k.flush();
  },
]) as [number, number, number];
row('baseline: plain Map of 100,000 member objects', ms(plainMap));
row('store: first SNAPSHOT of 100,000', ms(snap), `${(snap / plainMap).toFixed(2)}x Map`);
row(
  'store: identical SNAPSHOT again (resync, no change)',
  ms(resnap),
  `${(resnap / plainMap).toFixed(2)}x Map`,
);
const audienceTime = time(() => {
  store100k.dispatch({ type: 'join', userId: `x-${rand(1e9)}` });
  store100k.flush();
  selectAudience(store100k.getState());
});
row('join + flush + selectAudience at 100,000 (O(n) rebuild)', ms(audienceTime));

function heapPerMember(build: () => unknown): number {
  gc!();
  gc!();
  const before = process.memoryUsage().heapUsed;
  const kept = build();
  gc!();
  gc!();
  const after = process.memoryUsage().heapUsed;
  void (kept as object).constructor;
  return (after - before) / N;
}
const mapBytes = heapPerMember(() => {
  const map = new Map<string, Member>();
  for (const userId of bigIds)
    map.set(userId, { userId, role: 'unknown', state: {}, joinedAt: 0, lastSeenAt: 0 });
  return map;
});
const storeBytes = heapPerMember(() => {
  // a real clock: joinedAt/lastSeenAt are then heap numbers, as in production
  const store = createPresenceStore({ schedule: () => {} });
  store.dispatch({ type: 'snapshot', members: bigIds.map((userId) => ({ userId })) });
  store.flush();
  selectCounts(store.getState());
  return store;
});
row('heap per member: plain Map + objects (ids excluded)', `${mapBytes.toFixed(0)} B`);
row(
  'heap per member: store at 100,000, empty state',
  `${storeBytes.toFixed(0)} B`,
  '(goal < 300 B; ids excluded)',
);

console.log('');
