import type { ConnectionStatus, PresenceError, PresenceState } from '@audience-presence/core';
import { useStoreContext } from './presence-context';
import { shallow } from './shallow';
import { useStoreSelector } from './use-store-selector';

/** What {@link usePresenceStatus} returns. */
export interface PresenceStatus {
  /** connection status of the presence source */
  readonly status: ConnectionStatus;
  /** true while the list is kept but may be out of date (reconnecting) */
  readonly stale: boolean;
  /** store-clock ms when the list became stale; null while fresh */
  readonly staleSince: number | null;
  /** the last error (`code` to switch on, the SDK error as `cause`), or null */
  readonly error: PresenceError | null;
}

const selectStatusView = (state: PresenceState): PresenceStatus => ({
  status: state.status,
  stale: state.staleness.stale,
  staleSince: state.staleness.since,
  error: state.error,
});

/**
 * Status, staleness and error of the presence list, without the lists: for a
 * banner ("Reconnecting…", "Joined from another tab").
 *
 * @example
 * const { stale, error } = usePresenceStatus();
 */
export function usePresenceStatus(): PresenceStatus {
  const store = useStoreContext('usePresenceStatus');
  return useStoreSelector(store, selectStatusView, shallow);
}
