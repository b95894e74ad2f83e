import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adaptPresenceEvent,
  createPresenceStore,
  initialPresenceState,
  reduce,
  selectCounts,
  selectHosts,
  type PresenceAction,
  type PresenceState,
} from '../src/index';

// ---- a deliberately simple reference model, rebuilt from scratch ----------
type S = Record<string, string>;
interface RefMember {
  state: S;
  explicit?: 'host' | 'audience';
}
interface Ref {
  order: string[];
  members: Record<string, RefMember>;
  rtc: string[];
  self: string | null;
  reported: number | null;
  source: string;
  stale: boolean;
  synced: boolean;
  ignored: number;
}
const freshRef = (): Ref => ({
  order: [],
  members: {},
  rtc: [],
  self: null,
  reported: null,
  source: 'list',
  stale: false,
  synced: false,
  ignored: 0,
});

/** an empty list that was never loaded is not stale */
function markStale(ref: Ref): void {
  if (ref.synced || ref.order.length > 0) ref.stale = true;
}

function refRole(ref: Ref, id: string): string {
  const m = ref.members[id]!;
  if (ref.rtc.includes(id) || (m.state.rtcUid !== undefined && ref.rtc.includes(m.state.rtcUid)))
    return 'host';
  if (m.explicit) return m.explicit;
  return m.state.role === 'host' || m.state.role === 'audience' ? m.state.role : 'unknown';
}

function refAdd(ref: Ref, id: string, state: S | undefined, role?: 'host' | 'audience'): void {
  const m = ref.members[id];
  if (m) {
    if (state) m.state = { ...state };
    if (role) m.explicit = role;
    return;
  }
  ref.members[id] = { state: { ...(state ?? {}) }, ...(role ? { explicit: role } : {}) };
  ref.order.push(id);
  if (ref.reported !== null) ref.reported++;
}

function refRemove(ref: Ref, id: string): void {
  if (!ref.members[id]) return;
  delete ref.members[id];
  ref.order = ref.order.filter((x) => x !== id);
  if (ref.reported !== null) ref.reported = Math.max(0, ref.reported - 1);
}

function refApply(ref: Ref, a: PresenceAction | 'garbage'): Ref {
  if (a === 'garbage') {
    ref.ignored++;
    return ref;
  }
  switch (a.type) {
    case 'snapshot': {
      const next: Ref['members'] = {};
      const order: string[] = [];
      for (const row of a.members) {
        if (!order.includes(row.userId)) order.push(row.userId);
        const old = next[row.userId] ?? ref.members[row.userId];
        next[row.userId] = {
          state: { ...(row.state ?? old?.state ?? {}) },
          ...(row.role ? { explicit: row.role } : old?.explicit ? { explicit: old.explicit } : {}),
        };
      }
      ref.members = next;
      ref.order = order;
      ref.reported = a.total ?? null;
      ref.source = a.total === undefined ? 'list' : 'who-now';
      ref.stale = false;
      ref.synced = true;
      return ref;
    }
    case 'join':
      refAdd(ref, a.userId, a.state, a.role);
      return ref;
    case 'leave':
      refRemove(ref, a.userId);
      return ref;
    case 'state':
      refAdd(ref, a.userId, a.state);
      return ref;
    case 'role':
      refAdd(ref, a.userId, undefined, a.role);
      return ref;
    case 'interval':
      for (const id of a.joins) refAdd(ref, id, undefined);
      for (const row of a.states) refAdd(ref, row.userId, row.state);
      for (const id of [...a.leaves, ...a.timeouts]) refRemove(ref, id);
      ref.reported = a.total;
      ref.source = 'interval';
      return ref;
    case 'rtc-hosts':
      ref.rtc = [...a.userIds];
      return ref;
    case 'status':
      if (['reconnecting', 'disconnected', 'failed'].includes(a.status)) markStale(ref);
      return ref;
    case 'invalidate':
      markStale(ref);
      return ref;
    case 'self':
      ref.self = a.userId;
      return ref;
    case 'occupancy':
      ref.reported = a.total;
      ref.source = a.source;
      return ref;
    case 'ignored':
      ref.ignored++;
      return ref;
    case 'reset':
      return { ...freshRef(), self: ref.self };
  }
}

