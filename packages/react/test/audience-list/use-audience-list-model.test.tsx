import { describe, expect, it } from 'vitest';
import { renderHook } from '@testing-library/react';
import type { Member, Role } from '@audience-presence/core';
import {
  useAudienceListModel,
  type AudienceListModelOptions,
} from '../../src/audience-list/use-audience-list-model';

const member = (
  userId: string,
  joinedAt: number,
  name: string,
  role: Role = 'audience',
): Member => ({
  userId,
  role,
  state: { name },
  joinedAt,
  lastSeenAt: joinedAt,
});

const ids = (list: readonly Member[]) => list.map((m) => m.userId);

describe('useAudienceListModel', () => {
  const members = [
    member('h', 5, 'Zed Host', 'host'),
    member('a', 1, 'Bea'),
    member('b', 2, 'Ana'),
    member('c', 3, 'Élodie'),
  ];

  it('sections hosts and audience, counting the audience from the occupancy', () => {
    const { result } = renderHook(() => useAudienceListModel({ members, occupancy: 1_001 }));
    const [hosts, audience] = result.current.sections;
    expect(ids(hosts.members)).toEqual(['h']);
    expect(ids(audience.members)).toEqual(['a', 'b', 'c']);
    expect(result.current.hostCount).toBe(1);
    expect(result.current.audienceCount).toBe(1_000);
    expect(result.current.loadedCount).toBe(4);
    expect(result.current.displayName(members[2]!)).toBe('Ana');
  });

  it('never counts fewer than the rows loaded, and takes an explicit audience count', () => {
    const { result, rerender } = renderHook(
      (props: AudienceListModelOptions) => useAudienceListModel(props),
      {
        initialProps: {
          members,
          occupancy: { total: 2, source: 'list' },
        } as AudienceListModelOptions,
      },
    );
    expect(result.current.audienceCount).toBe(3);
    rerender({ members, occupancy: 10, audienceCount: 7 });
    expect(result.current.audienceCount).toBe(7);
  });

  it('sorts by name and filters by folded display name', () => {
    const { result, rerender } = renderHook(
      (props: AudienceListModelOptions) => useAudienceListModel(props),
      {
        initialProps: { members, sort: 'name' } as AudienceListModelOptions,
      },
    );
    expect(ids(result.current.sections[1].members)).toEqual(['b', 'a', 'c']);
    rerender({ members, sort: 'name', query: '  ELO ' });
    expect(result.current.query).toBe('ELO');
    expect(ids(result.current.sections[1].members)).toEqual(['c']);
    expect(result.current.matchCount).toBe(1);
    expect(result.current.sections[1].count).toBe(3); // the section count ignores the search
  });

  it('takes hosts given apart without re-splitting members by role', () => {
    const audience = members.slice(1);
    const hosts = [members[0]!];
    const { result } = renderHook(() => useAudienceListModel({ members: audience, hosts }));
    expect(ids(result.current.sections[0].members)).toEqual(['h']);
    expect(result.current.sections[1].members).toBe(audience); // in join order: no copy
  });

  it('follows presence events and keeps unchanged results identical', () => {
    const { result, rerender } = renderHook(
      (props: AudienceListModelOptions) => useAudienceListModel(props),
      {
        initialProps: { members, sort: 'name' } as AudienceListModelOptions,
      },
    );
    const before = result.current;
    rerender({ members, sort: 'name' });
    expect(result.current).toBe(before);
    const next = [...members.filter((m) => m.userId !== 'a'), member('d', 9, 'Aaron')];
    rerender({ members: next, sort: 'name' });
    expect(ids(result.current.sections[1].members)).toEqual(['d', 'b', 'c']);
  });
});
