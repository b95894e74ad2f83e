import { describe, expect, it } from 'vitest';
import {
  EMPTY_MEMBER_LIST,
  createPresenceStore,
  selectActivity,
  selectAudience,
  selectCounts,
  selectDiagnostics,
  selectError,
  selectHosts,
  selectIsStale,
  selectMemberIds,
  selectMembers,
  selectOccupancy,
  selectSelf,
  selectStaleness,
  selectStatus,
} from '../src/index';

function seeded(options: Parameters<typeof createPresenceStore>[0] = { selfId: 'me' }) {
  let t = 100;
  const store = createPresenceStore({ ...options, now: () => t++, schedule: () => {} });
  store.dispatch({
    type: 'snapshot',
    members: [
      { userId: 'me', state: { role: 'audience' } },
      { userId: 'h', state: { role: 'host' } },
      { userId: 'a' },
      { userId: 'b', state: { role: 'audience' } },
    ],
  });
  store.flush();
  return store;
}

describe('selectors', () => {
  it('return frozen module-level empties for an empty store', () => {
    const s = createPresenceStore().getState();
    expect(selectMembers(s)).toBe(EMPTY_MEMBER_LIST);
    expect(selectHosts(s)).toBe(EMPTY_MEMBER_LIST);
    expect(selectAudience(s)).toBe(EMPTY_MEMBER_LIST);
    expect(selectMemberIds(s)).toEqual([]);
    expect(Object.isFrozen(selectActivity(s))).toBe(true);
  });

  it('split hosts and audience; self is excluded from the audience by default', () => {
    const store = seeded();
    const s = store.getState();
    expect(selectHosts(s).map((m) => m.userId)).toEqual(['h']);
    expect(selectAudience(s).map((m) => m.userId)).toEqual(['a', 'b']);
    expect(selectAudience(s, true).map((m) => m.userId)).toEqual(['me', 'a', 'b']);
    expect(selectCounts(s)).toEqual({ hosts: 1, audience: 2, total: 4 });
    expect(selectCounts(s, true)).toEqual({ hosts: 1, audience: 3, total: 4 });
    expect(selectSelf(s)?.userId).toBe('me');
    expect(selectMemberIds(s)).toEqual(['me', 'h', 'a', 'b']);
  });

  it('includeSelfInAudience option flips the default', () => {
    const store = seeded({ selfId: 'me', includeSelfInAudience: true });
    expect(selectAudience(store.getState())).toHaveLength(3);
    expect(selectCounts(store.getState()).audience).toBe(3);
  });

  it('never return a fresh array for unchanged data', () => {
    const store = seeded();
    const s = store.getState();
    expect(selectMembers(s)).toBe(selectMembers(s));
    const hosts = selectHosts(s);
    const audience = selectAudience(s);
    // an audience member changes: the host list keeps its identity
    store.dispatch({ type: 'state', userId: 'a', state: { mood: 'x' } });
    store.flush();
    const s2 = store.getState();
    expect(selectHosts(s2)).toBe(hosts);
    expect(selectAudience(s2)).not.toBe(audience);
    expect(Object.isFrozen(selectAudience(s2))).toBe(true);
  });

  it('stay stable when callers alternate arguments or states (React calls getSnapshot repeatedly)', () => {
    const store = seeded();
    const live = store.getState();
    const server = store.getInitialState();
    const a1 = selectCounts(live);
    const b1 = selectCounts(live, true);
    const m1 = selectMembers(live);
    expect(selectMembers(server)).toBe(EMPTY_MEMBER_LIST);
    expect(selectCounts(live)).toBe(a1);
    expect(selectCounts(live, true)).toBe(b1);
    expect(selectMembers(live)).toBe(m1);
    expect(selectAudience(live, true)).toBe(selectAudience(live, true));
    expect(selectAudience(live)).toBe(selectAudience(live));
  });

  it('counts the audience from totalOccupancy in interval mode', () => {
    const store = seeded();
    store.dispatch({
      type: 'interval',
      joins: ['c'],
      leaves: [],
      timeouts: [],
      states: [],
      total: 10_000,
    });
    store.flush();
    const s = store.getState();
    expect(selectOccupancy(s)).toEqual({ total: 10_000, source: 'interval' });
    expect(selectCounts(s)).toEqual({ hosts: 1, audience: 9_998, total: 10_000 });
    // a single join afterwards moves the reported total along
    store.dispatch({ type: 'join', userId: 'd' });
    store.flush();
    expect(selectCounts(store.getState()).total).toBe(10_001);
  });

  it('expose status, staleness, error, diagnostics and activity', () => {
    const store = seeded();
    store.dispatch({ type: 'status', status: 'reconnecting' });
    store.dispatch({ type: 'ignored', why: 'malformed', detail: 'x' });
    store.dispatch({ type: 'leave', userId: 'a', reason: 'left' });
    store.flush();
    const s = store.getState();
    expect(selectStatus(s)).toBe('reconnecting');
    expect(selectIsStale(s)).toBe(true);
    expect(selectStaleness(s).since).toBeTypeOf('number');
    expect(selectError(s)).toBeNull();
    expect(selectDiagnostics(s).malformed).toBe(1);
    expect(selectActivity(s)).toEqual([
      expect.objectContaining({ kind: 'leave', userId: 'a', reason: 'left' }),
    ]);
    expect(selectActivity(s)).toBe(selectActivity(s));
  });
});
