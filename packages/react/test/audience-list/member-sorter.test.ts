import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Member } from '@audience-presence/core';
import {
  createMemberSorter,
  isInJoinOrder,
  type AudienceListSort,
} from '../../src/audience-list/member-sorter';
import { createNameIndex } from '../../src/audience-list/name-index';

const member = (userId: string, joinedAt: number, name?: string): Member => ({
  userId,
  role: 'audience',
  state: name === undefined ? {} : { name },
  joinedAt,
  lastSeenAt: joinedAt,
});

/** The reference: a plain full sort with the same documented order. */
function reference(members: readonly Member[], by: AudienceListSort): string[] {
  const names = createNameIndex('name');
  const seen = new Set<string>();
  const unique = members.filter((m) => !seen.has(m.userId) && seen.add(m.userId));
  return [...unique]
    .sort((a, b) => {
      if (by === 'join-time') return a.joinedAt - b.joinedAt || (a.userId < b.userId ? -1 : 1);
      const ka = names.get(a).key;
      const kb = names.get(b).key;
      return ka < kb ? -1 : ka > kb ? 1 : a.userId < b.userId ? -1 : 1;
    })
    .map((m) => m.userId);
}

describe('createMemberSorter', () => {
  it('returns the input itself when it is already in join order (insertion order)', () => {
    const sorter = createMemberSorter();
    const names = createNameIndex('name');
    const input = [member('a', 1), member('b', 2), member('c', 2)];
    expect(sorter.sort(input, 'join-time', names)).toBe(input);
    const ties = [member('z', 5), member('y', 5)];
    expect(sorter.sort(ties, 'join-time', names).map((m) => m.userId)).toEqual(['y', 'z']);
    expect(sorter.fullSorts).toBe(1);
  });

  it('hands back an input already in order without copying', () => {
    const sorter = createMemberSorter();
    const names = createNameIndex('name');
    const input = [member('a', 1), member('b', 2), member('c', 2)];
    expect(sorter.sort(input, 'join-time', names)).toBe(input);
    expect(sorter.fullSorts).toBe(0);
  });

  it('sorts by folded display name, falling back to the userId', () => {
    const sorter = createMemberSorter();
    const names = createNameIndex('name');
    const input = [
      member('u3', 1, 'Zoë'),
      member('u1', 2, 'élodie'),
      member('bob', 3),
      member('u2', 4, 'Ana'),
    ];
    expect(sorter.sort(input, 'name', names).map((m) => m.userId)).toEqual([
      'u2',
      'bob',
      'u1',
      'u3',
    ]);
  });

  it('applies joins, leaves and renames without another full sort', () => {
    const sorter = createMemberSorter();
    const names = createNameIndex('name');
    let list = Array.from({ length: 1000 }, (_, i) =>
      member(`u${i}`, i, `name ${(i * 7919) % 1000}`),
    );
    sorter.sort(list, 'name', names);
    expect(sorter.fullSorts).toBe(1);
    list = list.filter((m) => m.userId !== 'u10'); // leave
    list = [...list, member('new', 5000, 'aaa first')]; // join
    list = list.map((m) => (m.userId === 'u20' ? { ...m, state: { name: 'zzz last' } } : m)); // rename
    const out = sorter.sort(list, 'name', names).map((m) => m.userId);
    expect(sorter.fullSorts).toBe(1);
    expect(out[0]).toBe('new');
    expect(out[out.length - 1]).toBe('u20');
    expect(out).not.toContain('u10');
    expect(out).toEqual(reference(list, 'name'));
  });

  it('returns the previous array when nothing changed', () => {
    const sorter = createMemberSorter();
    const names = createNameIndex('name');
    const list = [member('b', 1, 'b'), member('a', 2, 'a')];
    const first = sorter.sort(list, 'name', names);
    expect(sorter.sort([...list], 'name', names)).toBe(first);
  });

  it('drops duplicate userIds after the first', () => {
    const sorter = createMemberSorter();
    const names = createNameIndex('name');
    const out = sorter.sort(
      [member('a', 2, 'x'), member('a', 1, 'y'), member('b', 3, 'b')],
      'name',
      names,
    );
    expect(out.map((m) => m.state['name'])).toEqual(['b', 'x']);
  });

  it('matches a full sort after any sequence of joins, leaves, renames and rejoins', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('join' as const),
        id: fc.nat(12),
        name: fc.constantFrom('', 'a', 'B', 'é', 'ab', 'zz'),
        at: fc.nat(20),
      }),
      fc.record({ kind: fc.constant('leave' as const), id: fc.nat(12) }),
      fc.record({
        kind: fc.constant('rename' as const),
        id: fc.nat(12),
        name: fc.constantFrom('', 'a', 'B', 'é', 'ab', 'zz'),
      }),
      fc.record({ kind: fc.constant('shuffle' as const), seed: fc.nat() }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom<AudienceListSort>('name', 'join-time'),
        fc.array(fc.array(op, { maxLength: 6 }), { maxLength: 25 }),
        (by, batches) => {
          const sorter = createMemberSorter();
          const names = createNameIndex('name');
          let list: Member[] = [];
          for (const batch of batches) {
            for (const o of batch) {
              const id = `u${'id' in o ? o.id : 0}`;
              if (o.kind === 'join') {
                list = [...list.filter((m) => m.userId !== id), member(id, o.at, o.name)];
              } else if (o.kind === 'leave') {
                list = list.filter((m) => m.userId !== id);
              } else if (o.kind === 'rename') {
                list = list.map((m) => (m.userId === id ? { ...m, state: { name: o.name } } : m));
              } else if (list.length > 1) {
                // the store's order need not be join order
                const k = o.seed % list.length;
                list = [...list.slice(k), ...list.slice(0, k)];
              }
            }
            const out = sorter.sort(list, by, names);
            expect(out.map((m) => m.userId)).toEqual(reference(list, by));
            // the very objects of the input: a renamed member is never shown stale
            const current = new Set(list);
            expect(out.every((m) => current.has(m))).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('isInJoinOrder', () => {
  const a = member('a', 1);
  const b = member('b', 2);
  const c = member('c', 3);
  const d = member('d', 4);

  it('checks keys without a previous array', () => {
    expect(isInJoinOrder([a, b, c], null)).toBe(true);
    expect(isInJoinOrder([b, a], null)).toBe(false);
    expect(isInJoinOrder([a, a], null)).toBe(false); // duplicates are not in order
  });

  it('trusts elements kept in order from a sorted previous array, and checks the rest', () => {
    const prev = [a, b, c];
    expect(isInJoinOrder([a, c, d], prev)).toBe(true); // b left, d joined
    expect(isInJoinOrder([c, a], prev)).toBe(false); // moved backwards
    expect(isInJoinOrder([a, member('b', 9), c], prev)).toBe(false); // replaced with a later join time
    expect(isInJoinOrder([a, member('b', 2, 'renamed'), c], prev)).toBe(true); // replaced, same key
  });
});
