import { describe, expect, it } from 'vitest';
import {
  audienceCount,
  createPresenceStore,
  isHost,
  selectAudience,
  selectCounts,
  selectHosts,
  splitByRole,
  type Member,
} from '../src/index';

const member = (userId: string, role: Member['role']): Member =>
  ({ userId, role, state: {}, joinedAt: 0, updatedAt: 0 }) as unknown as Member;

describe('roles: the one audience rule', () => {
  it('isHost is true for host only: audience and unknown are audience', () => {
    expect(isHost(member('a', 'host'))).toBe(true);
    expect(isHost(member('b', 'audience'))).toBe(false);
    expect(isHost(member('c', 'unknown'))).toBe(false);
  });

  it('splitByRole keeps order and returns the input itself when no one is a host', () => {
    const list = [
      member('a', 'audience'),
      member('h1', 'host'),
      member('u', 'unknown'),
      member('h2', 'host'),
    ];
    const split = splitByRole(list);
    expect(split.hosts.map((m) => m.userId)).toEqual(['h1', 'h2']);
    expect(split.audience.map((m) => m.userId)).toEqual(['a', 'u']);
    const noHosts = [member('a', 'audience'), member('u', 'unknown')];
    const none = splitByRole(noHosts);
    expect(none.audience).toBe(noHosts);
    expect(none.hosts).toEqual([]);
    expect(Object.isFrozen(none.hosts)).toBe(true);
  });

  it('audienceCount: total minus hosts minus self, floored, never below the rows known or zero', () => {
    expect(audienceCount({ total: 10, hosts: 2 })).toBe(8);
    expect(audienceCount({ total: 10, hosts: 2, selfOffset: 1 })).toBe(7);
    expect(audienceCount({ total: 10.9, hosts: 2 })).toBe(8);
    expect(audienceCount({ total: 3, hosts: 2, known: 5 })).toBe(5);
    expect(audienceCount({ total: 1, hosts: 2 })).toBe(0);
    expect(audienceCount({ total: null, hosts: 2, known: 4 })).toBe(4);
    expect(audienceCount({ total: Number.NaN, hosts: 2, known: 4 })).toBe(4);
    expect(audienceCount({ total: undefined, hosts: 0 })).toBe(0);
  });

  it("core's selectors agree with splitByRole and audienceCount on a store", () => {
    const store = createPresenceStore({ selfId: 'me', schedule: () => {} });
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
    const state = store.getState();
    const everyone = [...state.members.values()];
    const split = splitByRole(everyone);
    expect(split.hosts.map((m) => m.userId)).toEqual(['h']);
    expect(selectHosts(state)).toEqual(split.hosts);
    expect(selectAudience(state, true)).toEqual(split.audience);
    expect(selectCounts(state, true).audience).toBe(
      audienceCount({ total: state.occupancy.total, hosts: split.hosts.length }),
    );
    expect(selectCounts(state, false).audience).toBe(
      audienceCount({ total: state.occupancy.total, hosts: split.hosts.length, selfOffset: 1 }),
    );
  });
});