// ---- generators -------------------------------------------------------------
const id = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'me');
const state = fc.constantFrom<S>(
  {},
  { role: 'host' },
  { role: 'audience' },
  { rtcUid: '1' },
  { role: 'host', x: '1' },
  { role: 'nope' },
);
const role = fc.constantFrom<'host' | 'audience'>('host', 'audience');
const total = fc.nat({ max: 50 });
const action: fc.Arbitrary<PresenceAction | 'garbage'> = fc.oneof(
  fc.record({
    type: fc.constant('join' as const),
    userId: id,
    state: fc.option(state, { nil: undefined }),
    role: fc.option(role, { nil: undefined }),
  }),
  fc.record({ type: fc.constant('join' as const), userId: id }),
  fc.record({
    type: fc.constant('leave' as const),
    userId: id,
    reason: fc.constantFrom('left' as const, 'timed-out' as const),
  }),
  fc.record({ type: fc.constant('state' as const), userId: id, state }),
  fc.record({ type: fc.constant('role' as const), userId: id, role }),
  fc.record({
    type: fc.constant('snapshot' as const),
    members: fc.array(
      fc.record({
        userId: id,
        state: fc.option(state, { nil: undefined }),
        role: fc.option(role, { nil: undefined }),
      }),
      { maxLength: 6 },
    ),
    total: fc.option(total, { nil: undefined }),
  }),
  fc.record({
    type: fc.constant('interval' as const),
    joins: fc.uniqueArray(id, { maxLength: 3 }),
    leaves: fc.uniqueArray(id, { maxLength: 2 }),
    timeouts: fc.uniqueArray(id, { maxLength: 2 }),
    states: fc.array(fc.record({ userId: id, state }), { maxLength: 2 }),
    total,
  }),
  fc.record({
    type: fc.constant('rtc-hosts' as const),
    userIds: fc.uniqueArray(fc.constantFrom('a', 'b', '1', '2'), { maxLength: 3 }),
  }),
  fc.record({
    type: fc.constant('status' as const),
    status: fc.constantFrom(
      'connected' as const,
      'reconnecting' as const,
      'failed' as const,
      'connecting' as const,
    ),
  }),
  fc.record({ type: fc.constant('self' as const), userId: fc.option(id, { nil: null }) }),
  fc.record({
    type: fc.constant('occupancy' as const),
    total,
    source: fc.constantFrom('who-now' as const, 'server' as const),
  }),
  fc.constant({ type: 'invalidate' as const }),
  fc.constant({ type: 'reset' as const }),
  fc.constant('garbage' as const),
);
const GARBAGE = [
  { type: 'join' },
  { type: 'teleport', userId: 'a' },
  null,
  { type: 'snapshot', members: [{}] },
  { type: 'state', userId: 'a', state: null },
  { type: 'state', userId: 'a' },
  { type: 'join', userId: 'a', state: 5 },
  { type: 'leave', userId: 'a', reason: 'vanished' },
  { type: 'snapshot', members: [{ userId: 'a', state: 'x' }] },
  {
    type: 'interval',
    joins: ['a'],
    leaves: [],
    timeouts: [],
    states: [{ userId: 'b', state: null }],
    total: 1,
  },
  { type: 'interval', joins: ['a', 7], leaves: [], timeouts: [], states: [], total: 1 },
  { type: 'occupancy', total: Number.NaN, source: 'server' },
  { type: 'rtc-hosts', userIds: 'a' },
];

function toReal(a: PresenceAction | 'garbage', i: number): PresenceAction {
  return a === 'garbage' ? (GARBAGE[(i * 7) % GARBAGE.length] as unknown as PresenceAction) : a;
}

function check(s: PresenceState, ref: Ref): void {
  expect([...s.members.keys()]).toEqual(ref.order);
  for (const key of ref.order) {
    const m = s.members.get(key)!;
    expect(m.state).toEqual(ref.members[key]!.state);
    expect(m.role).toBe(refRole(ref, key));
  }
  const size = ref.order.length;
  expect(s.occupancy.total).toBe(ref.reported === null ? size : Math.max(ref.reported, size));
  expect(s.hostCount).toBe(selectHosts(s).length);
  expect(s.staleness.stale).toBe(ref.stale);
  expect(s.selfId).toBe(ref.self);
  const d = s.diagnostics;
  expect(d.malformed + d.unknownType + d.foreignChannel).toBe(ref.ignored);
  const counts = selectCounts(s);
  expect(counts.hosts + counts.audience).toBeLessThanOrEqual(counts.total);
}

describe('reducer vs a simple reference model (fast-check)', () => {
  it('reduce agrees with the reference after every action', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 40 }), (actions) => {
        let s = initialPresenceState();
        let ref = freshRef();
        actions.forEach((a, i) => {
          s = reduce(s, toReal(a, i), i);
          ref = refApply(ref, a);
          check(s, ref);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('the store (in place, random flush points) ends where reduce ends, and never mutates members', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(action, fc.boolean()), { maxLength: 40 }), (steps) => {
        const store = createPresenceStore({ schedule: () => {}, now: () => 0 });
        let s = initialPresenceState();
        steps.forEach(([a, flushNow], i) => {
          const real = toReal(a, i);
          s = reduce(s, real, 0);
          const before = [...store.getState().members.values()].map((m) => ({ ...m }));
          const objects = [...store.getState().members.values()];
          store.dispatch(real);
          if (flushNow) store.flush();
          // member objects are immutable: whatever was published is unchanged
          objects.forEach((m, k) => expect(m).toEqual(before[k]));
        });
        store.flush();
        const got = store.getState();
        expect([...got.members.values()].map((m) => [m.userId, m.role, m.state])).toEqual(
          [...s.members.values()].map((m) => [m.userId, m.role, m.state]),
        );
        expect(got.occupancy).toEqual(s.occupancy);
        expect(got.hostCount).toBe(s.hostCount);
        expect(got.diagnostics).toEqual(s.diagnostics);
      }),
      { numRuns: 300 },
    );
  });

  it('a change to one member keeps every other member object', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 20 }), id, state, (actions, who, st) => {
        let s = initialPresenceState();
        actions.forEach((a, i) => (s = reduce(s, toReal(a, i), i)));
        const next = reduce(s, { type: 'state', userId: who, state: st }, 99);
        for (const [key, m] of s.members) if (key !== who) expect(next.members.get(key)).toBe(m);
      }),
    );
  });

  it('the adapter and reducer never throw on arbitrary input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record({
            eventType: fc.constantFrom(
              'SNAPSHOT',
              'INTERVAL',
              'REMOTE_JOIN',
              'REMOTE_STATE_CHANGED',
              'X',
            ),
            channelName: fc.constantFrom('live', 'other'),
            publisher: fc.anything(),
            stateChanged: fc.anything(),
            interval: fc.anything(),
            snapshot: fc.anything(),
          }),
        ),
        (input) => {
          const actions = adaptPresenceEvent(input, 'live');
          let s = initialPresenceState();
          for (const a of actions) s = reduce(s, a, 1);
          reduce(s, input as PresenceAction, 2);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
