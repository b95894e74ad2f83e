/**
 * Every text `AudienceList` shows, for translation. Count labels receive the
 * number and the same number already formatted for the list's locale.
 */
export interface AudienceListLabels {
  /** Accessible name of the whole widget. */
  region: string;
  /** "3 hosts": the host count in the summary, the hosts heading and list name, and `announce` */
  hosts: (count: number, formatted: string) => string;
  /** "240 watching": the audience count in the same places */
  watching: (count: number, formatted: string) => string;
  /** Label of the search box. */
  search: string;
  /** Label of the sort menu and its two options. */
  sort: string;
  /** the option that sorts by join time (oldest first) */
  sortJoinTime: string;
  /** the option that sorts by display name */
  sortName: string;
  /** Shown (to screen readers) while waiting for the first snapshot. */
  loading: string;
  /** Shown when the channel has no one to list. */
  empty: string;
  /** Shown and announced when the search text matches no one. */
  noMatches: (query: string) => string;
  /** "4 matches": announced while searching. */
  matches: (count: number, formatted: string) => string;
  /** The notice over a dimmed list while reconnecting. */
  stale: string;
  /** Heading of the failed state; the error's own message follows it. */
  failed: string;
  /** The failed state's button (shown when `onRetry` is given). */
  retry: string;
  /** Badge on host rows. */
  host: string;
  /** The throttled live-region announcement of count changes (`hosts` is null when there are none). */
  announce: (hosts: string | null, watching: string) => string;
}

const plural = (count: number, one: string, many: string): string => (count === 1 ? one : many);

/** English defaults. Override any subset with the `labels` prop. */
export const defaultAudienceListLabels: AudienceListLabels = {
  region: 'Audience',
  hosts: (n, f) => `${f} ${plural(n, 'host', 'hosts')}`,
  watching: (_n, f) => `${f} watching`,
  search: 'Search by name',
  sort: 'Sort by',
  sortJoinTime: 'Join time',
  sortName: 'Name',
  loading: 'Loading the audience…',
  empty: 'No one is watching yet',
  noMatches: (q) => `No one matches “${q}”`,
  matches: (n, f) => `${f} ${plural(n, 'match', 'matches')}`,
  stale: 'Reconnecting… the list may be out of date.',
  failed: 'Could not load the audience.',
  retry: 'Retry',
  host: 'Host',
  announce: (hosts, watching) => (hosts === null ? watching : `${hosts}, ${watching}`),
};
