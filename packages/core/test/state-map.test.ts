/**
 * One copy of a state map from outside, used by the RTM adapter (rejects a
 * non-string value), the reducer (drops it) and the whoNow pages (drop it):
 * all three keep the same frozen string map.
 */
import { describe, expect, it } from 'vitest';
import type { WhoNowResponse } from 'agora-rtm-sdk';
import { adaptPresenceEvent, initialPresenceState, reduce } from '../src/index';
import { EMPTY_STATE } from '../src/state';
import { copyStateMap } from '../src/state-map';
import { fetchWhoNowPages } from '../src/sources/rtm/who-now-pages';

const messy = { name: 'Ana', age: 7, avatar: 'a.png', gone: null } as unknown as object;

describe('copyStateMap', () => {
  it('keeps string values, frozen, and says when it dropped one', () => {
    const { state, dropped } = copyStateMap(messy);
    expect(state).toEqual({ name: 'Ana', avatar: 'a.png' });
    expect(Object.isFrozen(state)).toBe(true);
    expect(dropped).toBe(true);
    expect(copyStateMap({ a: 'x' }).dropped).toBe(false);
    expect(copyStateMap({}).state).toBe(EMPTY_STATE);
    expect(copyStateMap({ n: 1 }).state).toBe(EMPTY_STATE);
  });

  it('adapter, reducer and whoNow pages agree on a state map', async () => {
    const event = {
      eventType: 'REMOTE_STATE_CHANGED',
      channelName: 'live',
      publisher: 'ana',
      stateChanged: messy,
    };
    // the adapter rejects a malformed event outright
    expect(adaptPresenceEvent(event, 'live')).toEqual([
      expect.objectContaining({ type: 'ignored', why: 'malformed' }),
    ]);
    // the reducer keeps the string values of a canonical action from plain JS
    const joined = reduce(initialPresenceState(), { type: 'join', userId: 'ana' });
    const reduced = reduce(joined, { type: 'state', userId: 'ana', state: messy as never });
    const fromReducer = reduced.members.get('ana')?.state;
    // the whoNow pages keep them too, frozen like the reducer's
    const page: Partial<WhoNowResponse> = {
      occupants: [{ userId: 'ana', states: messy as never, statesCount: 4 }],
      nextPage: '',
      totalOccupancy: 1,
    };
    const presence = { whoNow: () => Promise.resolve(page as WhoNowResponse) } as never;
    const { rows } = await fetchWhoNowPages(presence, 'live', (call) => call());
    const fromWhoNow = rows[0]?.state;
    expect(fromReducer).toEqual({ name: 'Ana', avatar: 'a.png' });
    expect(fromWhoNow).toEqual(fromReducer);
    expect(Object.isFrozen(fromWhoNow)).toBe(true);
  });
});
