import type { Member, MemberState } from '@audience-presence/core';
import type { AudienceListSort } from './member-sorter';
import type { NameIndex } from './name-index';
import { foldName } from './name-index';

/** One section of the list: the hosts, or the audience. */
export interface AudienceListSection<S extends MemberState = MemberState> {
  /** which section this is: `sections[0]` is always the hosts, `sections[1]` the audience */
  readonly kind: 'hosts' | 'audience';
  /** The section's members after sort and search: the rows to show. */
  readonly members: readonly Member<S>[];
  /**
   * How many are in this section in the channel. For the audience this comes
   * from the occupancy, not from the rows loaded: in interval mode Agora names
   * fewer members than the channel holds.
   */
  readonly count: number;
}

/** What {@link useAudienceListModel} returns: everything needed to draw the list. */
export interface AudienceListModel<S extends MemberState = MemberState> {
  /** Hosts first, then the audience; both always present (possibly empty). */
  readonly sections: readonly [hosts: AudienceListSection<S>, audience: AudienceListSection<S>];
  /** Hosts in the channel. */
  readonly hostCount: number;
  /** Audience members in the channel (from the occupancy when known). */
  readonly audienceCount: number;
  /** Members passed in (hosts and audience), before search. */
  readonly loadedCount: number;
  /** Rows left after search (both sections). */
  readonly matchCount: number;
  /** The search text applied (trimmed). */
  readonly query: string;
  /** The order applied inside each section. */
  readonly sort: AudienceListSort;
  /** The member's display name (plain text). */
  displayName(member: Member<S>): string;
}

/** Frozen so a memoised selector never hands out a fresh empty array. */
const EMPTY: readonly never[] = Object.freeze([]);

/** Members whose display name contains the query, accent- and case-insensitive. */
export function filterByName<S extends MemberState>(
  members: readonly Member<S>[],
  query: string,
  names: NameIndex<S>,
): readonly Member<S>[] {
  const needle = foldName(query.trim());
  if (needle === '') return members;
  const out = members.filter((m) => names.get(m).key.includes(needle));
  return out.length === 0 ? EMPTY : out;
}
