import type { Member, MemberState } from '@audience-presence/core';
import type { NameIndex } from './name-index';

/** How the list is ordered: by join time (oldest first) or by display name. */
export type AudienceListSort = 'join-time' | 'name';

export interface MemberSorter<S extends MemberState = MemberState> {
  sort(
    members: readonly Member<S>[],
    by: AudienceListSort,
    names: NameIndex<S>,
  ): readonly Member<S>[];
  /** How many full O(n log n) sorts ran so far (for tests and benchmarks). */
  readonly fullSorts: number;
}

type Compare<S extends MemberState> = (a: Member<S>, b: Member<S>) => number;

const byUserId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function comparator<S extends MemberState>(by: AudienceListSort, names: NameIndex<S>): Compare<S> {
  if (by === 'join-time') {
    return (a, b) => a.joinedAt - b.joinedAt || byUserId(a.userId, b.userId);
  }
  return (a, b) => {
    const ka = names.get(a).key;
    const kb = names.get(b).key;
    return ka < kb ? -1 : ka > kb ? 1 : byUserId(a.userId, b.userId);
  };
}

const joinOrder = <S extends MemberState>(a: Member<S>, b: Member<S>): boolean =>
  a.joinedAt < b.joinedAt || (a.joinedAt === b.joinedAt && a.userId < b.userId);

/** How far past a mismatch to look for the previous array's next element (a run of leaves). */
const LOOKAHEAD = 8;

/**
 * Is `members` in join order (ties by userId, as the comparator orders them)?
 * When `previous` is known to be in order, consecutive elements that are the
 * very objects of `previous`, in the same relative order, are in order by
 * transitivity: only pointer comparisons for them. Keys are compared only
 * around what changed (joins, leaves, replaced members), so a presence event
 * costs O(n) pointer checks, not O(n) string comparisons.
 */
export function isInJoinOrder<S extends MemberState>(
  members: readonly Member<S>[],
  previous: readonly Member<S>[] | null,
): boolean {
  const prev = previous ?? [];
  let j = 0;
  let lastFromPrev = false;
  for (let i = 0; i < members.length; i++) {
    const member = members[i]!;
    let fromPrev = false;
    for (let k = j; k < prev.length && k <= j + LOOKAHEAD; k++) {
      if (prev[k] === member) {
        fromPrev = true;
        j = k + 1;
        break;
      }
    }
    // Two neighbours both taken in order from a sorted `previous` need no key check.
    if (i > 0 && !(fromPrev && lastFromPrev) && !joinOrder(members[i - 1]!, member)) return false;
    lastFromPrev = fromPrev;
  }
  return true;
}

