import type { Member, MemberState } from '@audience-presence/core';
import type { NameIndex } from './name-index';

/** How the list is ordered: by join time (oldest first) or by display name. */
export type AudienceListSort = 'join-time' | 'name';

interface Entry<S extends MemberState> {
  member: Member<S>;
  /** generation in which the entry was last seen in the input */
  gen: number;
  /** its sort key changed: it must be taken out and re-inserted */
  moved: boolean;
}

/**
 * Sorts member lists that change a little at a time, without redoing
 * O(n log n) work per presence event. Keep one per list (it caches the last
 * result); feed it each new members array.
 */
export interface MemberSorter<S extends MemberState = MemberState> {
  sort(
    members: readonly Member<S>[],
    by: AudienceListSort,
    names: NameIndex<S>,
  ): readonly Member<S>[];
  /** How many full O(n log n) sorts ran so far (for tests and benchmarks). */
  readonly fullSorts: number;
}

type Compare<S extends MemberState> = (a: Entry<S>, b: Entry<S>) => number;

const byUserId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function comparator<S extends MemberState>(by: AudienceListSort, names: NameIndex<S>): Compare<S> {
  if (by === 'join-time') {
    return (a, b) =>
      a.member.joinedAt - b.member.joinedAt || byUserId(a.member.userId, b.member.userId);
  }
  return (a, b) => {
    const ka = names.get(a.member).key;
    const kb = names.get(b.member).key;
    return ka < kb ? -1 : ka > kb ? 1 : byUserId(a.member.userId, b.member.userId);
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

/** First index in `list[from..]` whose entry sorts after `item`. */
function upperBound<S extends MemberState>(
  list: readonly Entry<S>[],
  item: Entry<S>,
  cmp: Compare<S>,
  from: number,
): number {
  let lo = from;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(list[mid]!, item) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Creates a {@link MemberSorter}.
 *
 * - Join time: a store keeps members in insertion order, which is join order,
 *   so an O(n) check usually proves the input already sorted and it is
 *   returned as is (no copy). Equal join times are ordered by userId.
 * - Otherwise the sorter diffs the input against the previous one by userId
 *   and object identity (O(n) map lookups), then re-inserts only the k added
 *   or re-keyed members by binary search: O(n + k log n) instead of
 *   O(n log n). A full sort runs only on the first call and when the sort
 *   order or the name key changes.
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
  let index: Map<string, Entry<S>> | null = null;
  let sorted: Entry<S>[] = [];
  let gen = 0;
  let fullSorts = 0;

  function fullSort(members: readonly Member<S>[], cmp: Compare<S>): readonly Member<S>[] {
    fullSorts++;
    gen++;
    const next = new Map<string, Entry<S>>();
    const entries: Entry<S>[] = [];
    for (const member of members) {
      if (next.has(member.userId)) continue;
      const entry: Entry<S> = { member, gen, moved: false };
      next.set(member.userId, entry);
      entries.push(entry);
    }
    entries.sort(cmp);
    index = next;
    sorted = entries;
    return entries.map((e) => e.member);
  }

  function update(
    members: readonly Member<S>[],
    map: Map<string, Entry<S>>,
    cmp: Compare<S>,
    keyChanged: (before: Member<S>, after: Member<S>) => boolean,
  ): readonly Member<S>[] {
    gen++;
    const incoming: Entry<S>[] = [];
    let seen = 0;
    let replaced = false;
    for (const member of members) {
      const entry = map.get(member.userId);
      if (entry === undefined) {
        const added: Entry<S> = { member, gen, moved: false };
        map.set(member.userId, added);
        incoming.push(added);
        continue;
      }
      if (entry.gen === gen) continue; // duplicate userId in this input
      entry.gen = gen;
      seen++;
      if (entry.member !== member) {
        replaced = true;
        const before = entry.member;
        entry.member = member;
        if (keyChanged(before, member)) {
          entry.moved = true;
          incoming.push(entry);
        }
      }
    }
    const anyRemoved = seen < sorted.length;
    if (!anyRemoved && incoming.length === 0 && !replaced) return lastOutput;
    if (anyRemoved) {
      for (const [userId, entry] of map) if (entry.gen !== gen) map.delete(userId);
    }
    const kept = sorted.filter((e) => e.gen === gen && !e.moved);
    incoming.sort(cmp);
    const next = new Array<Entry<S>>(kept.length + incoming.length);
    let k = 0;
    let out = 0;
    for (const entry of incoming) {
      const at = upperBound(kept, entry, cmp, k);
      while (k < at) next[out++] = kept[k++]!;
      next[out++] = entry;
      entry.moved = false;
    }
    while (k < kept.length) next[out++] = kept[k++]!;
    sorted = next;
    return next.map((e) => e.member);
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
        if (index === null || by !== lastBy || names !== lastNames) {
          output = fullSort(members, cmp);
        } else {
          const keyChanged =
            by === 'join-time'
              ? (a: Member<S>, b: Member<S>) => a.joinedAt !== b.joinedAt
              : (a: Member<S>, b: Member<S>) => names.get(a).key !== names.get(b).key;
          output = update(members, index, cmp, keyChanged);
        }
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
