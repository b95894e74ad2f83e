import { selectCounts, type PresenceCounts, type PresenceState } from '@audience-presence/core';
import { useStoreContext } from './presence-context';
import { useStoreSelector } from './use-store-selector';

const selectAudienceCount = (state: PresenceState): number => selectCounts(state).audience;

/**
 * The audience count alone (Agora's `totalOccupancy` in big channels, minus
 * hosts and the local user). Re-renders only when the number changes, not on
 * state-only changes of members.
 *
 * @example
 * const watching = useAudienceCount(); // 48210
 */
export function useAudienceCount(): number {
  const store = useStoreContext('useAudienceCount');
  return useStoreSelector(store, selectAudienceCount);
}

/**
 * Hosts, audience and total counts; the same object while the numbers are equal.
 *
 * @example
 * const { hosts, audience, total } = usePresenceCounts();
 */
export function usePresenceCounts(): PresenceCounts {
  const store = useStoreContext('usePresenceCounts');
  return useStoreSelector(store, selectCounts as (state: PresenceState) => PresenceCounts);
}
