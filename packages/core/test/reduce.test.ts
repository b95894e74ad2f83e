import { describe, expect, it } from 'vitest';
import {
  PresenceError,
  initialPresenceState,
  reduce,
  selectActivity,
  selectCounts,
  selectMembers,
  type PresenceAction,
  type PresenceState,
} from '../src/index';

function run(actions: PresenceAction[], state: PresenceState = initialPresenceState(), now = 1000) {
  return actions.reduce((s, a, i) => reduce(s, a, now + i), state);
}
const ids = (s: PresenceState) => [...s.members.keys()];

describe('reduce: snapshot', () => {
  it('replaces the list and records members missing from it as left', () => {
    const s1 = run([{ type: 'snapshot', members: [{ userId: 'a' }, { userId: 'b' }] }]);
    expect(ids(s1)).toEqual(['a', 'b']);
    // the first snapshot announces nobody: they were already there
    expect(selectActivity(s1)).toEqual([]);
    const s2 = run([{ type: 'snapshot', members: [{ userId: 'b' }, { userId: 'c' }] }], s1, 2000);
    expect(ids(s2)).toEqual(['b', 'c']);
    expect(
      selectActivity(s2).map((e) => [e.kind, e.userId, 'reason' in e ? e.reason : null]),
    ).toEqual([
      ['join', 'c', null],
      ['leave', 'a', 'missing-from-snapshot'],
    ]);
    expect(s2.members.get('b')).toBe(s1.members.get('b'));
  });

  it('returns the same state when an identical snapshot arrives', () => {
    const s1 = run([{ type: 'snapshot', members: [{ userId: 'a', state: { role: 'host' } }] }]);
    const s2 = reduce(
      s1,
      { type: 'snapshot', members: [{ userId: 'a', state: { role: 'host' } }] },
      5,
    );
    expect(s2).toBe(s1);
  });

  it('clears staleness and out-of-service errors', () => {
    const s1 = run([
      { type: 'snapshot', members: [{ userId: 'a' }] },
      { type: 'status', status: 'reconnecting' },
    ]);
    expect(s1.staleness).toEqual({ stale: true, since: 1001 });
    expect(ids(s1)).toEqual(['a']); // list kept while reconnecting
    const s2 = run(
      [{ type: 'invalidate', error: new PresenceError('PRESENCE_OUT_OF_SERVICE') }],
      s1,
    );
    expect(s2.staleness.since).toBe(1001);
    expect(s2.error?.code).toBe('PRESENCE_OUT_OF_SERVICE');
    const s3 = run([{ type: 'snapshot', members: [{ userId: 'a' }] }], s2);
    expect(s3.staleness).toEqual({ stale: false, since: null });
    expect(s3.error).toBeNull();
  });

  it('an empty list that was never loaded does not become stale', () => {
    const s = run([{ type: 'status', status: 'failed' }]);
    expect(s.staleness.stale).toBe(false);
    expect(s.status).toBe('failed');
  });

  it('keeps the known state of a row without `state`, and clears it on `{}`', () => {
    const s1 = run([
      {
        type: 'snapshot',
        members: [
          { userId: 'a', state: { role: 'host' } },
          { userId: 'b', state: { hand: 'up' } },
        ],
      },
    ]);
    // a whoNow resync whose state listing did not reach a and b, plus a newcomer c
    const s2 = run(
      [
        {
          type: 'snapshot',
          members: [{ userId: 'a' }, { userId: 'b', state: {} }, { userId: 'c' }],
        },
      ],
      s1,
    );
    expect(s2.members.get('a')).toBe(s1.members.get('a')); // untouched, same object
    expect(s2.members.get('a')?.role).toBe('host');
    expect(s2.members.get('b')?.state).toEqual({});
    expect(s2.members.get('c')?.state).toEqual({});
  });

  it('rejects a snapshot with a malformed row entirely', () => {
    const s1 = run([{ type: 'snapshot', members: [{ userId: 'a' }] }]);
    const bad = {
      type: 'snapshot',
      members: [{ userId: 'b' }, { nope: 1 }],
    } as unknown as PresenceAction;
    const s2 = reduce(s1, bad, 2);
    expect(ids(s2)).toEqual(['a']);
    expect(s2.diagnostics.malformed).toBe(1);
  });

  it('uses a whoNow total as occupancy', () => {
    const s = run([{ type: 'snapshot', members: [{ userId: 'a' }], total: 500 }]);
    expect(s.occupancy).toEqual({ total: 500, source: 'who-now' });
  });
});

