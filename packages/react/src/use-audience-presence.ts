import {
  selectAudience,
  selectCounts,
  selectHosts,
  selectMembers,
  selectSelf,
  type MemberState,
  type PresenceState,
} from '@audience-presence/core';
import type { AudiencePresence, PresenceStateOf } from './presence-types';
import { useStoreContext } from './presence-context';
import { useStoreSelector, type EqualityFn } from './use-store-selector';

/** Builds the whole view; every part is memoised by the core selectors. */
function selectPresence(state: PresenceState): AudiencePresence {
  const counts = selectCounts(state);
  return {
    members: selectMembers(state),
    audience: selectAudience(state),
    hosts: selectHosts(state),
    count: counts.audience,
    counts,
    occupancy: state.occupancy,
    self: selectSelf(state),
    status: state.status,
    stale: state.staleness.stale,
    staleSince: state.staleness.since,
    error: state.error,
    synced: state.synced,
  };
}

/** Field-by-field identity: the view object is kept while no part changed. */
function samePresence(a: AudiencePresence, b: AudiencePresence): boolean {
  for (const key of Object.keys(a) as (keyof AudiencePresence)[]) {
    if (!Object.is(a[key], b[key])) return false;
  }
  return true;
}

/**
 * Reads the presence of the provider's channel.
 *
 * Without arguments: `{ members, audience, hosts, count, counts, occupancy,
 * self, status, stale, staleSince, error, synced }`, re-rendering only when
 * one of them changes. With a selector (the Liveblocks shape), only what it
 * returns: re-renders when the selection changes by `Object.is`, or by
 * `isEqual` when given. Server rendering gets the empty state.
 *
 * @example
 * const { audience, count, stale } = useAudiencePresence();
 * const names = useAudiencePresence((s) => selectAudience(s).map((m) => m.state.name), shallowArrayEqual);
 */
export function useAudiencePresence<S extends MemberState = MemberState>(): AudiencePresence<S>;
/**
 * Reads only what `selector` picks from the presence state: re-renders when
 * the selection changes by `Object.is`, or by `isEqual` when given.
 *
 * @example
 * const names = useAudiencePresence((s) => selectAudience(s).map((m) => m.state.name), shallowArrayEqual);
 */
export function useAudiencePresence<T, S extends MemberState = MemberState>(
  selector: (state: PresenceStateOf<S>) => T,
  isEqual?: EqualityFn<T>,
): T;
export function useAudiencePresence(
  selector?: (state: PresenceState) => unknown,
  isEqual?: EqualityFn<unknown>,
): unknown {
  const store = useStoreContext('useAudiencePresence');
  return useStoreSelector(
    store,
    selector ?? selectPresence,
    selector === undefined ? (samePresence as EqualityFn<unknown>) : isEqual,
  );
}
