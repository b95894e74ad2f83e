import { describe, expect, it, vi } from 'vitest';
import {
  createPresenceStore,
  isPresenceError,
  selectAudience,
  selectCounts,
  selectMember,
  selectMembers,
  type PresenceChange,
} from '../src/index';

function manualStore(options: Parameters<typeof createPresenceStore>[0] = {}) {
  const pending: (() => void)[] = [];
  let t = 0;
  const store = createPresenceStore({
    ...options,
    now: () => ++t,
    schedule: (fn) => pending.push(fn),
  });
  return { store, pending, runScheduled: () => pending.splice(0).forEach((fn) => fn()) };
}

describe('createPresenceStore', () => {
  it('applies a burst of one tick as ONE update (microtask default)', async () => {
    const store = createPresenceStore();
    const listener = vi.fn();
    store.subscribe(listener);
    store.dispatch({ type: 'join', userId: 'a' });
    store.dispatch({ type: 'join', userId: 'b' });
    store.dispatch({ type: 'leave', userId: 'a', reason: 'left' });
    expect(store.getState().members.size).toBe(0); // not applied yet
    await Promise.resolve();
    expect(listener).toHaveBeenCalledTimes(1);
    expect([...store.getState().members.keys()]).toEqual(['b']);
  });

  it('uses the injected scheduler and clock, and flush() applies synchronously', () => {
    const { store, pending } = manualStore();
    store.dispatch({ type: 'join', userId: 'a' });
    expect(pending).toHaveLength(1);
    store.flush();
    expect(store.getState().members.get('a')?.joinedAt).toBe(1);
    // the scheduled flush after a manual flush is a harmless no-op
    const before = store.getState();
    pending.splice(0).forEach((fn) => fn());
    expect(store.getState()).toBe(before);
  });

  it('does not notify when nothing changed', () => {
    const { store } = manualStore();
    store.dispatch({ type: 'join', userId: 'a' });
    store.flush();
    const listener = vi.fn();
    store.subscribe(listener);
    store.dispatch({ type: 'join', userId: 'a' });
    store.dispatch({ type: 'leave', userId: 'nobody', reason: 'left' });
    store.dispatch({ type: 'status', status: 'idle' });
    store.flush();
    expect(listener).not.toHaveBeenCalled();
  });

  it('keeps unchanged members and the count object identical across updates', () => {
    const { store } = manualStore({ selfId: 'me' });
    store.dispatch({
      type: 'snapshot',
      members: [{ userId: 'me' }, { userId: 'a' }, { userId: 'b', state: { role: 'host' } }],
    });
    store.flush();
    const a = selectMember(store.getState(), 'a');
    const counts = selectCounts(store.getState());
    const hosts = selectCounts(store.getState()).hosts;
    store.dispatch({ type: 'state', userId: 'b', state: { role: 'host', mood: 'happy' } });
    store.flush();
    expect(selectMember(store.getState(), 'a')).toBe(a);
    expect(selectCounts(store.getState())).toBe(counts);
    expect(hosts).toBe(1);
    expect(counts).toEqual({ hosts: 1, audience: 1, total: 3 });
  });

  it('delivers join/leave/timeout/state/role changes after the flush, in order', () => {
    const { store } = manualStore();
    const seen: string[] = [];
    const record = (c: PresenceChange) => {
      // state is already published when listeners run
      seen.push(`${c.type}:${c.member.userId}:${store.getState().members.has(c.member.userId)}`);
    };
    for (const type of ['join', 'leave', 'timeout', 'state', 'role'] as const)
      store.on(type, record);
    store.dispatch({ type: 'join', userId: 'a' });
    store.dispatch({ type: 'state', userId: 'a', state: { role: 'host' } });
    store.dispatch({ type: 'join', userId: 'b' });
    store.dispatch({ type: 'leave', userId: 'b', reason: 'timed-out' });
    expect(seen).toEqual([]);
    store.flush();
    expect(seen).toEqual([
      'join:a:true',
      'state:a:true',
      'role:a:true',
      'join:b:false',
      'leave:b:false',
      'timeout:b:false',
    ]);
  });

  it('unsubscribing a change listener stops it; a throwing listener does not stop others', async () => {
    const { store } = manualStore();
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onError);
    const bad = vi.fn(() => {
      throw new Error('boom');
    });
    const good = vi.fn();
    const off = store.on('join', bad);
    store.on('join', good);
    store.dispatch({ type: 'join', userId: 'a' });
    store.flush();
    expect(good).toHaveBeenCalledTimes(1);
    off();
    off();
    store.dispatch({ type: 'join', userId: 'b' });
    store.flush();
    expect(bad).toHaveBeenCalledTimes(1);
    await new Promise((r) => setTimeout(r, 0));
    process.off('uncaughtException', onError);
    expect(errors).toHaveLength(1);
  });

  it('actions dispatched by a listener during a flush are applied in a following update', () => {
    const { store } = manualStore();
    store.on('join', (c) => {
      if (c.member.userId === 'a') store.dispatch({ type: 'join', userId: 'echo' });
    });
    store.dispatch({ type: 'join', userId: 'a' });
    store.flush();
    expect([...store.getState().members.keys()]).toEqual(['a', 'echo']);
  });

  it('is one store per call, never shared', () => {
    const a = createPresenceStore();
    const b = createPresenceStore();
    a.dispatch({ type: 'join', userId: 'x' });
    a.flush();
    expect(b.getState().members.size).toBe(0);
    expect(selectMembers(b.getState())).toHaveLength(0);
  });

  it('getInitialState stays empty (server render) after updates', () => {
    const { store } = manualStore();
    store.dispatch({ type: 'join', userId: 'x' });
    store.flush();
    expect(store.getInitialState().members.size).toBe(0);
    expect(selectAudience(store.getInitialState())).toHaveLength(0);
  });

  it('rejects bad options with a typed error', () => {
    expect(() => createPresenceStore({ activityLimit: -1 })).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    try {
      createPresenceStore({ roleKey: '' });
    } catch (e) {
      expect(isPresenceError(e)).toBe(true);
    }
  });

  it('ignores dispatches after destroy', () => {
    const { store } = manualStore();
    store.destroy();
    store.dispatch({ type: 'join', userId: 'x' });
    store.flush();
    expect(store.getState().members.size).toBe(0);
  });
});