describe('reduce: single events', () => {
  it('join twice is a no-op, leaving an unknown user is a no-op', () => {
    const s1 = run([{ type: 'join', userId: 'a' }]);
    expect(reduce(s1, { type: 'join', userId: 'a' }, 9)).toBe(s1);
    expect(reduce(s1, { type: 'leave', userId: 'zz', reason: 'left' }, 9)).toBe(s1);
  });

  it('a state change for an unknown user means the user is present', () => {
    const s = run([{ type: 'state', userId: 'a', state: { role: 'host' } }]);
    expect(s.members.get('a')).toMatchObject({
      userId: 'a',
      role: 'host',
      state: { role: 'host' },
    });
    expect(selectActivity(s).map((e) => e.kind)).toEqual(['join']);
  });

  it('keeps joinedAt, updates lastSeenAt and replaces only the changed member', () => {
    const s1 = run([
      { type: 'join', userId: 'a' },
      { type: 'join', userId: 'b' },
    ]);
    const s2 = reduce(s1, { type: 'state', userId: 'a', state: { mood: 'ok' } }, 5000);
    expect(s2.members.get('a')).toMatchObject({ joinedAt: 1000, lastSeenAt: 5000 });
    expect(s2.members.get('b')).toBe(s1.members.get('b'));
    // identical state: nothing changes
    expect(reduce(s2, { type: 'state', userId: 'a', state: { mood: 'ok' } }, 6000)).toBe(s2);
  });

  it('records leave reasons', () => {
    const s = run([
      { type: 'join', userId: 'a' },
      { type: 'join', userId: 'b' },
      { type: 'leave', userId: 'a', reason: 'left' },
      { type: 'leave', userId: 'b', reason: 'timed-out' },
    ]);
    expect(
      selectActivity(s)
        .filter((e) => e.kind === 'leave')
        .map((e) => ('reason' in e ? e.reason : '')),
    ).toEqual(['left', 'timed-out']);
    expect(s.members.size).toBe(0);
  });
});

describe('reduce: roles', () => {
  it('reads the role from the configured state key', () => {
    const s = run(
      [{ type: 'join', userId: 'a', state: { kind: 'host' } }],
      initialPresenceState({ roleKey: 'kind' }),
    );
    expect(s.members.get('a')?.role).toBe('host');
    expect(s.hostCount).toBe(1);
  });

  it('RTC hosts override the member state (by userId or by the rtcUid key)', () => {
    const s1 = run([
      { type: 'join', userId: 'a', state: { role: 'audience' } },
      { type: 'join', userId: 'b', state: { role: 'audience', rtcUid: '42' } },
      { type: 'join', userId: 'c' },
    ]);
    const s2 = reduce(s1, { type: 'rtc-hosts', userIds: ['a', '42'] }, 2);
    expect(s2.members.get('a')?.role).toBe('host');
    expect(s2.members.get('b')?.role).toBe('host');
    expect(s2.members.get('c')).toBe(s1.members.get('c'));
    expect(s2.hostCount).toBe(2);
    expect(selectActivity(s2).filter((e) => e.kind === 'role')).toHaveLength(2);
    const s3 = reduce(s2, { type: 'rtc-hosts', userIds: [] }, 3);
    expect(s3.members.get('a')?.role).toBe('audience');
    expect(s3.hostCount).toBe(0);
  });

  it('uses an explicit role as is and keeps the member on a role change', () => {
    const s1 = run([{ type: 'join', userId: 'n', role: 'host', state: { role: 'audience' } }]);
    expect(s1.members.get('n')?.role).toBe('host');
    const s2 = reduce(s1, { type: 'role', userId: 'n', role: 'audience' }, 2);
    expect(s2.members.get('n')?.role).toBe('audience');
    expect(s2.hostCount).toBe(0);
    // role for an unknown user: the user is present
    const s3 = reduce(s2, { type: 'role', userId: 'm', role: 'host' }, 3);
    expect(s3.members.get('m')?.role).toBe('host');
  });
});

