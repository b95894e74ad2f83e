import { describe, expect, it } from 'vitest';
import { INITIAL_LINK, mapLinkState, type LinkMemory } from '../src/sources/rtm/link-state';
import { looksDegraded, partialListActions } from '../src/sources/rtm/degraded';

/** feeds states through mapLinkState, returning each dispatched status */
function run(states: readonly (string | Record<string, unknown>)[]) {
  let link: LinkMemory = INITIAL_LINK;
  return states.map((state) => {
    const event = typeof state === 'string' ? { currentState: state } : state;
    const outcome = mapLinkState(event, link);
    link = outcome.link;
    const action = outcome.action;
    return {
      status: action?.type === 'status' ? action.status : (action?.type ?? null),
      reconnected: outcome.reconnected,
      loggedOut: outcome.loggedOut,
    };
  });
}

describe('mapLinkState (pure)', () => {
  it('connecting before the first connection, reconnecting after; a reconcile only after a lost link', () => {
    const out = run([
      'CONNECTING',
      'CONNECTED',
      'CONNECTED',
      'DISCONNECTED',
      'CONNECTING',
      { currentState: 'CONNECTED', isResumed: false },
      'SUSPENDED',
      { currentState: 'CONNECTED', isResumed: true },
    ]);
    expect(out.map((o) => o.status)).toEqual([
      'connecting',
      'connected',
      'connected',
      'reconnecting',
      'reconnecting',
      'connected',
      'reconnecting',
      'connected',
    ]);
    expect(out.map((o) => o.reconnected)).toEqual([
      null,
      null,
      null,
      null,
      null,
      { resubscribe: true },
      null,
      { resubscribe: false },
    ]);
  });

  it('FAILED carries the reason as a typed error; IDLE is a logout; STREAM and junk are not ours', () => {
    const failed = mapLinkState(
      { currentState: 'FAILED', reasonCode: 'SAME_UID_LOGIN' },
      INITIAL_LINK,
    );
    expect(failed.action).toMatchObject({
      type: 'status',
      status: 'failed',
      error: { code: 'RTM_SAME_UID_LOGIN' },
    });
    expect(failed.link.lostLink).toBe(true);
    expect(run(['IDLE'])[0]).toMatchObject({ status: 'idle', loggedOut: true });
    expect(run(['CONNECTED', 'IDLE'])[1]).toMatchObject({ status: 'disconnected' });
    const stream = mapLinkState({ currentState: 'FAILED', serviceType: 'STREAM' }, INITIAL_LINK);
    expect(stream).toMatchObject({ action: null, link: INITIAL_LINK });
    expect(mapLinkState(null, INITIAL_LINK).action).toMatchObject({ type: 'ignored' });
    expect(mapLinkState({ currentState: 'WHAT' }, INITIAL_LINK).action).toMatchObject({
      type: 'ignored',
      why: 'malformed',
    });
  });
});

describe('degraded-mode lists (pure)', () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => ({ userId: `u${i}`, state: {} }));

  it('a stateless list of one full fallback page, or smaller than what we had, is partial', () => {
    expect(looksDegraded(ids(200), () => 0)).toBe(true);
    expect(looksDegraded(ids(5), () => 9)).toBe(true);
    expect(looksDegraded(ids(5), () => 5)).toBe(false);
    expect(looksDegraded([{ state: { name: 'A' } }], () => 9)).toBe(false);
    expect(looksDegraded(ids(201), () => 1000)).toBe(false);
    expect(looksDegraded([], () => 9)).toBe(false);
  });

  it('a partial list adds whom it names (a snapshot only into an empty list) and marks it stale', () => {
    expect(partialListActions(ids(2), null, 0).map((a) => a.type)).toEqual([
      'snapshot',
      'invalidate',
    ]);
    const actions = partialListActions(ids(2), 900, 4);
    expect(actions.map((a) => a.type)).toEqual(['join', 'join', 'occupancy', 'invalidate']);
    expect(actions.at(-1)).toMatchObject({ error: { code: 'PRESENCE_DEGRADED' } });
  });
});
