import { describe, expect, it } from 'vitest';
import type { RTMEvents } from 'agora-rtm-sdk';
import { adaptPresenceEvent } from '../src/index';

const base: RTMEvents.PresenceEvent = {
  eventType: 'NONE',
  channelType: 'MESSAGE',
  channelName: 'live',
  publisher: '',
  stateChanged: {},
  interval: null,
  snapshot: [],
  timestamp: 1,
};
const ev = (patch: Partial<RTMEvents.PresenceEvent>): RTMEvents.PresenceEvent => ({
  ...base,
  ...patch,
});
const list = (users: string[]) => ({ users, userCount: users.length });

describe('adaptPresenceEvent', () => {
  it('SNAPSHOT becomes one snapshot action with frozen states', () => {
    const [action] = adaptPresenceEvent(
      ev({
        eventType: 'SNAPSHOT',
        snapshot: [
          { userId: 'a', states: { role: 'host' }, statesCount: 1 },
          { userId: 'b', states: {}, statesCount: 0 },
        ],
      }),
      'live',
    );
    expect(action).toEqual({
      type: 'snapshot',
      members: [
        { userId: 'a', state: { role: 'host' } },
        { userId: 'b', state: {} },
      ],
    });
    if (action?.type !== 'snapshot') throw new Error('unreachable');
    expect(Object.isFrozen(action.members[0]?.state)).toBe(true);
  });

  it('snapshot: [] on other event types is not a snapshot', () => {
    expect(
      adaptPresenceEvent(ev({ eventType: 'REMOTE_JOIN', publisher: 'x', snapshot: [] }), 'live'),
    ).toEqual([{ type: 'join', userId: 'x' }]);
    expect(adaptPresenceEvent(ev({ eventType: 'NONE' }), 'live')).toEqual([]);
  });

  it('INTERVAL becomes one interval action carrying totalOccupancy', () => {
    const actions = adaptPresenceEvent(
      ev({
        eventType: 'INTERVAL',
        interval: {
          join: list(['a']),
          leave: list(['b']),
          timeout: list(['c']),
          userStateList: [{ userId: 'd', states: { role: 'host' }, statesCount: 1 }],
          totalOccupancy: 9000,
        },
      }),
      'live',
    );
    expect(actions).toEqual([
      {
        type: 'interval',
        joins: ['a'],
        leaves: ['b'],
        timeouts: ['c'],
        states: [{ userId: 'd', state: { role: 'host' } }],
        total: 9000,
      },
    ]);
  });

  it('maps REMOTE_* events', () => {
    expect(adaptPresenceEvent(ev({ eventType: 'REMOTE_LEAVE', publisher: 'a' }), 'live')).toEqual([
      { type: 'leave', userId: 'a', reason: 'left' },
    ]);
    expect(adaptPresenceEvent(ev({ eventType: 'REMOTE_TIMEOUT', publisher: 'a' }), 'live')).toEqual(
      [{ type: 'leave', userId: 'a', reason: 'timed-out' }],
    );
    expect(
      adaptPresenceEvent(
        ev({ eventType: 'REMOTE_STATE_CHANGED', publisher: 'a', stateChanged: {} }),
        'live',
      ),
    ).toEqual([{ type: 'state', userId: 'a', state: {} }]);
    expect(
      adaptPresenceEvent(
        ev({ eventType: 'REMOTE_JOIN', publisher: 'a', stateChanged: { role: 'host' } }),
        'live',
      ),
    ).toEqual([{ type: 'join', userId: 'a', state: { role: 'host' } }]);
  });

  it('ERROR_OUT_OF_SERVICE invalidates the list with a typed error', () => {
    const [action] = adaptPresenceEvent(ev({ eventType: 'ERROR_OUT_OF_SERVICE' }), 'live');
    expect(action).toMatchObject({
      type: 'invalidate',
      error: { code: 'PRESENCE_OUT_OF_SERVICE' },
    });
  });

  it('ignores other channels, unknown types and malformed events without throwing', () => {
    const cases: [unknown, string][] = [
      [ev({ eventType: 'REMOTE_JOIN', publisher: 'a', channelName: 'other' }), 'foreign-channel'],
      [{ ...base, eventType: 'REMOTE_TELEPORT' }, 'unknown-type'],
      [null, 'malformed'],
      ['SNAPSHOT', 'malformed'],
      [{ ...base, eventType: 7 }, 'malformed'],
      [{ ...base, channelName: undefined, eventType: 'REMOTE_JOIN', publisher: 'a' }, 'malformed'],
      [ev({ eventType: 'SNAPSHOT', snapshot: null }), 'malformed'],
      [{ ...base, eventType: 'SNAPSHOT', snapshot: [{ userId: 5, states: {} }] }, 'malformed'],
      [
        { ...base, eventType: 'SNAPSHOT', snapshot: [{ userId: 'a', states: { n: 1 } }] },
        'malformed',
      ],
      [ev({ eventType: 'INTERVAL', interval: null }), 'malformed'],
      [
        {
          ...base,
          eventType: 'INTERVAL',
          interval: { join: list([]), leave: list([]), timeout: list([]), userStateList: [] },
        },
        'malformed',
      ],
      [
        {
          ...base,
          eventType: 'INTERVAL',
          interval: {
            join: { users: [1] },
            leave: list([]),
            timeout: list([]),
            userStateList: [],
            totalOccupancy: 1,
          },
        },
        'malformed',
      ],
      [ev({ eventType: 'REMOTE_JOIN', publisher: '' }), 'malformed'],
      [
        { ...base, eventType: 'REMOTE_STATE_CHANGED', publisher: 'a', stateChanged: { x: null } },
        'malformed',
      ],
    ];
    for (const [input, why] of cases) {
      const actions = adaptPresenceEvent(input, 'live');
      expect(actions, JSON.stringify(input)).toEqual([
        { type: 'ignored', why, detail: expect.any(String) },
      ]);
    }
  });
});