/** First index in `list` whose member sorts after `item` (`strict`) or not before it. */
function bound<S extends MemberState>(
  list: readonly Member<S>[],
  item: Member<S>,
  cmp: Compare<S>,
  strict: boolean,
): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = cmp(list[mid]!, item);
    if (c < 0 || (strict && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * What changed between two inputs, by object identity: a pointer walk that
 * follows `prev` through `next` (looking a few elements ahead across leaves).
 * Unchanged members cost one comparison; only the few that differ are listed.
 */
function diffInputs<S extends MemberState>(
  prev: readonly Member<S>[],
  next: readonly Member<S>[],
): { added: Member<S>[]; removed: Member<S>[] } {
  const added: Member<S>[] = [];
  const removed: Member<S>[] = [];
  let j = 0;
  for (const member of next) {
    if (prev[j] === member) {
      j++;
      continue;
    }
    let found = -1;
    for (let k = j + 1; k < prev.length && k <= j + LOOKAHEAD; k++) {
      if (prev[k] === member) {
        found = k;
        break;
      }
    }
    if (found < 0) {
      added.push(member);
      continue;
    }
    for (; j < found; j++) removed.push(prev[j]!);
    j = found + 1;
  }
  for (; j < prev.length; j++) removed.push(prev[j]!);
  return { added, removed };
}

/**
 * Creates a {@link MemberSorter}.
 *
 * - Join time: a store keeps members in insertion order, which is join order,
 *   so an O(n) check usually proves the input already sorted and it is
 *   returned as is (no copy). Equal join times are ordered by userId.
 * - Otherwise the sorter diffs the input against the previous one by object
 *   identity (a pointer walk: members keep their identity while unchanged),
 *   finds the k removed, added or re-keyed members in the sorted list by
 *   binary search and rebuilds it in one copy: O(n + k log n) instead of
 *   O(n log n). A full sort runs on the first call, when the sort order or the
 *   name key changes, and when the input was reordered wholesale.
 *
 * Duplicate userIds in the input are dropped after the first.
 */
export function createMemberSorter<S extends MemberState = MemberState>(): MemberSorter<S> {
  let lastInput: readonly Member<S>[] | null = null;
  /** `lastInput` was verified to be in join order (the fast path's proof for the next call). */
  let lastInputInJoinOrder = false;
  let lastBy: AudienceListSort | null = null;
  let lastNames: NameIndex<S> | null = null;
  let lastOutput: readonly Member<S>[] = [];
  /** userId -> the member object in `sorted`; null when `sorted` is not maintained */
  let index: Map<string, Member<S>> | null = null;
  let sorted: readonly Member<S>[] = [];
  let fullSorts = 0;

  function fullSort(members: readonly Member<S>[], cmp: Compare<S>): readonly Member<S>[] {
    fullSorts++;
    const next = new Map<string, Member<S>>();
    const list: Member<S>[] = [];
    for (const member of members) {
      if (next.has(member.userId)) continue;
      next.set(member.userId, member);
      list.push(member);
    }
    list.sort(cmp);
    index = next;
    sorted = list;
    return list;
  }

  /**
   * Applies the difference between `lastInput` and `members` to `sorted`.
   * Returns null when a full sort is cheaper or the bookkeeping disagrees.
   */
  function update(
    prevInput: readonly Member<S>[],
    members: readonly Member<S>[],
    map: Map<string, Member<S>>,
    cmp: Compare<S>,
    keyChanged: (before: Member<S>, after: Member<S>) => boolean,
  ): readonly Member<S>[] | null {
    const { added, removed } = diffInputs(prevInput, members);
    if ((added.length + removed.length) * 8 > members.length + 64) return null; // reordered: sort again
    const removedById = new Map<string, Member<S>>();
    for (const member of removed) removedById.set(member.userId, member);
    const toRemove: Member<S>[] = [];
    const toInsert: Member<S>[] = [];
    const replace: [before: Member<S>, after: Member<S>][] = [];
    for (const member of added) {
      const before = map.get(member.userId);
      if (before === undefined) {
        map.set(member.userId, member);
        toInsert.push(member);
      } else if (removedById.get(member.userId) === before) {
        removedById.delete(member.userId);
        if (before === member) continue; // moved in the input only
        map.set(member.userId, member);
        if (keyChanged(before, member)) {
          toRemove.push(before);
          toInsert.push(member);
        } else {
          replace.push([before, member]);
        }
      } // else: a duplicate userId in the input; the first one stays
    }
    for (const gone of removedById.values()) {
      if (map.get(gone.userId) !== gone) continue;
      map.delete(gone.userId);
      toRemove.push(gone);
    }
    if (toRemove.length === 0 && toInsert.length === 0 && replace.length === 0) return lastOutput;

    // Positions in the old `sorted` (keys are unique: the userId breaks ties).
    const removeAt = toRemove.map((m) => bound(sorted, m, cmp, false)).sort((x, y) => x - y);
    const replaceAt = replace
      .map(([before, after]) => [bound(sorted, before, cmp, false), after] as const)
      .sort((x, y) => x[0] - y[0]);
    for (const at of removeAt) if (sorted[at] === undefined) return null;
    toInsert.sort(cmp);
    const insertAt = toInsert.map((m) => bound(sorted, m, cmp, true));

    const out: Member<S>[] = [];
    let r = 0;
    let p = 0;
    let i = 0;
    for (let at = 0; at < sorted.length; at++) {
      while (i < toInsert.length && insertAt[i]! <= at) out.push(toInsert[i++]!);
      if (r < removeAt.length && removeAt[r] === at) {
        r++;
        continue;
      }
      if (p < replaceAt.length && replaceAt[p]![0] === at) out.push(replaceAt[p++]![1]);
      else out.push(sorted[at]!);
    }
    while (i < toInsert.length) out.push(toInsert[i++]!);
    sorted = out;
    return out;
  }

  return {
    get fullSorts() {
      return fullSorts;
    },
    sort(members, by, names) {
      if (members === lastInput && by === lastBy && names === lastNames) return lastOutput;
      let output: readonly Member<S>[];
      const inJoinOrder =
        by === 'join-time' && isInJoinOrder(members, lastInputInJoinOrder ? lastInput : null);
      if (inJoinOrder) {
        // Already in order: hand the input back and drop the index (rebuilt if ever needed).
        output = members;
        index = null;
      } else {
        const cmp = comparator(by, names);
        let updated: readonly Member<S>[] | null = null;
        if (index !== null && lastInput !== null && by === lastBy && names === lastNames) {
          const keyChanged =
            by === 'join-time'
              ? (a: Member<S>, b: Member<S>) => a.joinedAt !== b.joinedAt
              : (a: Member<S>, b: Member<S>) => names.get(a).key !== names.get(b).key;
          updated = update(lastInput, members, index, cmp, keyChanged);
        }
        output = updated ?? fullSort(members, cmp);
      }
      lastInput = members;
      lastInputInJoinOrder = inJoinOrder;
      lastBy = by;
      lastNames = names;
      lastOutput = output;
      return output;
    },
  };
}