describe('reduce: interval', () => {
  it('applies joins, states, leaves and timeouts as one transaction with totalOccupancy', () => {
    const s1 = run([
      { type: 'snapshot', members: [{ userId: 'me' }, { userId: 'a' }, { userId: 'b' }] },
    ]);
    const s2 = reduce(
      s1,
      {
        type: 'interval',
        joins: ['c', 'd'],
        leaves: ['a'],
        timeouts: ['b'],
        states: [{ userId: 'c', state: { role: 'host' } }],
        total: 5000,
      },
      7,
    );
    expect(ids(s2)).toEqual(['me', 'c', 'd']);
    expect(s2.members.get('c')?.role).toBe('host');
    expect(s2.occupancy).toEqual({ total: 5000, source: 'interval' });
    expect(selectCounts(initialWithSelf(s2))).toEqual({ hosts: 1, audience: 4998, total: 5000 });
  });

  it('counts a malformed interval and changes nothing', () => {
    const s1 = run([{ type: 'join', userId: 'a' }]);
    const bad = {
      type: 'interval',
      joins: 'x',
      leaves: [],
      timeouts: [],
      states: [],
      total: 3,
    } as unknown as PresenceAction;
    const s2 = reduce(s1, bad, 3);
    expect(s2.members).toEqual(s1.members);
    expect(s2.diagnostics.malformed).toBe(1);
  });
});

function initialWithSelf(state: PresenceState): PresenceState {
  return reduce(state, { type: 'self', userId: 'me' }, 0);
}

describe('reduce: bad input', () => {
  it('never throws on garbage and counts it', () => {
    const garbage = [
      null,
      5,
      {},
      { type: 'wat' },
      { type: 'join' },
      { type: 'leave', userId: 7 },
      { type: 'occupancy', total: -1, source: 'server' },
    ];
    let s = initialPresenceState();
    for (const g of garbage) s = reduce(s, g as unknown as PresenceAction, 1);
    expect(s.members.size).toBe(0);
    expect(s.diagnostics.malformed + s.diagnostics.unknownType).toBe(garbage.length);
  });

  it('counts ignored actions by kind', () => {
    const s = run([
      { type: 'ignored', why: 'foreign-channel', detail: 'other' },
      { type: 'ignored', why: 'unknown-type', detail: 'X' },
    ]);
    expect(s.diagnostics).toEqual({
      malformed: 0,
      unknownType: 1,
      foreignChannel: 1,
      lastIgnored: 'unknown-type: X',
    });
  });

  it('reset forgets everything but the local user id', () => {
    const s = run([
      { type: 'self', userId: 'me' },
      { type: 'join', userId: 'a' },
      { type: 'reset' },
    ]);
    expect(s.members.size).toBe(0);
    expect(s.selfId).toBe('me');
    expect(selectMembers(s)).toEqual([]);
    expect(selectActivity(s)).toEqual([]);
  });
});

describe('reduce: activity log', () => {
  it('is bounded', () => {
    let s = initialPresenceState({ activityLimit: 3 });
    for (let i = 0; i < 10; i++) s = reduce(s, { type: 'join', userId: `u${i}` }, i);
    expect(selectActivity(s).map((e) => e.userId)).toEqual(['u7', 'u8', 'u9']);
    expect(selectActivity(s).map((e) => e.id)).toEqual([8, 9, 10]);
  });

  it('does not mutate its input', () => {
    const s1 = run([{ type: 'join', userId: 'a' }]);
    const before = selectActivity(s1);
    reduce(s1, { type: 'join', userId: 'b' }, 2);
    expect(s1.members.size).toBe(1);
    expect(s1.activity.toArray()).toEqual(before);
  });
});
