import { useMemo, useState } from 'react';
import {
  audienceCount as countAudience,
  splitByRole,
  type Member,
  type MemberState,
  type Occupancy,
} from '@audience-presence/core';
import { filterByName, type AudienceListModel } from './audience-list-model';
import { DEFAULT_NAME_KEY } from './display';
import { createMemberSorter, type AudienceListSort } from './member-sorter';
import { createNameIndex } from './name-index';

/** Input of {@link useAudienceListModel}. */
export interface AudienceListModelOptions<S extends MemberState = MemberState> {
  /**
   * The members, e.g. from `useAudiencePresence` or your own data (unique
   * userIds). Split into hosts and audience by `role`, unless `hosts` is given.
   */
  members: readonly Member<S>[];
  /**
   * The hosts, when the app already has them apart (core's `selectHosts`); then
   * `members` is taken as the audience as is (core's `selectAudience`), which
   * saves a pass over 100,000 members per presence event.
   */
  hosts?: readonly Member<S>[] | null;
  /** The channel's occupancy (Agora `totalOccupancy`); drives the audience count. */
  occupancy?: Occupancy | number | null;
  /**
   * The audience count, when the app knows it better than `occupancy - hosts`
   * (e.g. core's `selectCounts(state).audience`, which leaves out the local user).
   */
  audienceCount?: number | null;
  /** Default `'join-time'` (oldest first). */
  sort?: AudienceListSort;
  /** Filters by display name, case- and accent-insensitive. Default `''`. */
  query?: string;
  /** State key holding the display name. Default `'name'`. */
  nameKey?: string;
}

/**
 * The headless half of `AudienceList`: turns members into a sorted, filtered,
 * sectioned list model for apps that draw their own markup.
 *
 * Each step is memoised on its inputs, and sorting is incremental (see
 * `createMemberSorter`), so a presence event costs O(n) cheap lookups, not an
 * O(n log n) sort, even at 100,000 members.
 *
 * @example
 * const model = useAudienceListModel({ members, occupancy, sort: 'name', query });
 * model.sections[1].members.map((m) => <li key={m.userId}>{model.displayName(m)}</li>);
 */
export function useAudienceListModel<S extends MemberState = MemberState>(
  options: AudienceListModelOptions<S>,
): AudienceListModel<S> {
  const {
    members,
    hosts: givenHosts,
    occupancy,
    audienceCount: knownAudience,
    sort = 'join-time',
    query = '',
    nameKey = DEFAULT_NAME_KEY,
  } = options;
  // Sorters are per-list caches; lazy state keeps them for the component's lifetime.
  const [sorter] = useState(createMemberSorter<S>);
  const [hostSorter] = useState(createMemberSorter<S>);
  const names = useMemo(() => createNameIndex<S>(nameKey), [nameKey]);
  const sorted = useMemo(() => sorter.sort(members, sort, names), [sorter, members, sort, names]);
  const sortedHosts = useMemo(
    () => (givenHosts == null ? null : hostSorter.sort(givenHosts, sort, names)),
    [hostSorter, givenHosts, sort, names],
  );
  const split = useMemo(
    () => (sortedHosts === null ? splitByRole(sorted) : { hosts: sortedHosts, audience: sorted }),
    [sorted, sortedHosts],
  );
  const trimmed = query.trim();
  const hosts = useMemo(() => filterByName(split.hosts, trimmed, names), [split, trimmed, names]);
  const audience = useMemo(
    () => filterByName(split.audience, trimmed, names),
    [split, trimmed, names],
  );
  const total = typeof occupancy === 'number' ? occupancy : (occupancy?.total ?? null);

  return useMemo(() => {
    const hostCount = split.hosts.length;
    const audienceCount =
      knownAudience != null && Number.isFinite(knownAudience)
        ? Math.max(Math.floor(knownAudience), 0)
        : countAudience({ total, hosts: hostCount, known: split.audience.length });
    return {
      sections: [
        { kind: 'hosts', members: hosts, count: hostCount },
        { kind: 'audience', members: audience, count: audienceCount },
      ],
      hostCount,
      audienceCount,
      loadedCount: split.hosts.length + split.audience.length,
      matchCount: hosts.length + audience.length,
      query: trimmed,
      sort,
      displayName: (member) => names.get(member).name,
    };
  }, [split, hosts, audience, total, knownAudience, trimmed, sort, names]);
}
