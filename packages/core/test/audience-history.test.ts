import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createAudienceHistory,
  createPresenceStore,
  isPresenceError,
  selectPeakAudience,
  type PresenceAction,
  type PresenceStore,
  type Timers,
} from '../src/index';

// 20:00:00.000 UTC: steps of 1 s start on whole seconds
const T0 = Date.UTC(2026, 11, 1, 20, 0, 0);

function apply(store: PresenceStore, ...actions: PresenceAction[]): void {
  for (const action of actions) store.dispatch(action);
  store.flush();
}
const join = (userId: string, role?: 'host'): PresenceAction =>
  role === undefined ? { type: 'join', userId } : { type: 'join', userId, role };
const leave = (userId: string): PresenceAction => ({ type: 'leave', userId, reason: 'left' });

describe('createAudienceHistory', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('records one sample per step: the highest counts in it, counting those already there', () => {
    const store = createPresenceStore();
    apply(store, join('h', 'host'), join('a'));
    const history = createAudienceHistory(store, { resolutionMs: 1_000, windowMs: 60_000 });
    vi.advanceTimersByTime(200);
    apply(store, join('b'), join('c')); // 3 at 20:00:00.2
    vi.advanceTimersByTime(300);
    apply(store, leave('b'), leave('c'), leave('a')); // 0 at 20:00:00.5
    expect(history.getSnapshot()).toEqual([]); // the step has not ended
    vi.advanceTimersByTime(500);
    expect(history.getSnapshot()).toEqual([{ t: T0, audience: 3, hosts: 1 }]);
    vi.advanceTimersByTime(1_000); // nothing happened: the level held
    expect(history.getSnapshot()).toEqual([
      { t: T0, audience: 3, hosts: 1 },
      { t: T0 + 1_000, audience: 0, hosts: 1 },
    ]);
    history.destroy();
  });

  it('notifies at most once per step however many updates come, and keeps the array until then', () => {
    const store = createPresenceStore();
    const history = createAudienceHistory(store, { resolutionMs: 1_000 });
    const listener = vi.fn();
    history.subscribe(listener);
    let n = 0;
    for (let i = 0; i < 100; i++) {
      // one update every 100 ms for 10 s
      apply(store, join(`u${n++}`));
      const before = history.getSnapshot();
      vi.advanceTimersByTime(100);
      if ((i + 1) % 10 !== 0) expect(history.getSnapshot()).toBe(before);
    }
    expect(listener).toHaveBeenCalledTimes(10);
    const samples = history.getSnapshot();
    expect(samples.map((s) => s.t)).toEqual(Array.from({ length: 10 }, (_, i) => T0 + i * 1_000));
    expect(samples.map((s) => s.audience)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(Object.isFrozen(samples)).toBe(true);
    history.destroy();
  });

  it("takes the audience from Agora's totalOccupancy in interval mode (selectCounts' rule)", () => {
    const store = createPresenceStore({ selfId: 'me' });
    apply(store, join('me'), join('a'));
    const history = createAudienceHistory(store, { resolutionMs: 10_000 });
    vi.advanceTimersByTime(4_000);
    apply(store, {
      type: 'interval',
      joins: ['b'],
      leaves: [],
      timeouts: [],
      states: [],
      total: 48_210,
    });
    vi.advanceTimersByTime(6_000);
    // 48,210 in the channel minus the local user, although the list names three
    expect(history.getSnapshot()).toEqual([{ t: T0, audience: 48_209, hosts: 0 }]);
    expect(history.getSnapshot()[0]?.audience).toBe(selectPeakAudience(store.getState()).audience);
    history.destroy();
  });

  it('keeps only the window (a bounded ring), oldest first', () => {
    const store = createPresenceStore();
    const history = createAudienceHistory(store, { resolutionMs: 1_000, windowMs: 5_000 });
    expect(history.capacity).toBe(5);
    for (let i = 0; i < 12; i++) {
      apply(store, join(`u${i}`));
      vi.advanceTimersByTime(1_000);
    }
    const samples = history.getSnapshot();
    expect(samples.map((s) => s.t)).toEqual([7, 8, 9, 10, 11].map((i) => T0 + i * 1_000));
    expect(samples.map((s) => s.audience)).toEqual([8, 9, 10, 11, 12]);
    history.destroy();
  });

  it('fills the steps a late timer missed (a background tab) with the level that held, in one notification', () => {
    const store = createPresenceStore();
    const sleepy: Timers = { setTimeout: () => 0, clearTimeout: () => undefined }; // never fires
    const history = createAudienceHistory(store, { resolutionMs: 1_000, timers: sleepy });
    const listener = vi.fn();
    history.subscribe(listener);
    apply(store, join('a'), join('b'));
    vi.setSystemTime(T0 + 3_500);
    apply(store, join('c')); // the first update after 3.5 s closes three steps
    expect(listener).toHaveBeenCalledTimes(1);
    expect(history.getSnapshot()).toEqual([
      { t: T0, audience: 2, hosts: 0 },
      { t: T0 + 1_000, audience: 2, hosts: 0 },
      { t: T0 + 2_000, audience: 2, hosts: 0 },
    ]);
    history.destroy();
  });

  it('starts again when the store is reset (the next join or a leave)', () => {
    const store = createPresenceStore();
    apply(store, join('a'));
    const history = createAudienceHistory(store, { resolutionMs: 1_000 });
    vi.advanceTimersByTime(3_000);
    expect(history.getSnapshot()).toHaveLength(3);
    const listener = vi.fn();
    history.subscribe(listener);
    vi.advanceTimersByTime(200);
    apply(store, { type: 'reset' });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(history.getSnapshot()).toEqual([]);
    apply(store, join('x'));
    vi.advanceTimersByTime(800);
    expect(history.getSnapshot()).toEqual([{ t: T0 + 3_000, audience: 1, hosts: 0 }]);
    history.destroy();
  });

  it('stops its timer and store subscription on destroy', () => {
    const store = createPresenceStore();
    const history = createAudienceHistory(store, { resolutionMs: 1_000 });
    const listener = vi.fn();
    history.subscribe(listener);
    expect(vi.getTimerCount()).toBe(1);
    history.destroy();
    expect(vi.getTimerCount()).toBe(0);
    apply(store, join('a'));
    vi.advanceTimersByTime(5_000);
    expect(listener).not.toHaveBeenCalled();
    expect(history.getSnapshot()).toEqual([]);
  });

  it('rejects options it cannot honour with INVALID_ARGUMENT', () => {
    const store = createPresenceStore();
    for (const options of [
      { resolutionMs: 0 },
      { resolutionMs: 1.5 },
      { resolutionMs: 1_000, windowMs: 999 },
      { resolutionMs: 1, windowMs: 86_400_000 }, // 86.4 M samples
    ]) {
      let error: unknown;
      try {
        createAudienceHistory(store, options);
      } catch (e) {
        error = e;
      }
      expect(isPresenceError(error) && error.code === 'INVALID_ARGUMENT').toBe(true);
    }
    // 24 h at 1 s is allowed
    createAudienceHistory(store, { resolutionMs: 1_000, windowMs: 86_400_000 }).destroy();
  });
});
