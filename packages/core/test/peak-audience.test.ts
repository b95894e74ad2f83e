import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createPresenceStore,
  initialPresenceState,
  reduce,
  selectCounts,
  selectPeakAudience,
  type PresenceAction,
  type PresenceStore,
} from '../src/index';

const T0 = Date.UTC(2026, 11, 1, 20, 0, 0);

function apply(store: PresenceStore, ...actions: PresenceAction[]): void {
  for (const action of actions) store.dispatch(action);
  store.flush();
}

const joins = (...ids: string[]): PresenceAction[] =>
  ids.map((userId) => ({ type: 'join', userId }));

describe('peak audience (state.peak, selectPeakAudience)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is zero with no time before anyone came', () => {
    const store = createPresenceStore({ selfId: 'me' });
    const initial = selectPeakAudience(store.getState());
    expect(initial).toEqual({ audience: 0, at: null, since: null });
    apply(store, { type: 'join', userId: 'me' }); // the local user is not audience
    expect(selectPeakAudience(store.getState())).toBe(initial);
  });

  it('keeps the highest count and the time it was FIRST reached', () => {
    const store = createPresenceStore();
    apply(store, ...joins('a', 'b'));
    vi.advanceTimersByTime(1_000);
    apply(store, ...joins('c'));
    const three = selectPeakAudience(store.getState());
    expect(three).toEqual({ audience: 3, at: T0 + 1_000, since: null });
    vi.advanceTimersByTime(1_000);
    apply(store, { type: 'leave', userId: 'a', reason: 'left' });
    vi.advanceTimersByTime(1_000);
    apply(store, ...joins('d')); // back to 3: not a new peak
    expect(selectPeakAudience(store.getState())).toBe(three);
    vi.advanceTimersByTime(1_000);
    apply(store, ...joins('e'));
    expect(selectPeakAudience(store.getState())).toEqual({
      audience: 4,
      at: T0 + 4_000,
      since: null,
    });
  });

  it('counts the audience only: hosts and the local user are left out, as in selectCounts', () => {
    const store = createPresenceStore({ selfId: 'me' });
    apply(
      store,
      { type: 'join', userId: 'me' },
      { type: 'join', userId: 'h', role: 'host' },
      ...joins('a', 'b'),
    );
    expect(selectCounts(store.getState()).audience).toBe(2);
    expect(selectPeakAudience(store.getState()).audience).toBe(2);
    const withSelf = createPresenceStore({ selfId: 'me', includeSelfInAudience: true });
    apply(withSelf, { type: 'join', userId: 'me' }, ...joins('a'));
    expect(selectPeakAudience(withSelf.getState()).audience).toBe(2);
  });

  it("follows Agora's totalOccupancy in interval mode, not the list length", () => {
    const store = createPresenceStore({ selfId: 'me' });
    apply(store, { type: 'join', userId: 'me' }, ...joins('a'));
    vi.advanceTimersByTime(30_000);
    apply(store, {
      type: 'interval',
      joins: ['b'],
      leaves: [],
      timeouts: [],
      states: [],
      total: 5_000,
    });
    expect(store.getState().members.size).toBe(3);
    // 5,000 in the channel, minus the local user
    expect(selectPeakAudience(store.getState())).toEqual({
      audience: 4_999,
      at: T0 + 30_000,
      since: null,
    });
  });

  it('starts again at a reset (the next join, a leave, a channel switch)', () => {
    const store = createPresenceStore();
    apply(store, ...joins('a', 'b', 'c'));
    vi.advanceTimersByTime(5_000);
    apply(store, { type: 'reset' });
    expect(selectPeakAudience(store.getState())).toEqual({
      audience: 0,
      at: null,
      since: T0 + 5_000,
    });
    vi.advanceTimersByTime(1_000);
    apply(store, ...joins('x'));
    expect(selectPeakAudience(store.getState())).toEqual({
      audience: 1,
      at: T0 + 6_000,
      since: T0 + 5_000,
    });
  });

  it('is the same in the pure reduce', () => {
    let state = initialPresenceState();
    state = reduce(state, { type: 'join', userId: 'a' }, 10);
    state = reduce(state, { type: 'join', userId: 'b' }, 20);
    state = reduce(state, { type: 'leave', userId: 'a', reason: 'timed-out' }, 30);
    expect(selectPeakAudience(state)).toEqual({ audience: 2, at: 20, since: null });
  });
});
